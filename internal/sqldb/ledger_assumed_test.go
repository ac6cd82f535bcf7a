package sqldb_test

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
)

// loadCashFund loads through db VAT code W0 (20 %), fund 13 (misc cash) and more, MOP 1 (cash),
// and the organisation when org is set.
func loadCashFund(t *testing.T, db *sqldb.DB, org *ims.Organisation, more ...ims.Fund) {
	t.Helper()
	if _, err := db.LoadReferenceData(context.Background(), ims.System(), ims.ReferenceData{
		Organisation: org,
		VATCodes:     []ims.VATCode{{Code: "W0", Name: "Standard", Rate: 2000}},
		Funds:        append([]ims.Fund{{Code: "13", Name: "Misc cash", VATCode: "W0"}}, more...),
		MOPs:         []ims.MOP{{Code: "1", Name: "Cash", Kind: ims.KindCash}},
	}); err != nil {
		t.Fatal(err)
	}
}

// TestBatchesOnAssumedHeadsSeeEveryOtherWriter runs two instances on one database. On PostgreSQL
// the first's ledger writer, once nobody else is writing, writes each batch as one statement from
// the chain heads its previous batch left (ADR 37, "a batch in one statement"). Whatever moved
// them meanwhile — the other instance's posting or audit event, a reference data change by hand
// in SQL — must be seen: the next posting succeeds, uses the reference data as changed, and both
// chains verify, every posting and event in them once. A posting through a fund the writer has
// not read yet sends a statement of its own in the batch, which begins its transaction then.
func TestBatchesOnAssumedHeadsSeeEveryOtherWriter(t *testing.T) {
	onTwoInstances(t, func(t *testing.T, a, b *sqldb.DB) {
		ctx := context.Background()
		p := ims.System()
		loadCashFund(t, b, nil, ims.Fund{Code: "14", Name: "Fund 14", VATCode: "W0"})
		var posted int64
		post := func(db *sqldb.DB, fund, what string) ims.Posting {
			t.Helper()
			po, err := ledger.New(db).Post(ctx, p, ims.NewPosting{Kind: ims.PostingPayment, Source: ims.SourceStaff,
				Entries: []ims.NewLedgerEntry{{Kind: ims.EntryPayment, Fund: fund, Reference: "R1", MOP: "1", Amount: 1200}}})
			if err != nil {
				t.Fatalf("posting %s: %v", what, err)
			}
			posted++
			return po
		}
		// settle posts through a until its writer assumes the heads (PostgreSQL; SQLite's batches
		// always lock them).
		settle := func(what string) {
			t.Helper()
			for range 3 {
				post(a, "13", "before "+what)
			}
			if a.Engine == sqldb.Postgres && !a.WriterAssumesHeads() {
				t.Fatalf("before %s: the ledger writer still locks the heads after three batches alone", what)
			}
		}

		settle("the other instance posts")
		post(b, "13", "on the other instance")
		post(a, "13", "after the other instance posted")

		settle("the other instance audits")
		if err := b.InTx(ctx, func(tx *sqldb.Tx) error {
			return tx.Audit(ctx, p, "test.note", "note", "1", nil, map[string]string{"said": "hello"})
		}); err != nil {
			t.Fatal(err)
		}
		post(a, "13", "after the other instance audited")

		settle("the other instance posts through a fund not read yet")
		post(b, "13", "on the other instance again")
		post(a, "14", "through a fund the writer has not read, after the other instance posted")

		settle("the VAT rate changes by hand")
		execSQL(t, b, `UPDATE vat_codes SET rate_bp = 500 WHERE code = 'W0'`)
		if po := post(a, "13", "after the VAT rate changed by hand"); po.Entries[0].VATAmount != 57 {
			t.Fatalf("VAT after the rate changed by hand: %d; want 57 (5 %% of 1200, inclusive)", po.Entries[0].VATAmount)
		}

		rep, err := a.VerifyLedger(ctx)
		if err != nil || rep.BrokenAt != 0 || rep.Postings != posted {
			t.Fatalf("VerifyLedger = %+v, %v; want %d postings, unbroken", rep, err, posted)
		}
		if rep, err := a.VerifyAudit(ctx); err != nil || rep.BrokenAt != 0 {
			t.Fatalf("VerifyAudit = %+v, %v", rep, err)
		}
	})
}

// jobsInTx records the send jobs a batch enqueues, marking their emails in the transaction it is
// given, as River's insert would add its rows: the mark is there after the commit only when the
// jobs were enqueued in the transaction that queued the emails.
type jobsInTx struct{ emails []int64 }

