package sqldb_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/receiptno"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/money"
)

var system = ims.System()

// seedLedgerData loads the reference data the ledger tests post against.
func seedLedgerData(t *testing.T, db *sqldb.DB) {
	t.Helper()
	ctx := context.Background()
	must(t, db.VATCodes().Put(ctx, admin, ims.VATCode{Code: "W0", Name: "Standard", Rate: 2000}))
	must(t, db.VATCodes().Put(ctx, admin, ims.VATCode{Code: "M0", Name: "Outside scope", Suspense: true}))
	must(t, db.Funds().Put(ctx, admin, ims.Fund{Code: "23", Name: "Council Tax", VATCode: "M0"}))
	must(t, db.Funds().Put(ctx, admin, ims.Fund{Code: "13", Name: "Misc cash", VATCode: "W0", VATOverride: true}))
	must(t, db.Funds().Put(ctx, admin, ims.Fund{Code: "11", Name: "Parking", VATCode: "M0"}))
	must(t, db.MOPs().Put(ctx, admin, ims.MOP{Code: "1", Name: "Cash", Kind: ims.KindCash}))
	must(t, db.MOPs().Put(ctx, admin, ims.MOP{Code: "JN", Name: "Journal", Kind: ims.KindJournal}))
}

func payment(amount string, lines ...ims.NewLedgerEntry) ims.NewPosting {
	if len(lines) == 0 {
		lines = []ims.NewLedgerEntry{{Kind: ims.EntryPayment, Fund: "23", Reference: "123456789", MOP: "1", Amount: money.MustParse(amount)}}
	}
	return ims.NewPosting{Kind: ims.PostingPayment, Source: ims.SourceStaff, Entries: lines}
}

func TestPostAndVerify(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		seedLedgerData(t, db)
		ctx := context.Background()
		po, err := ledger.New(db).Post(ctx, system, payment("", ims.NewLedgerEntry{Kind: ims.EntryPayment, Fund: "13", Reference: "X1", MOP: "1", Amount: money.MustParse("12.50")}))
		must(t, err)
		if !receiptno.Valid(po.ReceiptNumber) || po.ID != 1 || po.Entries[0].VATAmount != money.MustParse("2.08") {
			t.Fatalf("posting = %+v", po)
		}
		for i := 0; i < 3; i++ {
			_, err := ledger.New(db).Post(ctx, system, payment("10.00"))
			must(t, err)
		}
		rep, err := db.VerifyLedger(ctx)
		must(t, err)
		if rep.BrokenAt != 0 || rep.Postings != 4 || len(rep.Head) != 64 {
			t.Fatalf("verify = %+v", rep)
		}
	})
}

func TestLedgerIsAppendOnly(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		seedLedgerData(t, db)
		ctx := context.Background()
		_, err := ledger.New(db).Post(ctx, system, payment("10.00"))
		must(t, err)
		for _, stmt := range []string{
			`UPDATE ledger_entries SET amount = 1`, `DELETE FROM ledger_entries`,
			`UPDATE postings SET narrative = 'x'`, `DELETE FROM postings`,
			`UPDATE audit_events SET actor = 'x'`, `DELETE FROM audit_events`,
		} {
			_, err := db.SQL.ExecContext(ctx, stmt)
			if err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: err = %v; want the append-only refusal", stmt, err)
			}
		}
	})
}

// tamper changes a ledger row behind the database's back, as someone with direct access might.
func tamper(t *testing.T, db *sqldb.DB, stmt string) {
	t.Helper()
	ctx := context.Background()
	if db.Engine == sqldb.SQLite {
		for _, s := range []string{`DROP TRIGGER IF EXISTS ledger_entries_no_update`, `DROP TRIGGER IF EXISTS postings_no_delete`, `DROP TRIGGER IF EXISTS ledger_entries_no_delete`, stmt} {
			if _, err := db.SQL.ExecContext(ctx, s); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
		}
		return
	}
	conn, err := db.SQL.Conn(ctx)
	must(t, err)
	defer conn.Close()
	for _, s := range []string{`SET session_replication_role = replica`, stmt, `SET session_replication_role = DEFAULT`} {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func TestVerifyNamesTheTamperedPosting(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		stmt     string
		brokenAt int64
	}{
		"amount changed":     {`UPDATE ledger_entries SET amount = 100000 WHERE posting_id = 3`, 3},
		"reference changed":  {`UPDATE ledger_entries SET reference = '999999999' WHERE posting_id = 2`, 2},
		"entry removed":      {`DELETE FROM ledger_entries WHERE posting_id = 4`, 4},
		"posting removed":    {`DELETE FROM postings WHERE id = 5`, 6},
		"last posting taken": {`DELETE FROM postings WHERE id = 6`, 6},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
				seedLedgerData(t, db)
				ctx := context.Background()
				for i := 1; i <= 6; i++ {
					_, err := ledger.New(db).Post(ctx, system, payment(fmt.Sprintf("%d.00", i)))
					must(t, err)
				}
				if strings.Contains(c.stmt, "DELETE FROM postings") {
					tamper(t, db, `DELETE FROM ledger_entries WHERE posting_id = `+c.stmt[len(c.stmt)-1:])
				}
				tamper(t, db, c.stmt)
				rep, err := db.VerifyLedger(ctx)
				must(t, err)
				if rep.BrokenAt != c.brokenAt || rep.Reason == "" {
					t.Fatalf("verify = %+v; want broken at %d", rep, c.brokenAt)
				}
			})
		})
	}
}

