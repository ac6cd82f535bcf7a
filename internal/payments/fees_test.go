package payments_test

import (
	"context"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp/govukpaysim"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// TestCardFeesArePostedAsTheirOwnEntries pays with a provider that reports a 25p fee, with the fee
// recharged to the payer's account and with it charged centrally, and once with a MOP that incurs
// no fee.
func TestCardFeesArePostedAsTheirOwnEntries(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name            string
		incurs          bool
		treatment       ims.FeeTreatment
		fund, reference string
	}{
		{"recharge", true, ims.FeeRecharge, "11", "BJ99518409"},
		{"central", true, ims.FeeCentral, "19", "CARD-FEES"},
		{"no fee", false, "", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
				r := newRigWith(t, db, govukpaysim.Options{Webhooks: govukpaysim.WebhookPolicy{Hold: true},
					Accounts: []govukpaysim.Account{{ReportFees: true, Fee: 25}}})
				ctx := context.Background()
				mop, err := db.MOPs().Get(ctx, "90")
				must(t, err)
				mop.IncursFee, mop.FeeTreatment = c.incurs, c.treatment
				if c.treatment == ims.FeeCentral {
					mop.FeeFund, mop.FeeReference = "19", "CARD-FEES"
				}
				must(t, refdata.Put(ctx, ims.System(), db.MOPs(), mop))
				id := r.paidBasket(t, "fee")
				pp, err := db.PendingPayment(ctx, ims.System(), id)
				must(t, err)
				var fees []ims.LedgerEntry
				po, err := db.PostingByReceipt(ctx, pp.ReceiptNumber)
				must(t, err)
				for _, e := range po.Entries {
					if e.Kind == ims.EntryFee {
						fees = append(fees, e)
					}
				}
				if !c.incurs {
					if len(fees) != 0 || po.Total() != 4750 {
						t.Fatalf("fee posted for a MOP without fees: %+v", po.Entries)
					}
					return
				}
				if len(fees) != 1 || fees[0].Amount != -25 || fees[0].Fund != c.fund || fees[0].Reference != c.reference || fees[0].MOP != "PF" {
					t.Fatalf("fee entries %+v", fees)
				}
				if po.Total() != 4725 {
					t.Errorf("posting total %s; want the payment less the fee, 47.25", po.Total())
				}
			})
		})
	}
}
