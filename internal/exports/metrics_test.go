package exports_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ims-council/ims/internal/metrics"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// Each batch a run makes is counted by target in ims_export_batches_total; a run with nothing new
// counts nothing.
func TestRunCountsBatchesInTheMetrics(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := rig(t, db, "")
		s.Metrics = metrics.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
		pay(t, db, "23", "400123451", "BK", 12500)
		for range 2 {
			if _, err := s.Run(context.Background(), finance, ""); err != nil {
				t.Fatal(err)
			}
		}
		rec := httptest.NewRecorder()
		s.Metrics.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
		for _, want := range []string{`ims_export_batches_total{target="GL"} 1`, `ims_export_batches_total{target="CTAX"} 1`} {
			if !strings.Contains(rec.Body.String(), want) {
				t.Errorf("/metrics lacks %s", want)
			}
		}
	})
}
