package ledger_test

import (
	"context"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/receiptno"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/money"
)

var (
	admin   = ims.Principal{UserID: 1, Roles: []ims.Role{ims.SystemAdmin}}
	auditor = ims.Principal{UserID: 9, Roles: []ims.Role{ims.Auditor}}
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// seed loads the reference data the tests post against.
func seed(t *testing.T, db *sqldb.DB) {
	t.Helper()
	ctx := context.Background()
	must(t, refdata.Put(ctx, admin, db.VATCodes(), ims.VATCode{Code: "W0", Name: "Standard", Rate: 2000}))
	must(t, refdata.Put(ctx, admin, db.VATCodes(), ims.VATCode{Code: "M0", Name: "Outside scope", Suspense: true}))
	must(t, refdata.Put(ctx, admin, db.Funds(), ims.Fund{Code: "13", Name: "Misc cash", VATCode: "W0"}))
	must(t, refdata.Put(ctx, admin, db.MOPs(), ims.MOP{Code: "1", Name: "Cash", Kind: ims.KindCash}))
}

func payment(amount string) ims.NewPosting {
	return ims.NewPosting{Kind: ims.PostingManual, Source: ims.SourceStaff, Entries: []ims.NewLedgerEntry{
		{Kind: ims.EntryPayment, Fund: "13", Reference: "X1", MOP: "1", Amount: money.MustParse(amount)}}}
}

func TestPostAndVerify(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		seed(t, db)
		ctx := context.Background()
		l := ledger.New(db)
		cashier := ims.Principal{UserID: 2, Roles: []ims.Role{ims.PostPayment}}
		po, err := l.Post(ctx, cashier, payment("12.50"))
		must(t, err)
		if !receiptno.Valid(po.ReceiptNumber) || po.ID != 1 || po.Actor != "user:2" || po.Entries[0].VATAmount != money.MustParse("2.08") {
			t.Fatalf("posting = %+v", po)
		}
		if _, err := l.Post(ctx, ims.Principal{UserID: 3}, payment("1.00")); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("a posting by someone without the role: %v, want Forbidden", err)
		}
		if _, err := l.Post(ctx, cashier, ims.NewPosting{Kind: "gift"}); ims.ErrorFields(err)["kind"] == "" {
			t.Errorf("a posting of a kind that does not exist: %v", err)
		}
		if _, err := l.Post(ctx, cashier, payment("0.00")); ims.ErrorFields(err)["entries[0].amount"] == "" {
			t.Errorf("a line of nothing: %v", err)
		}
		ledgerRep, auditRep, err := l.Verify(ctx, auditor)
		must(t, err)
		if ledgerRep.BrokenAt != 0 || ledgerRep.Postings != 1 || ledgerRep.Head != po.Hash {
			t.Errorf("ledger = %+v", ledgerRep)
		}
		if auditRep.BrokenAt != 0 || auditRep.Postings == 0 {
			t.Errorf("audit trail = %+v", auditRep)
		}
		if _, _, err := l.Verify(ctx, admin); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("verify without the Auditor role: %v, want Forbidden", err)
		}
	})
}

// TestPostInIsPartOfTheCallersWork posts in a unit of work that then fails: nothing of the
// posting remains, and the chain goes on from where it was.
func TestPostInIsPartOfTheCallersWork(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		seed(t, db)
		ctx := context.Background()
		l := ledger.New(db)
		refused := ims.Errorf(ims.Conflict, "the caller changed its mind")
		err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			if _, err := l.PostIn(ctx, tx, ims.System(), payment("5.00")); err != nil {
				return err
			}
			return refused
		})
		if err != refused {
			t.Fatalf("InTx = %v, want the caller's error", err)
		}
		var po ims.Posting
		must(t, db.InTx(ctx, func(tx *sqldb.Tx) (err error) {
			po, err = l.PostIn(ctx, tx, ims.System(), payment("6.00"))
			return err
		}))
		if po.ID != 1 {
			t.Errorf("posting id = %d, want 1: the rolled-back posting left its number taken", po.ID)
		}
		rep, _, err := l.Verify(ctx, auditor)
		if err != nil || rep.BrokenAt != 0 || rep.Postings != 1 {
			t.Errorf("verify = %+v, %v", rep, err)
		}
	})
}
