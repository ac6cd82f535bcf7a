package api_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/api"
	"github.com/ims-council/ims/internal/imports"
)

// storingImports reads the whole file as the imports service stores it, and fails as it does when
// the file cannot be read.
type storingImports struct{ api.ImportService }

func (storingImports) Start(_ context.Context, _ ims.Principal, req imports.Request, r io.Reader) (ims.Import, bool, error) {
	n, err := io.Copy(io.Discard, r)
	if err != nil {
		return ims.Import{}, false, err
	}
	return ims.Import{ID: 1, ImportType: req.ImportType, FileName: req.FileName, Size: n, State: "queued"}, true, nil
}

// A file over the limit is refused naming the limit, not a 500; one within it is accepted.
func TestAnImportFileOverTheLimitIsRefused(t *testing.T) {
	a := &api.API{Imports: storingImports{}, MaxImportFile: 10}
	var create http.Handler
	for _, r := range a.Routes() {
		if r.Pattern == "POST /api/v1/imports" {
			create = r.Handler
		}
	}
	send := func(body string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", "/api/v1/imports?import_type=ALLPAY&file_name=daily.txt", strings.NewReader(body))
		req.Header.Set("Idempotency-Key", "k")
		w := httptest.NewRecorder()
		create.ServeHTTP(w, req)
		return w
	}
	if w := send("0123456789"); w.Code != http.StatusAccepted {
		t.Errorf("a file of the limit's size: %d %s; want 202", w.Code, w.Body)
	}
	if w := send("0123456789X"); w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "limit of 10 bytes") {
		t.Errorf("a file over the limit: %d %s; want 422 naming the limit", w.Code, w.Body)
	}
}
