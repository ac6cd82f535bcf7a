package api

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/imports"
)

// ImportService is what the import routes need (internal/imports.Service).
type ImportService interface {
	Start(ctx context.Context, p ims.Principal, req imports.Request, r io.Reader) (ims.Import, bool, error)
	Get(ctx context.Context, p ims.Principal, id int64) (ims.Import, error)
	List(ctx context.Context, p ims.Principal, f ims.ImportFilter) ([]ims.Import, error)
	Lines(ctx context.Context, p ims.Principal, id int64, outcome imports.Outcome, offset, limit int) ([]imports.StoredLine, error)
}

// ImportTypeGetter reads an import type, so JSON rows can be refused at once for a type whose
// files are not IMS CSV.
type ImportTypeGetter interface {
	Get(ctx context.Context, key ...any) (ims.ImportType, error)
}

// DefaultMaxImportFile caps a file sent to POST /api/v1/imports when API.MaxImportFile is zero:
// room for a million-line payment file.
const DefaultMaxImportFile = 512 << 20

// uploadTime is how long a file upload may take, in place of the server's read and write timeouts,
// which suit ordinary calls but not hundreds of megabytes over a council's link.
const uploadTime = 30 * time.Minute

func (a *API) maxImportFile() int64 {
	if a.MaxImportFile > 0 {
		return a.MaxImportFile
	}
	return DefaultMaxImportFile
}

// createImport answers POST /api/v1/imports: a JSON body is rows of the IMS CSV layout
// (importRows), any other body is the file itself, named by the query's import_type and file_name.
func (a *API) createImport(w http.ResponseWriter, r *http.Request) {
	key := strings.TrimSpace(r.Header.Get("Idempotency-Key"))
	if key == "" || len(key) > 255 {
		a.problem(w, r, ims.FieldError("Idempotency-Key", "Send an Idempotency-Key header (1–255 characters) so a retried upload is imported once"))
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/json" {
		a.importRows(w, r, key)
		return
	}
	q := r.URL.Query()
	req := imports.Request{ImportType: strings.TrimSpace(q.Get("import_type")), FileName: strings.TrimSpace(q.Get("file_name")),
		Source: ims.ImportSourceAPI, IdempotencyKey: key}
	problems := ims.Problems{}
	if req.ImportType == "" {
		problems.Add("import_type", "Name the import type in the query: ?import_type=ALLPAY&file_name=…")
	}
	if req.FileName == "" || len(req.FileName) > 255 {
		problems.Add("file_name", "Give the file's name (1–255 characters) in the query: ?import_type=…&file_name=daily.txt")
	}
	if len(problems) > 0 {
		a.problem(w, r, problems.Err("The import request is not valid"))
		return
	}
	// The answer is written after the whole upload, so its deadline moves too. An error only says
	// this server cannot extend them; the server's own timeouts then apply.
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Now().Add(uploadTime))
	_ = rc.SetWriteDeadline(time.Now().Add(uploadTime + time.Minute))
	a.startImport(w, r, req, http.MaxBytesReader(w, r.Body, a.maxImportFile()))
}

// startImport starts the import of body and answers with it: 202 for a new import, 200 for a
// repeated request (the same Idempotency-Key, import type, file name and bytes), 409 for the key
// used with another request.
//
// The service compares the request's hash before it reads the file, so the hash can only cover
// what is known then: the import type and file name. The bytes are compared after: a new import's
// body is hashed as the service stores it, and a repeat's body is hashed as it is read through here
// and compared with the SHA-256 the first import recorded. Nothing holds the file in memory.
func (a *API) startImport(w http.ResponseWriter, r *http.Request, req imports.Request, body io.Reader) {
	req.RequestHash = requestHash(req.ImportType, req.FileName)
	// An empty body is refused before the service records an import under the key, so the
	// client can send the file again with the same key.
	buffered := bufio.NewReader(body)
	if _, err := buffered.Peek(1); err != nil {
		if err == io.EOF {
			err = ims.FieldError("file", "The body is empty: send the file's bytes as the request body")
		}
		a.problem(w, r, uploadError(err, a.maxImportFile()))
		return
	}
	in := &hashingReader{r: buffered, h: sha256.New()}
	imp, created, err := a.Imports.Start(r.Context(), principal(r.Context()), req, in)
	if msg := ims.ErrorFields(err)["type"]; msg != "" {
		err = ims.FieldError("import_type", "%s", msg) // the service's name for what the API calls import_type
	}
	if err != nil {
		a.problem(w, r, uploadError(err, a.maxImportFile()))
		return
	}
	if created {
		w.Header().Set("Location", fmt.Sprintf("/api/v1/imports/%d", imp.ID))
		writeJSON(w, http.StatusAccepted, imp)
		return
	}
	if _, err := io.Copy(io.Discard, in); err != nil {
		a.problem(w, r, uploadError(err, a.maxImportFile()))
		return
	}
	// A first import whose upload never finished recorded no SHA-256: it is returned as it stands
	// (failed, saying why), since there is nothing to compare the bytes with.
	if imp.SHA256 != "" && imp.SHA256 != hex.EncodeToString(in.h.Sum(nil)) {
		a.problem(w, r, ims.Errorf(ims.Conflict, "Idempotency key %q was used for a different file (import %d); send a new key for a new file",
			req.IdempotencyKey, imp.ID))
		return
	}
	writeJSON(w, http.StatusOK, imp)
}

// requestHash identifies what an import request asks for before its body is read.
func requestHash(importType, fileName string) string {
	h := sha256.Sum256([]byte("api-import\x00" + importType + "\x00" + fileName))
	return hex.EncodeToString(h[:])
}

// uploadError turns a body that could not be read into an error the client can act on: too large,
// or cut short. The service's own errors pass unchanged.
func uploadError(err error, limit int64) error {
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return ims.FieldError("file", "The file is larger than the limit of %s; nothing was imported", sizeText(limit))
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, context.Canceled):
		return ims.FieldError("file", "The upload did not finish, so nothing was imported; send the file again")
	}
	return err
}

// sizeText writes a limit as people read it: 512 MB, or bytes below a megabyte.
func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// A hashingReader hashes what is read through it.
type hashingReader struct {
	r io.Reader
	h hash.Hash
}

func (h *hashingReader) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	h.h.Write(p[:n])
	return n, err
}

// getImport answers GET /api/v1/imports/{id}: the import's status, progress and totals. A client
// sees only the imports it started.
func (a *API) getImport(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		a.problem(w, r, ims.Errorf(ims.NotFound, "There is no import %s", r.PathValue("id")))
		return
	}
	imp, err := a.Imports.Get(r.Context(), principal(r.Context()), id)
	if err != nil {
		a.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, imp)
}