func TestZeroSumPostings(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		seedLedgerData(t, db)
		ctx := context.Background()
		journal := func(debit, credit string) ims.NewPosting {
			return ims.NewPosting{Kind: ims.PostingJournal, Source: ims.SourceStaff, Entries: []ims.NewLedgerEntry{
				{Kind: ims.EntryJournalDebit, Fund: "23", Reference: "123456789", MOP: "JN", Amount: -money.MustParse(debit)},
				{Kind: ims.EntryJournalCredit, Fund: "11", Reference: "BJ99518409", MOP: "JN", Amount: money.MustParse(credit)},
			}}
		}
		_, err := ledger.New(db).Post(ctx, system, journal("10.00", "9.99"))
		if ims.ErrorCode(err) != ims.Invalid || !strings.Contains(ims.ErrorFields(err)["entries"], "-£0.01") {
			t.Fatalf("unbalanced journal: %v", err)
		}
		_, err = ledger.New(db).Post(ctx, system, journal("10.00", "10.00"))
		must(t, err)
		var n int
		must(t, db.SQL.QueryRow(`SELECT COUNT(*) FROM postings`).Scan(&n))
		if n != 1 {
			t.Fatalf("%d postings; the refused journal must leave nothing", n)
		}
	})
}

func TestPostRefusesBadLines(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		seedLedgerData(t, db)
		ctx := context.Background()
		cases := map[string]struct {
			line  ims.NewLedgerEntry
			field string
		}{
			"unknown fund":      {ims.NewLedgerEntry{Fund: "99", Reference: "A", MOP: "1", Amount: 100}, "entries[0].fund_code"},
			"unknown MOP":       {ims.NewLedgerEntry{Fund: "23", Reference: "A", MOP: "ZZ", Amount: 100}, "entries[0].mop_code"},
			"zero amount":       {ims.NewLedgerEntry{Fund: "23", Reference: "A", MOP: "1"}, "entries[0].amount"},
			"VAT not allowed":   {ims.NewLedgerEntry{Fund: "23", Reference: "A", MOP: "1", Amount: 100, VATCode: "W0"}, "entries[0].vat_code"},
			"card in narrative": {ims.NewLedgerEntry{Fund: "23", Reference: "A", MOP: "1", Amount: 100, Narrative: "card 4444 3333 2222 1111"}, "entries[0].narrative"},
			"blank reference":   {ims.NewLedgerEntry{Fund: "23", MOP: "1", Amount: 100}, "entries[0].reference"},
		}
		for name, c := range cases {
			c.line.Kind = ims.EntryPayment
			_, err := ledger.New(db).Post(ctx, system, payment("", c.line))
			if ims.ErrorCode(err) != ims.Invalid || ims.ErrorFields(err)[c.field] == "" {
				t.Errorf("%s: err = %v; want Invalid naming %s", name, err, c.field)
			}
		}
		clerk := ims.Principal{UserID: 3, Roles: []ims.Role{ims.Payments}}
		if _, err := ledger.New(db).Post(ctx, clerk, ims.NewPosting{Kind: ims.PostingJournal, Entries: []ims.NewLedgerEntry{{}}}); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("journal without Journal role: %v", err)
		}
	})
}

