package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// demoCardAccount is the demo council's GOV.UK Pay account (demo-council.yaml), which takes the
// card payments of every channel.
const demoCardAccount = "govukpaydemo"

// recordCardPayment records the card payment a sample card posting stands for, as the payments
// service records one taken through the provider: created, sent to the provider under the
// posting's payment id, succeeded with the card's details, and posted as the posting. Without it
// the demo's card payments could not be refunded, since a refund names the payment it returns.
// A posting without a card line records nothing.
func recordCardPayment(ctx context.Context, db *sqldb.DB, po ims.Posting, by ims.Principal, at time.Time) error {
	var card *ims.LedgerEntry
	pp := ims.PendingPayment{ProviderAccount: demoCardAccount, State: ims.PaymentCreated, Source: po.Source,
		ReceiptNumber: po.ReceiptNumber, Office: po.Office, Language: "en", Narrative: po.Narrative, Actor: by.Actor(),
		CreatedAt: at, UpdatedAt: at, Payer: ims.Payer{Name: "Demo Payer", Email: "payer@demo.example"}}
	for i, e := range po.Entries {
		if e.PSPPaymentID == "" || e.Kind != ims.EntryPayment {
			continue
		}
		card = &po.Entries[i]
		pp.MOP = e.MOP
		pp.Amount += e.Amount
		pp.Lines = append(pp.Lines, ims.PaymentLine{Fund: e.Fund, Reference: e.Reference, Amount: e.Amount, VATCode: e.VATCode})
	}
	if card == nil {
		return nil
	}
	pp.ID = "pay-" + card.PSPPaymentID
	err := db.InTx(ctx, func(tx *sqldb.Tx) error {
		return tx.InsertPendingPayment(ctx, pp, "", "", "")
	})
	if err == nil {
		_, err = db.RecordProviderPayment(ctx, pp.ID, card.PSPPaymentID, "")
	}
	if err == nil {
		err = db.InTx(ctx, func(tx *sqldb.Tx) error {
			o := ims.PaymentOutcome{State: ims.PaymentSucceeded, CardBrand: card.CardBrand, CardFirst6: card.CardFirst6,
				CardLast4: card.CardLast4, At: at}
			if _, _, err := tx.FinishPayment(ctx, pp.ID, o); err != nil {
				return err
			}
			return tx.SetPaymentPosting(ctx, pp.ID, po.ID)
		})
	}
	if err != nil {
		return fmt.Errorf("recording the demo card payment of receipt %s: %w", po.ReceiptNumber, err)
	}
	return nil
}
