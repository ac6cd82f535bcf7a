package ims

import "fmt"

// HasFee reports whether the provider charged a fee for the payment.
func (o PaymentOutcome) HasFee() bool { return o.Fee != nil && *o.Fee > 0 }

// PaymentPosting is the posting of a succeeded card payment: one entry per basket line and, when
// the provider charged a fee (o.HasFee) and the payment's method of payment cardMOP incurs one, the
// fee as its own negative entry against feeMOP (the card fee MOP; cardMOP itself when there is none,
// so the fee is still recorded). The fee is charged to the payer's first account (recharge) or to
// the fund and reference cardMOP names (central). cardMOP nil (it could not be read) posts no fee.
func PaymentPosting(pp PendingPayment, o PaymentOutcome, cardMOP, feeMOP *MOP) NewPosting {
	np := NewPosting{Kind: PostingPayment, ReceiptNumber: pp.ReceiptNumber, Source: pp.Source,
		SourceRef: pp.ID, Narrative: pp.Narrative, Office: pp.Office}
	for _, l := range pp.Lines {
		np.Entries = append(np.Entries, NewLedgerEntry{Kind: EntryPayment, Fund: l.Fund, Reference: l.Reference,
			MOP: pp.MOP, Amount: l.Amount, VATCode: l.VATCode, Narrative: l.Narrative, TransactionTime: o.At,
			PSPPaymentID: pp.ProviderPaymentID, PSPReference: pp.ReceiptNumber, CardBrand: o.CardBrand,
			CardFirst6: o.CardFirst6, CardLast4: o.CardLast4})
	}
	if !o.HasFee() || cardMOP == nil || !cardMOP.IncursFee || len(pp.Lines) == 0 {
		return np
	}
	if feeMOP == nil {
		feeMOP = cardMOP
	}
	fund, reference := pp.Lines[0].Fund, pp.Lines[0].Reference
	if cardMOP.FeeTreatment == FeeCentral {
		fund, reference = cardMOP.FeeFund, cardMOP.FeeReference
	}
	np.Entries = append(np.Entries, NewLedgerEntry{Kind: EntryFee, Fund: fund, Reference: reference, MOP: feeMOP.Code,
		Amount: -*o.Fee, Narrative: "Card processing fee", TransactionTime: o.At, PSPPaymentID: pp.ProviderPaymentID,
		PSPReference: pp.ReceiptNumber})
	return np
}

// SuspensePosting rewrites a posting whose lines cannot be recorded (reason says why) as one
// suspense entry per line in the suspense fund, with that fund's VAT code, keeping the original
// fund and reference in each entry's narrative for a finance officer to allocate. Money a provider
// has taken must be recorded even when the reference data changed after its basket was checked.
func SuspensePosting(np NewPosting, suspenseFund string, reason error) NewPosting {
	out := np
	out.Entries = nil
	for _, e := range np.Entries {
		e.Narrative = fmt.Sprintf("Paid to %s %s; not posted: %s", e.Fund, e.Reference, ErrorMessage(reason))
		e.Kind, e.Fund, e.VATCode = EntrySuspenseIn, suspenseFund, ""
		out.Entries = append(out.Entries, e)
	}
	return out
}