func TestBusinessDateIsLondonDate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 7, 14, 23, 30, 0, 0, time.UTC), "2026-07-15"}, // 00:30 BST
		{time.Date(2026, 7, 14, 22, 59, 0, 0, time.UTC), "2026-07-14"}, // 23:59 BST
		{time.Date(2026, 1, 14, 0, 0, 30, 0, time.UTC), "2026-01-14"},  // 00:00:30 GMT
		{time.Date(2026, 1, 13, 23, 59, 59, 0, time.UTC), "2026-01-13"},
		{time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC), "2026-03-29"}, // the night the clocks go forward
	}
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		seedLedgerData(t, db)
		ctx := context.Background()
		for _, c := range cases {
			db.Clock.(*sqldbtest.Clock).Set(c.at)
			po, err := ledger.New(db).Post(ctx, system, payment("1.00"))
			must(t, err)
			var stored time.Time
			must(t, db.SQL.QueryRow(`SELECT business_date FROM ledger_entries WHERE posting_id = $1`, po.ID).Scan(&stored))
			if got := stored.Format(time.DateOnly); got != c.want || po.BusinessDate.Format(time.DateOnly) != c.want {
				t.Errorf("posted at %s: business date %s (posting %s); want %s", c.at, got, po.BusinessDate.Format(time.DateOnly), c.want)
			}
		}
		rep, err := db.VerifyLedger(ctx)
		must(t, err)
		if rep.BrokenAt != 0 {
			t.Fatalf("verify = %+v", rep)
		}
	})
}

func TestConcurrentPostingKeepsTheChain(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		seedLedgerData(t, db)
		ctx := context.Background()
		const writers, each = 8, 15
		// Each writer takes its own connection from the pool: on PostgreSQL these are separate sessions
		// racing for the chain head, as two instances would.
		var wg sync.WaitGroup
		errs := make(chan error, writers*each)
		for w := 0; w < writers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < each; i++ {
					if _, err := ledger.New(db).Post(ctx, system, payment("1.00")); err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		rep, err := db.VerifyLedger(ctx)
		must(t, err)
		if rep.BrokenAt != 0 || rep.Postings != writers*each {
			t.Fatalf("verify = %+v", rep)
		}
	})
}

func TestPostingByReceipt(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		seedLedgerData(t, db)
		ctx := context.Background()
		posted, err := ledger.New(db).Post(ctx, system, payment("", ims.NewLedgerEntry{Kind: ims.EntryPayment, Fund: "13", Reference: "X1", MOP: "1", Amount: 1250},
			ims.NewLedgerEntry{Kind: ims.EntryPayment, Fund: "23", Reference: "123456789", MOP: "1", Amount: 500}))
		must(t, err)
		spoken := strings.ToLower(posted.ReceiptNumber[:5] + " " + posted.ReceiptNumber[5:])
		got, err := db.PostingByReceipt(ctx, spoken)
		must(t, err)
		if got.ID != posted.ID || len(got.Entries) != 2 || got.Entries[0].VATAmount != 208 || got.Entries[1].Reference != "123456789" || got.Entries[0].ID == 0 {
			t.Fatalf("read back %+v", got)
		}
		if _, err := db.PostingByReceipt(ctx, "AAAAAAAAAA"); ims.ErrorCode(err) != ims.NotFound {
			t.Fatalf("unknown receipt: %v", err)
		}
	})
}

// TestBatchedPostingKeepsEachCallersOutcome posts good and bad postings at once: the ledger writer
// runs them in shared transactions, yet each bad one is refused alone and each good one is written.
func TestBatchedPostingKeepsEachCallersOutcome(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		seedLedgerData(t, db)
		ctx := context.Background()
		const n = 60
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				np := payment("1.00")
				if i%3 == 0 {
					np.Entries[0].Fund = "99" // does not exist
				}
				_, errs[i] = ledger.New(db).Post(ctx, system, np)
			}()
		}
		wg.Wait()
		good := 0
		for i, err := range errs {
			switch {
			case i%3 == 0 && ims.ErrorCode(err) != ims.Invalid:
				t.Errorf("posting %d to an unknown fund: %v", i, err)
			case i%3 != 0 && err != nil:
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

func TestVerifyAuditNamesTheTamperedEvent(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		seedLedgerData(t, db) // 7 audited reference data changes
		ctx := context.Background()
		rep, err := db.VerifyAudit(ctx)
		must(t, err)
		if rep.BrokenAt != 0 || rep.Postings != 7 {
			t.Fatalf("intact trail: %+v", rep)
		}
		if db.Engine == sqldb.SQLite {
			tamper(t, db, `DROP TRIGGER IF EXISTS audit_events_no_update`)
		}
		tamper(t, db, `UPDATE audit_events SET actor = 'user:99' WHERE id = 4`)
		rep, err = db.VerifyAudit(ctx)
		must(t, err)
		if rep.BrokenAt != 4 || !strings.Contains(rep.Reason, "changed") {
			t.Fatalf("tampered trail: %+v", rep)
		}
	})
}
