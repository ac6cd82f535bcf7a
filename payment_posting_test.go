package ims_test

import (
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

func TestPaymentPosting(t *testing.T) {
	at := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	pp := ims.PendingPayment{ID: "pay-1", ReceiptNumber: "ABCDE12345", Source: ims.SourcePortal, MOP: "CARD",
		ProviderPaymentID: "psp-9", Narrative: "Online", Office: "WEB",
		Lines: []ims.PaymentLine{{Fund: "13", Reference: "R1", Amount: 1000}, {Fund: "22", Reference: "R2", Amount: 500, VATCode: "S"}}}
	fee := money.Pence(25)
	succeeded := ims.PaymentOutcome{State: ims.PaymentSucceeded, CardBrand: "visa", CardFirst6: "411111", CardLast4: "1111", At: at, Fee: &fee}
	recharge := &ims.MOP{Code: "CARD", IncursFee: true, FeeTreatment: ims.FeeRecharge}
	central := &ims.MOP{Code: "CARD", IncursFee: true, FeeTreatment: ims.FeeCentral, FeeFund: "FEES", FeeReference: "CARDFEES"}
	feeMOP := &ims.MOP{Code: "FEE"}

	t.Run("one entry per line, carrying the card and the provider's ids", func(t *testing.T) {
		np := ims.PaymentPosting(pp, succeeded, &ims.MOP{Code: "CARD"}, nil)
		if np.Kind != ims.PostingPayment || np.ReceiptNumber != pp.ReceiptNumber || np.SourceRef != "pay-1" ||
			np.Source != ims.SourcePortal || np.Office != "WEB" || len(np.Entries) != 2 {
			t.Fatalf("PaymentPosting = %+v", np)
		}
		e := np.Entries[1]
		want := ims.NewLedgerEntry{Kind: ims.EntryPayment, Fund: "22", Reference: "R2", MOP: "CARD", Amount: 500, VATCode: "S",
			TransactionTime: at, PSPPaymentID: "psp-9", PSPReference: "ABCDE12345", CardBrand: "visa", CardFirst6: "411111", CardLast4: "1111"}
		if e != want {
			t.Errorf("second entry = %+v, want %+v", e, want)
		}
	})
	for _, c := range []struct {
		name           string
		outcome        ims.PaymentOutcome
		cardMOP, feeOf *ims.MOP
		want           *ims.NewLedgerEntry // the fee entry; nil: none
	}{
		{"recharged to the payer's first account", succeeded, recharge, feeMOP,
			&ims.NewLedgerEntry{Kind: ims.EntryFee, Fund: "13", Reference: "R1", MOP: "FEE", Amount: -25}},
		{"charged centrally", succeeded, central, feeMOP,
			&ims.NewLedgerEntry{Kind: ims.EntryFee, Fund: "FEES", Reference: "CARDFEES", MOP: "FEE", Amount: -25}},
		{"against the card MOP when there is no fee MOP", succeeded, recharge, nil,
			&ims.NewLedgerEntry{Kind: ims.EntryFee, Fund: "13", Reference: "R1", MOP: "CARD", Amount: -25}},
		{"no fee reported", ims.PaymentOutcome{State: ims.PaymentSucceeded, At: at}, recharge, feeMOP, nil},
		{"a fee of nothing", ims.PaymentOutcome{State: ims.PaymentSucceeded, At: at, Fee: new(money.Pence)}, recharge, feeMOP, nil},
		{"a MOP that incurs no fee", succeeded, &ims.MOP{Code: "CARD"}, feeMOP, nil},
		{"a MOP that could not be read", succeeded, nil, feeMOP, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			np := ims.PaymentPosting(pp, c.outcome, c.cardMOP, c.feeOf)
			if c.want == nil {
				if len(np.Entries) != 2 {
					t.Fatalf("got %d entries, want the 2 lines alone", len(np.Entries))
				}
				return
			}
			if len(np.Entries) != 3 {
				t.Fatalf("got %d entries, want the 2 lines and a fee", len(np.Entries))
			}
			want := *c.want
			want.Narrative, want.TransactionTime, want.PSPPaymentID, want.PSPReference = "Card processing fee", at, "psp-9", "ABCDE12345"
			if got := np.Entries[2]; got != want {
				t.Errorf("fee entry = %+v, want %+v", got, want)
			}
		})
	}
}

func TestSuspensePosting(t *testing.T) {
	np := ims.NewPosting{Kind: ims.PostingPayment, ReceiptNumber: "R", Entries: []ims.NewLedgerEntry{
		{Kind: ims.EntryPayment, Fund: "13", Reference: "R1", MOP: "CARD", Amount: 1000, VATCode: "S", Narrative: "mine"},
		{Kind: ims.EntryFee, Fund: "13", Reference: "R1", MOP: "FEE", Amount: -25},
	}}
	reason := ims.FieldError("entries[0].fund_code", "Fund 13 is disabled")
	got := ims.SuspensePosting(np, "SUSP", reason)
	if got.ReceiptNumber != "R" || len(got.Entries) != 2 || np.Entries[0].Fund != "13" {
		t.Fatalf("SuspensePosting = %+v (the original now %+v)", got, np)
	}
	e := got.Entries[0]
	if e.Kind != ims.EntrySuspenseIn || e.Fund != "SUSP" || e.VATCode != "" || e.Amount != 1000 || e.MOP != "CARD" ||
		e.Narrative != "Paid to 13 R1; not posted: Fund 13 is disabled" {
		t.Errorf("first entry = %+v", e)
	}
}
