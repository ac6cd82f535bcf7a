package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/exports"
	"github.com/ims-council/ims/internal/jobs"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// The daily export job makes the batches due without anyone asking: a payment posted is in the
// council tax system's batch and the journal's once the job has run.
func TestExportBatchesAreMadeByAPeriodicJob(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		demotest.Council(t, db)
		_, err := ledger.New(db).Post(ctx, ims.System(), ims.NewPosting{Kind: ims.PostingManual, Source: ims.SourceStaff,
			Entries: []ims.NewLedgerEntry{{Kind: ims.EntryPayment, Fund: "23", Reference: "100000125", MOP: "1", Amount: 500}}})
		if err != nil {
			t.Fatal(err)
		}
		j, err := jobs.New(jobs.Config{DB: db, Exports: exports.New(db, t.TempDir()), PollInterval: 20 * time.Millisecond,
			Daily: 200 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		if err := j.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			j.Stop(ctx)
		})
		waitFor(t, 15*time.Second, "the export batches", func() bool {
			var n int
			if err := db.SQL.QueryRow(`SELECT COUNT(*) FROM export_batches WHERE id IN ('CTAX-000001', 'GL-000001')`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n == 2
		})
	})
}
