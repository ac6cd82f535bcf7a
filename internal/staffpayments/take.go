package staffpayments

import (
	"context"
	"fmt"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
)

// lineField names a field of basket line i as the basket check does: lines[2].reference.
func lineField(i int, field string) string { return fmt.Sprintf("lines[%d].%s", i, field) }

// Take checks a staff payment as Check does and takes it. A cheque or post-room payment is posted
// at once, as one posting with an entry per line (each by its line's method of payment), by the user, at the office given; its receipt is
// emailed when the payer gave an address. A card payment is started at the provider with the MOTO
// flag, for the officer to type the card on the provider's page (StaffPaymentTaken.NextURL); the
// card payment service posts it when the provider reports the outcome. A positive amount on a
// method for payment reversals needs ReversalConfirmed. A form sent again (the same user and idempotency key)
// returns the first payment, Created false.
func (s *Service) Take(ctx context.Context, p ims.Principal, sp ims.StaffPayment) (t ims.StaffPaymentTaken, err error) {
	defer ims.Wrap(&err, "TakeStaffPayment")
	if strings.TrimSpace(sp.IdempotencyKey) == "" {
		return t, ims.Errorf(ims.Invalid, "The form has expired: open the payment form again")
	}
	if t, found, err := s.repeated(ctx, p, sp.IdempotencyKey); err != nil || found {
		return t, err
	}
	mops, problems, err := s.check(ctx, p, sp)
	if err != nil {
		return t, err
	}
	if problems != nil {
		return t, problems.Err("The payment cannot be taken")
	}
	if w := ims.ReversalWarning(sp, mops); w != "" {
		return t, ims.FieldError("confirm", "%s", w)
	}
	sp.Cheque = sp.Cheque.Normalised()
	if sp.Kind != ims.StaffCheque {
		sp.Cheque = ims.Cheque{}
	}
	rec := ims.StaffPaymentRecord{Kind: sp.Kind, TakenBy: p.UserID, Cheque: sp.Cheque, CreatedAt: s.DB.Now()}
	lines := ims.NormalisedLines(sp.Lines)
	for _, o := range sp.Overrides {
		d, _, err := s.DB.AccountHolderDetail(ctx, lines[o.Line].Fund, lines[o.Line].Reference)
		if err != nil {
			return t, err
		}
		rec.Overrides = append(rec.Overrides, ims.StopOverrideRecord{Line: o.Line, Fund: lines[o.Line].Fund,
			Reference: lines[o.Line].Reference, StopMessage: d.StopMessageText, Reason: strings.TrimSpace(o.Reason), OverriddenBy: p.UserID})
	}
	if sp.Kind == ims.StaffCard {
		t, err = s.startCard(ctx, p, sp, rec)
	} else {
		t, err = s.post(ctx, p, sp, rec)
	}
	if ims.ErrorCode(err) == ims.Conflict {
		// The same form sent twice at once: the other request recorded it.
		if first, found, rerr := s.repeated(ctx, p, sp.IdempotencyKey); rerr == nil && found {
			return first, nil
		}
	}
	return t, err
}

// repeated returns the payment a user already took with an idempotency key.
func (s *Service) repeated(ctx context.Context, p ims.Principal, key string) (t ims.StaffPaymentTaken, found bool, err error) {
	rec, found, err := s.DB.StaffPaymentByKey(ctx, p.UserID, key)
	if err != nil || !found {
		return t, false, err
	}
	t.Record = rec
	if rec.PaymentID != "" {
		pp, err := s.DB.PendingPayment(ctx, ims.System(), rec.PaymentID)
		if err != nil {
			return t, true, err
		}
		if !pp.State.Finished() {
			t.NextURL = pp.NextURL
		}
	}
	return t, true, nil
}

// post writes a cheque or post-room payment to the ledger with its record, audit events and receipt
// email, in one transaction.
func (s *Service) post(ctx context.Context, p ims.Principal, sp ims.StaffPayment, rec ims.StaffPaymentRecord) (t ims.StaffPaymentTaken, err error) {
	np := ims.NewPosting{Kind: ims.PostingManual, Source: ims.SourceStaff, Narrative: sp.Narrative, Office: sp.Office}
	if sp.Kind == ims.StaffCheque {
		np.SourceRef = "cheque " + sp.Cheque.Number
	}
	lines := ims.NormalisedLines(sp.Lines)
	for i, l := range lines {
		mop, _ := sp.LineMOP(i) // a cheque's one method, or a post-room line's own
		np.Entries = append(np.Entries, ims.NewLedgerEntry{Kind: ims.EntryPayment, Fund: l.Fund, Reference: l.Reference,
			MOP: mop, Amount: l.Amount, VATCode: l.VATCode, Narrative: l.Narrative})
	}
	err = s.DB.InLedgerTx(ctx, func(tx *sqldb.Tx) error {
		r := rec // this may be a second run of the transaction
		posting, err := ledger.New(s.DB).PostIn(ctx, tx, p, np)
		if err != nil {
			return err
		}
		r.ReceiptNumber, r.PostingID = posting.ReceiptNumber, posting.ID
		if err := s.record(ctx, tx, p, r, sp.IdempotencyKey); err != nil {
			return err
		}
		pp := ims.PendingPayment{ID: "staff-" + posting.ReceiptNumber, Language: "en", Payer: sp.Payer, Lines: lines,
			Amount: posting.Total(), ReceiptNumber: posting.ReceiptNumber}
		if err := tx.QueueReceiptEmail(ctx, pp, posting, s.receiptLink(posting.ReceiptNumber)); err != nil {
			return err
		}
		t = ims.StaffPaymentTaken{Record: r, Created: true}
		return nil
	})
	return t, err
}

// startCard starts a card payment over the phone at the provider (the card payment service sets the
// MOTO flag for staff payments) and records it as a staff payment.
func (s *Service) startCard(ctx context.Context, p ims.Principal, sp ims.StaffPayment, rec ims.StaffPaymentRecord) (t ims.StaffPaymentTaken, err error) {
	req := sp.Request()
	req.ReturnURL = s.CardReturnURL
	pp, _, err := s.Cards.Start(ctx, p, req)
	if err != nil {
		return t, err
	}
	rec.ReceiptNumber, rec.PaymentID = pp.ReceiptNumber, pp.ID
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error { return s.record(ctx, tx, p, rec, sp.IdempotencyKey) })
	if err != nil {
		return t, err
	}
	return ims.StaffPaymentTaken{Record: rec, NextURL: pp.NextURL, Created: true}, nil
}

// record stores a staff payment and audits it, and each stop message overridden, in tx.
func (s *Service) record(ctx context.Context, tx *sqldb.Tx, p ims.Principal, r ims.StaffPaymentRecord, key string) error {
	if err := tx.InsertStaffPayment(ctx, r, key); err != nil {
		return err
	}
	if err := tx.Audit(ctx, p, "take_"+string(r.Kind), "staff_payment", r.ReceiptNumber, nil, r); err != nil {
		return err
	}
	for _, o := range r.Overrides {
		if err := tx.Audit(ctx, p, "override_stop", "account_holder", o.Fund+"/"+o.Reference, nil,
			map[string]string{"receipt_number": r.ReceiptNumber, "stop_message": o.StopMessage, "reason": o.Reason}); err != nil {
			return err
		}
	}
	return nil
}

// receiptLink returns the link to a receipt's public page, or "" when there is none.
func (s *Service) receiptLink(receipt string) string {
	if s.ReceiptLink == nil {
		return ""
	}
	return s.ReceiptLink(receipt)
}
