package payments

import (
	"context"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/webhooks"
)

// applyRefundOutcome finishes a refund exactly once: succeeded posts the negative entries (one per
// line, each linked to the entry it refunds; ims.RefundPosting); failed records the provider's
// reason and posts nothing, which makes the money refundable again. A refund IMS gave up on can
// still succeed, because the provider's word that it paid the money back is what the ledger must
// show. The message is kept only for a failure. It returns the refund as it now stands and whether
// this call finished it.
func (s *Service) applyRefundOutcome(ctx context.Context, id, providerRefundID string, succeeded bool, message string) (r ims.PaymentRefund, applied bool, err error) {
	defer ims.Wrap(&err, "ApplyRefundOutcome(%q)", id)
	err = s.DB.InLedgerTx(ctx, func(tx *sqldb.Tx) error {
		applied = false // a transaction may be run again after losing to another
		current, found, err := tx.Refund(ctx, id)
		if err != nil {
			return err
		}
		if !found {
			return ims.Errorf(ims.NotFound, "Refund %s does not exist", id)
		}
		r = current
		state, failure := ims.RefundFailed, message
		if succeeded {
			state, failure = ims.RefundSucceeded, ""
		}
		finished, now, err := tx.FinishRefund(ctx, id, providerRefundID, state, failure, succeeded)
		if err != nil || !finished {
			return err // on !finished: already finished by another caller
		}
		applied, r.State, r.FailureMessage, r.FinishedAt = true, state, failure, now
		if !succeeded {
			if err := webhooks.Enqueue(ctx, tx, webhooks.RefundEvent(r)); err != nil {
				return err
			}
			return tx.Audit(ctx, ims.System(), "refund_failed", "refund", id, nil, map[string]string{"message": failure})
		}
		refunded, err := tx.RefundedEntries(ctx, r)
		if err != nil {
			return err
		}
		np, err := ims.RefundPosting(r, refunded)
		if err != nil {
			return err
		}
		posting, err := s.ledger().PostIn(ctx, tx, ims.System(), np)
		if err != nil {
			return err
		}
		r.PostingID = posting.ID
		if err := webhooks.Enqueue(ctx, tx, webhooks.RefundEvent(r)); err != nil {
			return err
		}
		return tx.SetRefundPosting(ctx, id, posting.ID)
	})
	return r, applied, err
}
