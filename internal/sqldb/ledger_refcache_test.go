package sqldb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
)

// TestLedgerWriterSeesReferenceDataChangedElsewhere runs two instances on one database. The ledger
// writer of the first keeps the funds, MOPs and VAT codes its batches read (ADR 37); a fund or
// MOP disabled through the second instance, or by hand in SQL, must be refused by the first's
// very next posting, and a VAT rate changed elsewhere must be the rate that posting uses.
func TestLedgerWriterSeesReferenceDataChangedElsewhere(t *testing.T) {
	onTwoInstances(t, func(t *testing.T, a, b *sqldb.DB) {
		ctx := context.Background()
		p := ims.System()
		loadCashFund(t, b, nil)
		post := func() (ims.Posting, error) {
			return ledger.New(a).Post(ctx, p, ims.NewPosting{Kind: ims.PostingPayment, Source: ims.SourceStaff,
				Entries: []ims.NewLedgerEntry{{Kind: ims.EntryPayment, Fund: "13", Reference: "R1", MOP: "1", Amount: 1200}}})
		}
		refused := func(what, want string) {
			t.Helper()
			_, err := post()
			if ims.ErrorCode(err) != ims.Invalid || !strings.Contains(err.Error(), want) {
				t.Fatalf("posting after %s: got %v; want it refused with %q", what, err, want)
			}
		}
		accepted := func(what string, vat int64) {
			t.Helper()
			po, err := post()
			if err != nil {
				t.Fatalf("posting after %s: %v", what, err)
			}
			if got := int64(po.Entries[0].VATAmount); got != vat {
				t.Fatalf("posting after %s: VAT %d; want %d", what, got, vat)
			}
		}
		accepted("loading the reference data", 200) // 20 % of 1200 inclusive

		fund, err := b.Funds().Get(ctx, "13")
		if err != nil {
			t.Fatal(err)
		}
		fund.Disabled = true
		if err := b.Funds().Put(ctx, p, fund); err != nil {
			t.Fatal(err)
		}
		refused("the fund was disabled by the other instance", "Fund 13 is disabled")

		if _, err := b.SQL.ExecContext(ctx, `UPDATE funds SET disabled = $1 WHERE code = '13'`, false); err != nil {
			t.Fatal(err)
		}
		accepted("the fund was enabled by hand in SQL", 200)

		mop, err := b.MOPs().Get(ctx, "1")
		if err != nil {
			t.Fatal(err)
		}
		mop.Disabled = true
		if err := b.MOPs().Put(ctx, p, mop); err != nil {
			t.Fatal(err)
		}
		refused("the MOP was disabled by the other instance", "Method of payment 1 is disabled")
		mop.Disabled = false
		if err := b.MOPs().Put(ctx, p, mop); err != nil {
			t.Fatal(err)
		}

		vat, err := b.VATCodes().Get(ctx, "W0")
		if err != nil {
			t.Fatal(err)
		}
		vat.Rate = 500
		if err := b.VATCodes().Put(ctx, p, vat); err != nil {
			t.Fatal(err)
		}
		accepted("the VAT rate was changed by the other instance", 57) // 5 % of 1200 inclusive, rounded
	})
}
