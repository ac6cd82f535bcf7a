package payments

import (
	"context"
	"fmt"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/webhooks"
)

// ApplyOutcome applies a provider's final answer to a pending payment exactly once. The state moves
// by a conditional UPDATE in the same transaction as the posting, so whichever caller (browser
// return, webhook, sweep; on any instance) gets there first records the outcome, and every later
// caller finds the payment finished and changes nothing. It returns the payment as it now stands and
// whether this call applied the outcome. A succeeded payment is posted (one entry per basket line,
// plus a fee entry when the MOP incurs a fee and the provider reports one; ims.PaymentPosting) and
// its receipt email is queued; a failed, cancelled or expired one is closed with the reason and
// nothing is posted.
func (s *Service) ApplyOutcome(ctx context.Context, id string, o ims.PaymentOutcome) (pp ims.PendingPayment, applied bool, err error) {
	defer ims.Wrap(&err, "ApplyOutcome(%q, %s)", id, o.State)
	if pp, err = s.DB.PendingPayment(ctx, ims.System(), id); err != nil {
		return pp, false, err
	}
	return s.applyOutcome(ctx, pp, o)
}

// applyOutcome is ApplyOutcome for a payment the caller has just read, so that a request reads a
// payment once. Whoever comes second (the webhook after the browser, or the other way round) finds
// the payment finished in its own read without queueing for a write transaction, or, when both
// read it unfinished, waits on this instance for the first (outcomesInFlight).
func (s *Service) applyOutcome(ctx context.Context, pp ims.PendingPayment, o ims.PaymentOutcome) (ims.PendingPayment, bool, error) {
	if !o.State.Finished() || pp.State.Finished() {
		return pp, false, nil
	}
	return s.inflight.do(ctx, pp.ID, func() (ims.PendingPayment, bool, error) {
		updated, applied, err := s.finish(ctx, pp, o)
		if err == nil && !applied {
			// Another instance finished it between our read and our update: as it now stands.
			updated, err = s.DB.PendingPayment(ctx, ims.System(), pp.ID)
		}
		return updated, applied, err
	})
}

// finish records the outcome and its posting in one ledger transaction. The payment is not read
// again in it: what the posting is made of (lines, payer, receipt number, MOP) never changes once
// recorded, and the conditional UPDATE decides whether this caller is the first.
func (s *Service) finish(ctx context.Context, read ims.PendingPayment, o ims.PaymentOutcome) (pp ims.PendingPayment, applied bool, err error) {
	// The payment's creation was audited outside the chain (Record): read here, it is placed in the
	// chain by the batch without a statement of its own while the batch holds the heads.
	staged, err := s.DB.StagedAudit(ctx, "pending_payment", read.ID)
	if err != nil {
		return read, false, err
	}
	err = s.DB.InLedgerTx(ctx, func(tx *sqldb.Tx) error {
		pp, applied = read, false // this may be a second run of the transaction (see sqldb.DB.InLedgerTx)
		finished, now, err := tx.FinishPayment(ctx, pp.ID, o)
		if err != nil || !finished {
			return err // on !finished: another transaction finished it since the caller's read
		}
		// The payment's creation was audited outside the chain (Record): its place in the chain
		// comes before its outcome's.
		if err := tx.SealStagedAuditRead(ctx, "pending_payment", pp.ID, staged); err != nil {
			return err
		}
		pp.State, pp.FailureCode, pp.FailureMessage = o.State, o.Code, o.Message
		pp.CardBrand, pp.CardFirst6, pp.CardLast4, pp.Fee, pp.UpdatedAt, pp.FinishedAt = o.CardBrand, o.CardFirst6, o.CardLast4, o.Fee, now, now
		applied = true
		if o.State != ims.PaymentSucceeded {
			if err := webhooks.Enqueue(ctx, tx, webhooks.PaymentEvent(pp)); err != nil {
				return err
			}
			return tx.Audit(ctx, ims.System(), "payment_"+string(o.State), "pending_payment", pp.ID, nil,
				map[string]string{"code": o.Code, "message": o.Message})
		}
		posting, err := s.postPayment(ctx, tx, pp, o)
		if err != nil {
			return err
		}
		pp.PostingID = posting.ID
		if err := tx.SetPaymentPosting(ctx, pp.ID, posting.ID); err != nil {
			return err
		}
		if err := webhooks.Enqueue(ctx, tx, webhooks.PaymentEvent(pp)); err != nil {
			return err
		}
		return tx.QueueReceiptEmail(ctx, pp, posting, s.receiptLink(posting.ReceiptNumber))
	})
	if applied && err == nil {
		s.Metrics.PaymentFinished(o.State)
	}
	return pp, applied, err
}

// postPayment posts a succeeded payment in tx. The money has been taken, so it must be recorded:
// when the reference data changed since the basket was checked (a fund disabled, say), the whole
// amount goes to suspense with the reason (ims.SuspensePosting), for a finance officer to allocate.
// Without a suspense fund the posting fails and the payment stays open for the sweep.
func (s *Service) postPayment(ctx context.Context, tx *sqldb.Tx, pp ims.PendingPayment, o ims.PaymentOutcome) (ims.Posting, error) {
	np := paymentPosting(ctx, tx, pp, o)
	posting, err := s.ledger().PostIn(ctx, tx, ims.System(), np)
	if ims.ErrorCode(err) == ims.Invalid {
		suspense, found, serr := tx.SuspenseFund(ctx)
		if serr != nil {
			return posting, serr
		}
		if found {
			np = ims.SuspensePosting(np, suspense.Code, err)
		}
		if posting, err = s.ledger().PostIn(ctx, tx, ims.System(), np); err != nil {
			return posting, fmt.Errorf("posting succeeded payment %s to suspense: %w", pp.ID, err)
		}
	}
	if err != nil {
		return posting, fmt.Errorf("posting succeeded payment %s: %w", pp.ID, err)
	}
	return posting, nil
}

// paymentPosting reads the payment's card MOP and, when the provider charged a fee the MOP incurs,
// the card fee MOP, and builds the posting with ims.PaymentPosting. A MOP that cannot be read leaves
// the fee out (or against the card MOP) rather than the payment unrecorded.
func paymentPosting(ctx context.Context, tx *sqldb.Tx, pp ims.PendingPayment, o ims.PaymentOutcome) ims.NewPosting {
	var cardMOP, feeMOP *ims.MOP
	if o.HasFee() {
		if m, found, err := tx.MOP(ctx, pp.MOP); err == nil && found {
			cardMOP = &m
		}
	}
	if cardMOP != nil && cardMOP.IncursFee {
		if m, err := tx.RoleMOP(ctx, ims.KindCardFee); err == nil {
			feeMOP = &m
		}
	}
	return ims.PaymentPosting(pp, o, cardMOP, feeMOP)
}

// ledger returns the ledger service the payments post through.
func (s *Service) ledger() *ledger.Service { return ledger.New(s.DB) }

// receiptLink returns the link to a receipt's page for its email, or "" when there is none.
func (s *Service) receiptLink(receiptNumber string) string {
	if s.ReceiptLink == nil {
		return ""
	}
	return s.ReceiptLink(receiptNumber)
}
