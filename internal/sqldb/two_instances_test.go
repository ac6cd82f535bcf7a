package sqldb_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/payments"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// openTwice opens two handles on one fresh PostgreSQL database, as two `ims serve` instances would,
// with the reference data card payments need. closeBoth closes them (once; also when the test ends).
func openTwice(t *testing.T) (a, b *sqldb.DB, dbURL string, closeBoth func()) {
	t.Helper()
	a, b, dbURL, closeBoth = openInstances(t, sqldb.Postgres)
	_, err := a.LoadReferenceData(context.Background(), ims.System(), ims.ReferenceData{
		VATCodes: []ims.VATCode{{Code: "M0", Name: "Outside scope", Suspense: true}},
		Funds: []ims.Fund{{Code: "19", Name: "Sundry Invoices", VATCode: "M0", Portal: true},
			{Code: "1", Name: "Suspense", VATCode: "M0", Suspense: true}},
		ProviderAccounts: []ims.ProviderAccount{{Name: "govukpay", Provider: "govukpay"}},
		MOPs: []ims.MOP{{Code: "90", Name: "Card self-service", Kind: ims.KindCardSelfService, ProviderAccount: "govukpay"},
			{Code: "1", Name: "Cash", Kind: ims.KindCash}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return a, b, dbURL, closeBoth
}

// openInstances opens two handles on one fresh migrated database of engine, as two `ims serve`
// instances would. closeBoth closes them (once; also when the test ends).
func openInstances(t *testing.T, engine sqldb.Engine) (a, b *sqldb.DB, dbURL string, closeBoth func()) {
	t.Helper()
	ctx := context.Background()
	dbURL = sqldbtest.MigratedURL(t, engine)
	var err error
	if a, err = sqldb.Open(ctx, dbURL); err != nil {
		t.Fatal(err)
	}
	if b, err = sqldb.Open(ctx, dbURL); err != nil {
		a.Close()
		t.Fatal(err)
	}
	var once sync.Once
	closeBoth = func() { once.Do(func() { a.Close(); b.Close() }) }
	t.Cleanup(closeBoth)
	return a, b, dbURL, closeBoth
}

// TestTwoInstancesDoNotDeadlock has two instances apply the outcomes of the same card payments at
// once (a webhook reaching one, the browser's return the other), in opposite orders, while both
// post to the ledger and take new payments. Each instance's group commit batches its callers'
// work, so each batch locks several payments' rows and the chain heads: taken in different orders,
// they deadlock, and PostgreSQL fails one of the transactions. Every call must succeed, every
// payment be posted once, and PostgreSQL must detect no deadlock.
func TestTwoInstancesDoNotDeadlock(t *testing.T) {
	t.Parallel()
	a, b, dbURL, closeBoth := openTwice(t)
	ctx := context.Background()
	const rounds, perRound = 6, 16
	var posted []string
	for round := 0; round < rounds; round++ {
		ids := make([]string, perRound)
		for i := range ids {
			pp, _, _, err := (&payments.Service{DB: a}).Record(ctx, ims.System(), ims.PaymentRequest{Source: ims.SourcePortal,
				Lines: []ims.PaymentLine{{Fund: "19", Reference: fmt.Sprintf("INV%d-%d", round, i), Amount: 1000}}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.RecordProviderPayment(ctx, pp.ID, "psp-"+pp.ID, "https://psp.example/"+pp.ID); err != nil {
				t.Fatal(err)
			}
			ids[i] = pp.ID
		}
		posted = append(posted, ids...)
		var wg sync.WaitGroup
		errs := make(chan error, 4*perRound)
		run := func(f func() error) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := f(); err != nil {
					errs <- err
				}
			}()
		}
		succeeded := ims.PaymentOutcome{State: ims.PaymentSucceeded, CardBrand: "Visa", CardLast4: "1111", At: time.Now()}
		for i := 0; i < perRound; i++ {
			forward, backward := ids[i], ids[perRound-1-i]
			run(func() error {
				_, _, err := (&payments.Service{DB: a}).ApplyOutcome(ctx, forward, succeeded)
				return err
			})
			run(func() error {
				_, _, err := (&payments.Service{DB: b}).ApplyOutcome(ctx, backward, succeeded)
				return err
			})
			run(func() error { _, err := ledger.New(b).Post(ctx, system, cashPayment()); return err })
			run(func() error {
				_, _, _, err := (&payments.Service{DB: b}).Record(ctx, ims.System(), ims.PaymentRequest{Source: ims.SourcePortal,
					Lines: []ims.PaymentLine{{Fund: "19", Reference: "NEW", Amount: 500}}})
				return err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Errorf("round %d: %v", round, err)
		}
	}
	for _, id := range posted {
		var n int
		must(t, a.SQL.QueryRow(`SELECT COUNT(*) FROM postings WHERE source_ref = $1`, id).Scan(&n))
		if n != 1 {
			t.Errorf("payment %s posted %d times", id, n)
		}
	}
	rep, err := a.VerifyLedger(ctx)
	must(t, err)
	if rep.BrokenAt != 0 {
		t.Errorf("ledger: %+v", rep)
	}
	closeBoth()
	if n := sqldbtest.Deadlocks(t, dbURL); n != 0 {
		t.Errorf("PostgreSQL detected %d deadlocks", n)
	}
}

// cashPayment is a one-line cash posting.
func cashPayment() ims.NewPosting {
	return ims.NewPosting{Kind: ims.PostingPayment, Source: ims.SourceStaff,
		Entries: []ims.NewLedgerEntry{{Kind: ims.EntryPayment, Fund: "19", Reference: "CASH", MOP: "1", Amount: 250}}}
}

// onTwoInstances runs test on each engine, in parallel, with two instances (openInstances) on one
// fresh migrated database.
func onTwoInstances(t *testing.T, test func(t *testing.T, a, b *sqldb.DB)) {
	for _, engine := range []sqldb.Engine{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			a, b, _, _ := openInstances(t, engine)
			test(t, a, b)
		})
	}
}