func (q *jobsInTx) SendEmailsTx(ctx context.Context, tx *sql.Tx, emailIDs []int64) error {
	q.emails = append(q.emails, emailIDs...)
	for _, id := range emailIDs {
		if _, err := tx.ExecContext(ctx, `UPDATE email_outbox SET last_error = 'job queued' WHERE id = $1`, id); err != nil {
			return err
		}
	}
	return nil
}

// In `ims serve` River inserts a batch's receipts' send jobs in the batch's transaction. A batch on
// assumed heads that queues receipts sends its one statement in a transaction for them; after
// another instance has moved the heads, the receipt's batch runs again and still gets its job.
func TestABatchOnAssumedHeadsEnqueuesItsReceiptsInItsTransaction(t *testing.T) {
	onTwoInstances(t, func(t *testing.T, a, b *sqldb.DB) {
		ctx := context.Background()
		q := &jobsInTx{}
		a.Jobs = q
		p := ims.System()
		loadCashFund(t, b, &ims.Organisation{Name: "Test Council"})
		np := ims.NewPosting{Kind: ims.PostingPayment, Source: ims.SourceStaff,
			Entries: []ims.NewLedgerEntry{{Kind: ims.EntryPayment, Fund: "13", Reference: "R1", MOP: "1", Amount: 1200}}}
		receipt := func(id string) {
			t.Helper()
			if err := a.InLedgerTx(ctx, func(tx *sqldb.Tx) error {
				po, err := ledger.New(a).PostIn(ctx, tx, p, np)
				if err != nil {
					return err
				}
				return tx.QueueReceiptEmail(ctx, ims.PendingPayment{ID: id, Language: "en",
					Payer: ims.Payer{Email: id + "@example.com"}}, po, "https://council.example/receipt")
			}); err != nil {
				t.Fatalf("payment %s: %v", id, err)
			}
		}
		for range 3 {
			if _, err := ledger.New(a).Post(ctx, p, np); err != nil {
				t.Fatal(err)
			}
		}
		if a.Engine == sqldb.Postgres && !a.WriterAssumesHeads() {
			t.Fatal("the ledger writer still locks the heads after three batches alone")
		}
		receipt("pay-1")
		if _, err := ledger.New(b).Post(ctx, p, np); err != nil {
			t.Fatal(err)
		}
		receipt("pay-2")

		var queued, marked int
		if err := a.SQL.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE last_error = 'job queued')
		FROM email_outbox WHERE purpose = 'receipt'`).Scan(&queued, &marked); err != nil {
			t.Fatal(err)
		}
		if queued != 2 || marked != 2 || len(q.emails) < 2 {
			t.Fatalf("%d receipts queued, %d with their job in their transaction (%d enqueued); want 2 and 2", queued, marked, len(q.emails))
		}
		if rep, err := a.VerifyLedger(ctx); err != nil || rep.BrokenAt != 0 || rep.Postings != 6 {
			t.Fatalf("VerifyLedger = %+v, %v; want 6 postings, unbroken", rep, err)
		}
	})
}

// Two instances, each with eight callers posting at once, and a third writer auditing now and
// then: each instance's writer keeps switching between batches on assumed heads and batches that
// lock them as the other moves the heads under it. Every posting must succeed and appear once, and
// both chains verify.
func TestTwoInstancesPostingAtOnceKeepOneChain(t *testing.T) {
	onTwoInstances(t, func(t *testing.T, a, b *sqldb.DB) {
		ctx := context.Background()
		seedLedgerData(t, b)
		const callers, each = 8, 25
		var wg sync.WaitGroup
		errs := make(chan error, 2*callers*each+each)
		for _, db := range []*sqldb.DB{a, b} {
			for range callers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range each {
						if _, err := ledger.New(db).Post(ctx, system, payment("1.00")); err != nil {
							errs <- err
						}
					}
				}()
			}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				errs <- b.InTx(ctx, func(tx *sqldb.Tx) error {
					return tx.Audit(ctx, system, "test.note", "note", fmt.Sprint(i), nil, nil)
				})
			}
		}()
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		rep, err := a.VerifyLedger(ctx)
		if err != nil || rep.BrokenAt != 0 || rep.Postings != 2*callers*each {
			t.Fatalf("VerifyLedger = %+v, %v; want %d postings, unbroken", rep, err, 2*callers*each)
		}
		if rep, err := a.VerifyAudit(ctx); err != nil || rep.BrokenAt != 0 {
			t.Fatalf("VerifyAudit = %+v, %v", rep, err)
		}
	})
}
