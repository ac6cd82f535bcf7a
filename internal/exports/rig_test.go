package exports_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/exports"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/money"
)

var (
	finance   = ims.Principal{UserID: 3, Name: "Fay Finance", Roles: []ims.Role{ims.Finance, ims.SuperUser}}
	revenues  = ims.Principal{UserID: 4, Name: "Rev Reporter", Roles: []ims.Role{ims.Reporting}, Funds: []string{"23", "24"}}
	cashierer = ims.Principal{UserID: 5, Name: "Cass Cashier", Roles: []ims.Role{ims.Payments}}
)

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// rig loads the demo council, with its export targets, into db, with receipt numbers drawn from a
// seeded source so that the files are the same on every run and both engines.
func rig(t testing.TB, db *sqldb.DB, dir string) *exports.Service {
	t.Helper()
	if doc := demotest.Council(t, db); len(doc.ExportTargets) != 3 {
		t.Fatalf("the demo council has %d export targets, want 3", len(doc.ExportTargets))
	}
	db.Rand = rand.NewChaCha8([32]byte{'i', 'm', 's'})
	return exports.New(db, dir)
}

// pay posts one payment of amount to fund/ref by mop at the database clock's time.
func pay(t testing.TB, db *sqldb.DB, fund, ref, mop string, amount money.Pence) ims.Posting {
	t.Helper()
	po, err := ledger.New(db).Post(context.Background(), ims.System(), ims.NewPosting{Kind: ims.PostingManual,
		Source: ims.SourceStaff, Office: "CO", Entries: []ims.NewLedgerEntry{{Kind: ims.EntryPayment, Fund: fund,
			Reference: ref, MOP: mop, Amount: amount, Narrative: "Payment " + ref}}})
	must(t, err)
	return po
}

// advance moves the database clock on by d.
func advance(db *sqldb.DB, d time.Duration) { db.Clock.(*sqldbtest.Clock).Advance(d) }
