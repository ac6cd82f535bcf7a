package payments

import (
	"context"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp"
	"github.com/ims-council/ims/money"
)

// Refund records a refund request and, unless it awaits approval, sends it to the provider. The
// provider's answer is applied at once when final; a refund the provider is still processing is
// finished later by the webhook or the sweep. A provider that cannot be reached leaves the refund
// pending: the sweep sends it again with the same idempotency key, so it is never sent twice.
func (s *Service) Refund(ctx context.Context, p ims.Principal, req ims.RefundRequest) (ims.PaymentRefund, bool, error) {
	r, created, err := s.DB.CreateRefund(ctx, p, req, s.RefundApprovalLimit)
	if err != nil || r.State != ims.RefundPending {
		return r, created, err
	}
	r, err = s.sendRefund(ctx, r)
	return r, created, err
}

// ApproveRefund releases a refund above the approval limit and sends it.
func (s *Service) ApproveRefund(ctx context.Context, p ims.Principal, id string) (ims.PaymentRefund, error) {
	if err := s.DB.ApproveRefund(ctx, p, id); err != nil {
		return ims.PaymentRefund{}, err
	}
	r, err := s.DB.GetRefund(ctx, ims.System(), id)
	if err != nil {
		return r, err
	}
	return s.sendRefund(ctx, r)
}

// sendRefund asks the provider for a pending refund and applies its answer.
func (s *Service) sendRefund(ctx context.Context, r ims.PaymentRefund) (ims.PaymentRefund, error) {
	pp, provider, err := s.paymentAndProvider(ctx, r.PaymentID)
	if err != nil {
		return r, err
	}
	available, err := s.providerAvailable(ctx, provider, pp)
	if err != nil {
		s.Log.WarnContext(ctx, "refund not sent: provider unavailable", "refund", r.ID, "err", err)
		return r, nil
	}
	got, err := provider.Refund(ctx, pp.ProviderPaymentID, psp.RefundRequest{Amount: r.Amount, ExpectedAvailable: available, IdempotencyKey: r.ID})
	switch ims.ErrorCode(err) {
	case "":
	case ims.Unavailable:
		s.Log.WarnContext(ctx, "refund not sent: provider unavailable", "refund", r.ID, "err", err)
		return r, nil
	default:
		updated, _, aerr := s.DB.ApplyRefundOutcome(ctx, r.ID, "", false, ims.ErrorMessage(err))
		if aerr != nil {
			return r, aerr
		}
		return updated, nil
	}
	return s.applyRefund(ctx, r, got)
}

// providerAvailable is what the provider believes can still be refunded before this refund: GOV.UK
// Pay refuses a refund whose expectation disagrees, which stops the same money going back twice.
func (s *Service) providerAvailable(ctx context.Context, provider psp.Provider, pp ims.PendingPayment) (money.Pence, error) {
	got, err := provider.GetPayment(ctx, pp.ProviderPaymentID)
	if err != nil {
		return 0, err
	}
	return got.RefundAvailable, nil
}

func (s *Service) applyRefund(ctx context.Context, r ims.PaymentRefund, got psp.Refund) (ims.PaymentRefund, error) {
	switch got.State {
	case psp.RefundSucceeded, psp.RefundFailed:
		updated, applied, err := s.DB.ApplyRefundOutcome(ctx, r.ID, got.ID, got.State == psp.RefundSucceeded, "The payment provider refused the refund")
		if err == nil && applied {
			s.Log.InfoContext(ctx, "refund finished", "refund", r.ID, "state", updated.State)
		}
		return updated, err
	default:
		if err := s.DB.RecordRefundSubmitted(ctx, r.ID, got.ID); err != nil {
			return r, err
		}
		r.State, r.ProviderRefundID = ims.RefundSubmitted, got.ID
		return r, nil
	}
}

// refreshRefund asks the provider about a submitted refund, or sends a pending one again.
func (s *Service) refreshRefund(ctx context.Context, r ims.PaymentRefund) (ims.PaymentRefund, error) {
	if r.State == ims.RefundPending {
		return s.sendRefund(ctx, r)
	}
	if r.State != ims.RefundSubmitted {
		return r, nil
	}
	pp, provider, err := s.paymentAndProvider(ctx, r.PaymentID)
	if err != nil {
		return r, err
	}
	got, err := provider.GetRefund(ctx, pp.ProviderPaymentID, r.ProviderRefundID)
	if err != nil {
		return r, err
	}
	return s.applyRefund(ctx, r, got)
}

// GetRefund returns a refund, refreshed from the provider while it is unfinished.
func (s *Service) GetRefund(ctx context.Context, p ims.Principal, id string) (ims.PaymentRefund, error) {
	r, err := s.DB.GetRefund(ctx, p, id)
	if err != nil || r.State.Finished() {
		return r, err
	}
	refreshed, err := s.refreshRefund(ctx, r)
	if err != nil {
		s.Log.WarnContext(ctx, "refreshing refund", "refund", id, "err", err)
		return r, nil
	}
	return refreshed, nil
}

// sweepRefunds sends pending refunds again and asks about submitted ones.
func (s *Service) sweepRefunds(ctx context.Context) (finished int, err error) {
	list, err := s.DB.UnfinishedRefunds(ctx, s.DB.Clock.Now(), 200)
	if err != nil {
		return 0, err
	}
	for _, r := range list {
		updated, err := s.refreshRefund(ctx, r)
		if err != nil {
			s.Log.WarnContext(ctx, "sweep: refund", "refund", r.ID, "err", err)
			continue
		}
		if updated.State.Finished() {
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
