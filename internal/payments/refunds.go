package payments

import (
	"context"
	"errors"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp"
)

// How long a refund waits for another refund of the same payment to finish being sent before its
// caller is answered "pending" (the sweep sends it then), and how often it looks.
const (
	refundTurnWait = 3 * time.Second
	refundTurnPoll = 20 * time.Millisecond
)

// Refund records a refund request and, unless it awaits approval, sends it to the provider once.
// The provider's answer is applied at once when final; a refund the provider is still processing,
// or whose answer was lost, is finished later from the provider's list of the payment's refunds (by
// the webhook, the sweep or a read). A repeated request returns the first refund as it stands and
// sends nothing.
func (s *Service) Refund(ctx context.Context, p ims.Principal, req ims.RefundRequest) (ims.PaymentRefund, bool, error) {
	r, created, err := s.createRefund(ctx, p, req)
	if err != nil || !created || r.State != ims.RefundPending {
		return r, created, err
	}
	r, err = s.sendRefund(ctx, r, refundTurnWait)
	return r, created, err
}

// ApproveRefund releases a refund above the approval limit and sends it.
func (s *Service) ApproveRefund(ctx context.Context, p ims.Principal, id string) (ims.PaymentRefund, error) {
	if err := s.approveRefund(ctx, p, id); err != nil {
		return ims.PaymentRefund{}, err
	}
	r, err := s.DB.GetRefund(ctx, ims.System(), id)
	if err != nil {
		return r, err
	}
	return s.sendRefund(ctx, r, refundTurnWait)
}

// RejectRefund refuses a refund above the approval limit; nothing is sent.
func (s *Service) RejectRefund(ctx context.Context, p ims.Principal, id, reason string) (ims.PaymentRefund, error) {
	if err := s.rejectRefund(ctx, p, id, reason); err != nil {
		return ims.PaymentRefund{}, err
	}
	return s.DB.GetRefund(ctx, ims.System(), id)
}

// sendRefund claims a pending refund, waiting up to wait for its payment's refund in flight to
// finish, and sends it. A refund someone else claimed, or still waiting its turn, is returned as
// it stands.
func (s *Service) sendRefund(ctx context.Context, r ims.PaymentRefund, wait time.Duration) (ims.PaymentRefund, error) {
	deadline := time.Now().Add(wait)
	for {
		claimed, ok, busy, err := s.DB.ClaimRefund(ctx, r.ID)
		if err != nil {
			return r, err
		}
		if ok {
			return s.sendClaimed(ctx, claimed)
		}
		if !busy || !s.waitForTurn(ctx, r.PaymentID, deadline) {
			return claimed, nil
		}
	}
}

// waitForTurn waits until no refund of the payment is being sent, looking with a cheap read rather
// than trying the claim (a transaction that queues for the chain heads) again and again. It reports
// false when the deadline or the context ends first.
func (s *Service) waitForTurn(ctx context.Context, paymentID string, deadline time.Time) bool {
	for time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return false
		case <-time.After(refundTurnPoll):
		}
		counts, err := s.DB.RefundStatesOf(ctx, paymentID)
		if err != nil {
			return false
		}
		if counts[ims.RefundSending] == 0 {
			return true
		}
	}
	return false
}

// sendClaimed sends a refund this caller claimed, once, and applies the answer. An answer that
// never came (a timeout, a 5xx, a lost or unreadable answer) is not a failure: the refund stays
// sending and the provider's list of refunds settles it, now if it can be read and later if not.
func (s *Service) sendClaimed(ctx context.Context, r ims.PaymentRefund) (ims.PaymentRefund, error) {
	pp, provider, err := s.paymentAndProvider(ctx, r.PaymentID)
	if err != nil {
		return s.release(ctx, r, err)
	}
	// What the provider believes is left to refund goes with the request: a provider that has
	// since refunded more (a refund IMS does not know of) refuses rather than refunding twice.
	got, err := provider.GetPayment(ctx, pp.ProviderPaymentID)
	if err != nil {
		return s.release(ctx, r, err)
	}
	answer, err := provider.Refund(ctx, pp.ProviderPaymentID, psp.RefundRequest{Amount: r.Amount, ExpectedAvailable: got.RefundAvailable})
	switch code := ims.ErrorCode(err); {
	case err == nil:
		return s.applyAnswer(ctx, r, answer)
	case errors.Is(err, psp.ErrNotSent) || code == ims.Internal:
		// Nothing left IMS, or the provider refused the credentials before acting.
		return s.release(ctx, r, err)
	case code == ims.Unavailable:
		s.Log.WarnContext(ctx, "refund sent, answer unknown: reading the provider's refunds", "refund", r.ID, "err", err)
		return s.settleFromProvider(ctx, r, pp, provider)
	default:
		updated, _, aerr := s.applyRefundOutcome(ctx, r.ID, "", false, ims.ErrorMessage(err))
		if aerr != nil {
			return r, aerr
		}
		if code == ims.Conflict {
			// The provider's amount left differs from what it said a moment ago: something else
			// refunded this payment, which the reconciliation records for a person to see.
			if rerr := s.reconcileRefunds(ctx, pp, provider); rerr != nil {
				s.Log.WarnContext(ctx, "reading the provider's refunds", "payment", pp.ID, "err", rerr)
			}
		}
		return updated, nil
	}
}

