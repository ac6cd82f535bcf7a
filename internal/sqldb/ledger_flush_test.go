package sqldb_test

import (
	"context"
	"sync"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// TestBatchWithATakenReceiptNumber posts at once many payments, some with a receipt number an
// earlier posting already has (a card payment's number is drawn before the money arrives). A
// batch writes its postings with one statement (on PostgreSQL together with their entries, audit
// events and chain heads), so a taken number fails the whole statement: each such posting must
// be refused alone as a conflict, every other one written, and the chain left whole.
func TestBatchWithATakenReceiptNumber(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		seedLedgerData(t, db)
		ctx := context.Background()
		first, err := ledger.New(db).Post(ctx, system, payment("1.00"))
		must(t, err)
		const n = 40
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				np := payment("2.00")
				if i%4 == 0 {
					np.ReceiptNumber = first.ReceiptNumber
				}
				_, errs[i] = ledger.New(db).Post(ctx, system, np)
			}()
		}
		wg.Wait()
		good := 1
		for i, err := range errs {
			switch {
			case i%4 == 0 && ims.ErrorCode(err) != ims.Conflict:
				t.Errorf("posting %d with a taken receipt number: %v; want a conflict", i, err)
			case i%4 != 0 && err != nil:
				t.Errorf("posting %d: %v", i, err)
			case err == nil:
				good++
			}
		}
		rep, err := db.VerifyLedger(ctx)
		must(t, err)
		if rep.BrokenAt != 0 || rep.Postings != int64(good) {
			t.Fatalf("verify = %+v; want %d intact postings", rep, good)
		}
	})
}
