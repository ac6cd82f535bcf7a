package imports

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// A Request asks for one file to be imported.
type Request struct {
	ImportType string
	FileName   string
	Source     string // ims.ImportSourceUpload, ImportSourceAPI, ImportSourceCLI or ImportSourceFolder
	// Force imports a file whose SHA-256 matches an import that stands, for the reason given (a
	// bank that sent a corrected file with the same bytes is not one; a file imported into the
	// wrong type and reversed needs no force). Only Finance may force.
	Force       bool
	ForceReason string
	// IdempotencyKey makes an API client's retried request return the first import.
	IdempotencyKey string
	RequestHash    string
}

// mayImport refuses a principal who may not import: staff need the Finance role, API clients the
// imports scope.
func mayImport(p ims.Principal) error {
	if p.APIClientID != 0 {
		return p.RequireScope(ims.ScopeImports)
	}
	return p.Require(ims.Finance)
}

// Start records a file to import, stores it in the database and enqueues the background job that
// posts it, and returns the queued import (created false when an API client's Idempotency-Key
// repeats an earlier request: that import is returned). The file is read from r one piece at a time,
// each stored in a short transaction of its own that takes neither chain, so a slow upload holds
// back no posting. A file already imported (same SHA-256, and that import stands) is refused with a
// Conflict naming the first import, unless req.Force gives a reason.
func (s *Service) Start(ctx context.Context, p ims.Principal, req Request, r io.Reader) (imp ims.Import, created bool, err error) {
	defer ims.Wrap(&err, "StartImport(%q, %q)", req.ImportType, req.FileName)
	if err := mayImport(p); err != nil {
		return imp, false, err
	}
	if req.IdempotencyKey != "" {
		if prior, found, err := s.DB.ImportByKey(ctx, p.APIClientID, req.IdempotencyKey); err != nil || found {
			if found && prior.RequestHash != req.RequestHash {
				return imp, false, ims.Errorf(ims.Conflict, "Idempotency key %q was used for a different import", req.IdempotencyKey)
			}
			return prior.Import, false, err
		}
	}
	si, err := s.newImport(ctx, p, req)
	if err != nil {
		return imp, false, err
	}
	err = s.DB.InTxWithoutChains(ctx, func(tx *sqldb.Tx) error {
		si.ID, err = tx.InsertImport(ctx, si)
		return err
	})
	if sqldb.IsDuplicate(err) && req.IdempotencyKey != "" {
		return s.Start(ctx, p, req, r) // a concurrent repeat of the same request won
	}
	if err != nil {
		return imp, false, err
	}
	imp = si.Import
	if imp.SHA256, imp.Size, imp.RowsTotal, err = s.storeFile(ctx, imp.ID, r); err != nil {
		return imp, false, s.abandon(imp, "The upload did not finish, so nothing was imported: "+ims.ErrorMessage(err), err)
	}
	if err := s.checkDuplicate(ctx, p, &imp, req); err != nil {
		return imp, false, s.abandon(imp, ims.ErrorMessage(err), err)
	}
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := tx.SetImportFile(ctx, imp.ID, imp.SHA256, imp.Size, imp.RowsTotal); err != nil {
			return err
		}
		if s.Queue != nil {
			if err := tx.EnqueueImport(ctx, s.Queue, imp.ID); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, p, "create", "import", fmt.Sprint(imp.ID), nil, imp)
	})
	if err != nil {
		return imp, false, s.abandon(imp, "The import could not be queued: "+ims.ErrorMessage(err), err)
	}
	return imp, true, nil
}

// newImport checks a request and returns the import record it starts.
func (s *Service) newImport(ctx context.Context, p ims.Principal, req Request) (sqldb.PaymentImport, error) {
	if _, err := s.importType(ctx, req.ImportType); err != nil {
		return sqldb.PaymentImport{}, err
	}
	name := strings.TrimSpace(req.FileName)
	if name == "" {
		name = "file"
	}
	if req.Force {
		if err := p.Require(ims.Finance); err != nil {
			return sqldb.PaymentImport{}, ims.Errorf(ims.Forbidden, "Only the Finance role may import the same file again")
		}
		if strings.TrimSpace(req.ForceReason) == "" {
			return sqldb.PaymentImport{}, ims.FieldError("reason", "Enter why the same file must be imported again")
		}
	}
	who, err := json.Marshal(p)
	if err != nil {
		return sqldb.PaymentImport{}, err
	}
	return sqldb.PaymentImport{Import: ims.Import{ImportType: req.ImportType, Source: req.Source, FileName: name,
		State: ims.ImportQueued, Actor: p.Actor(), ActorName: p.Name}, Principal: string(who),
		APIClientID: p.APIClientID, IdempotencyKey: req.IdempotencyKey, RequestHash: req.RequestHash}, nil
}