// release puts back a claimed refund whose request never left, for the sweep to send later.
func (s *Service) release(ctx context.Context, r ims.PaymentRefund, cause error) (ims.PaymentRefund, error) {
	s.Log.WarnContext(ctx, "refund not sent", "refund", r.ID, "err", cause)
	if err := s.DB.ReleaseRefund(ctx, r.ID); err != nil {
		return r, err
	}
	return s.DB.GetRefund(ctx, ims.System(), r.ID)
}

// applyAnswer records the provider's answer to the refund request.
func (s *Service) applyAnswer(ctx context.Context, r ims.PaymentRefund, got psp.Refund) (ims.PaymentRefund, error) {
	switch got.State {
	case psp.RefundSucceeded, psp.RefundFailed:
		updated, applied, err := s.applyRefundOutcome(ctx, r.ID, got.ID, got.State == psp.RefundSucceeded, "The payment provider refused the refund")
		if err == nil && applied {
			s.Log.InfoContext(ctx, "refund finished", "refund", r.ID, "state", updated.State)
		}
		if err == nil && !applied {
			return s.DB.GetRefund(ctx, ims.System(), r.ID) // a webhook or the sweep got there first
		}
		return updated, err
	default:
		if err := s.DB.RecordRefundSubmitted(ctx, r.ID, got.ID); err != nil {
			return r, err
		}
		return s.DB.GetRefund(ctx, ims.System(), r.ID)
	}
}

// settleFromProvider reads the provider's refunds of the refund's payment and returns the refund
// as that leaves it. When they cannot be read it stays as it is, for the sweep.
func (s *Service) settleFromProvider(ctx context.Context, r ims.PaymentRefund, pp ims.PendingPayment, provider psp.Provider) (ims.PaymentRefund, error) {
	if err := s.reconcileRefunds(ctx, pp, provider); err != nil {
		s.Log.WarnContext(ctx, "reading the provider's refunds", "payment", pp.ID, "err", err)
	}
	return s.DB.GetRefund(ctx, ims.System(), r.ID)
}

// GetRefund returns a refund; one sent but unfinished is first settled from the provider's list of
// the payment's refunds.
func (s *Service) GetRefund(ctx context.Context, p ims.Principal, id string) (ims.PaymentRefund, error) {
	r, err := s.DB.GetRefund(ctx, p, id)
	if err != nil || (r.State != ims.RefundSending && r.State != ims.RefundSubmitted) {
		return r, err
	}
	pp, provider, err := s.paymentAndProvider(ctx, r.PaymentID)
	if err != nil {
		s.Log.WarnContext(ctx, "refreshing refund", "refund", id, "err", err)
		return r, nil
	}
	if _, err := s.settleFromProvider(ctx, r, pp, provider); err != nil {
		return r, nil
	}
	return s.DB.GetRefund(ctx, p, id)
}

// sweepRefunds settles sent refunds from their providers, one read per payment, then sends the
// pending ones (approved, or left behind by an outage or a crash before they were sent).
func (s *Service) sweepRefunds(ctx context.Context) (finished int, err error) {
	list, err := s.DB.UnfinishedRefunds(ctx, s.DB.Clock.Now(), 200)
	if err != nil {
		return 0, err
	}
	settled := map[string]bool{}
	for _, r := range list {
		if r.State == ims.RefundPending || settled[r.PaymentID] {
			continue
		}
		settled[r.PaymentID] = true
		pp, provider, err := s.paymentAndProvider(ctx, r.PaymentID)
		if err == nil {
			err = s.reconcileRefunds(ctx, pp, provider)
		}
		if err != nil {
			s.Log.WarnContext(ctx, "sweep: refunds of payment", "payment", r.PaymentID, "err", err)
		}
	}
	for _, r := range list {
		if r.State == ims.RefundPending {
			if _, err := s.sendRefund(ctx, r, 0); err != nil {
				s.Log.WarnContext(ctx, "sweep: refund", "refund", r.ID, "err", err)
			}
		}
	}
	// What finished is what was unfinished and is no longer: one read rather than one per refund.
	still, err := s.DB.UnfinishedRefunds(ctx, s.DB.Clock.Now(), len(list)+1)
	if err != nil {
		return 0, err
	}
	open := map[string]bool{}
	for _, r := range still {
		open[r.ID] = true
	}
	for _, r := range list {
		if !open[r.ID] {
			finished++
		}
	}
	return finished, nil
}

// paymentAndProvider returns a refund's payment and the adapter of its provider account.
func (s *Service) paymentAndProvider(ctx context.Context, paymentID string) (ims.PendingPayment, psp.Provider, error) {
	pp, err := s.DB.PendingPayment(ctx, ims.System(), paymentID)
	if err != nil {
		return pp, nil, err
	}
	provider, err := s.Providers(ctx, pp.ProviderAccount)
	return pp, provider, err
}