// chunkSize is how much of a file one stored piece holds.
const chunkSize = 1 << 20

// storeFile stores r as import id's file, piece by piece, and returns its SHA-256, size and
// number of lines (what an import in one pass shows its progress against: ADR 27).
func (s *Service) storeFile(ctx context.Context, id int64, r io.Reader) (sha string, size, lines int64, err error) {
	h := sha256.New()
	buf := make([]byte, chunkSize)
	last := byte('\n')
	for seq := int64(0); ; seq++ {
		n, rerr := io.ReadFull(r, buf)
		if n > 0 {
			h.Write(buf[:n])
			size += int64(n)
			lines += int64(bytes.Count(buf[:n], []byte{'\n'}))
			last = buf[n-1]
			err := s.DB.InTxWithoutChains(ctx, func(tx *sqldb.Tx) error { return tx.InsertImportChunk(ctx, id, seq, buf[:n]) })
			if err != nil {
				return "", size, lines, err
			}
		}
		if rerr == io.EOF || rerr == io.ErrUnexpectedEOF {
			break
		}
		if rerr != nil {
			return "", size, lines, rerr
		}
	}
	if size == 0 {
		return "", 0, 0, ims.FieldError("file", "The file is empty")
	}
	if last != '\n' {
		lines++ // the last line has no line break
	}
	return hex.EncodeToString(h.Sum(nil)), size, lines, nil
}

// checkDuplicate refuses a file that an import which stands already holds, unless the request
// forces it; a forced import records the first import and the reason.
func (s *Service) checkDuplicate(ctx context.Context, p ims.Principal, imp *ims.Import, req Request) error {
	first, found, err := s.DB.ImportOfFile(ctx, imp.SHA256)
	if err != nil || !found || first.ID == imp.ID {
		return err
	}
	if !req.Force {
		return &ims.Error{Code: ims.Conflict, Message: fmt.Sprintf(
			"This file was already imported as import %d (%s, %s on %s); it was not imported again. "+
				"If it must be, a finance officer can import it again giving the reason", first.ID, first.FileName,
			first.State, first.CreatedAt.In(s.DB.London).Format("2 January 2006 15:04")),
			Fields: map[string]string{"duplicate_of": fmt.Sprint(first.ID)}}
	}
	imp.DuplicateOf, imp.ForcedReason = first.ID, strings.TrimSpace(req.ForceReason)
	return s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := tx.SetImportDuplicate(ctx, imp.ID, first.ID, imp.ForcedReason); err != nil {
			return err
		}
		return tx.Audit(ctx, p, "force", "import", fmt.Sprint(imp.ID), nil,
			map[string]any{"duplicate_of": first.ID, "reason": imp.ForcedReason, "sha256": imp.SHA256})
	})
}

// abandon fails an import that could not be queued, drops what was stored of its file, frees its
// Idempotency-Key for a retry, and returns cause.
func (s *Service) abandon(imp ims.Import, message string, cause error) error {
	// The request's context may be what ended: the record is put right whatever it says.
	ctx := context.Background()
	imp.State, imp.Message = ims.ImportFailed, message
	err := s.DB.InTxWithoutChains(ctx, func(tx *sqldb.Tx) error {
		if err := tx.DeleteImportFile(ctx, imp.ID); err != nil {
			return err
		}
		if err := tx.ReleaseImportKey(ctx, imp.ID); err != nil {
			return err
		}
		_, err := tx.SetImportState(ctx, imp)
		return err
	})
	if err != nil {
		return errors.Join(cause, err)
	}
	return cause
}

// abandonedAfter is how long an import may stay queued without its file before it is taken for an
// upload that stopped with the instance receiving it: far longer than any upload takes.
const abandonedAfter = 6 * time.Hour

// FailAbandoned fails the imports whose upload stopped with the instance receiving it (still queued,
// no file stored, older than abandonedAfter), dropping what was stored of their files, so none waits
// for ever; the periodic job's work. It returns how many it failed.
func (s *Service) FailAbandoned(ctx context.Context) (int, error) {
	list, err := s.DB.AbandonedImports(ctx, s.DB.Now().Add(-abandonedAfter))
	if err != nil {
		return 0, err
	}
	for _, imp := range list {
		if err := s.abandon(imp, "The upload did not finish (the server receiving it stopped), so nothing was imported", nil); err != nil {
			return 0, err
		}
	}
	return len(list), nil
}
