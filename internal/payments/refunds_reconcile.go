package payments

import (
	"context"
	"sort"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp"
	"github.com/ims-council/ims/internal/sqldb"
)

const (
	// refundGiveUpAfter is how long a sent refund may stay unknown to the provider before IMS
	// stops waiting and fails it. Requests time out within seconds, so by then the provider would
	// long have listed a refund it made; if it ever does, the refund is posted after all.
	refundGiveUpAfter = 10 * time.Minute
	// refundClockSkew allows for the provider's clock being behind ours when a refund it lists is
	// matched to the IMS refund sent just before it.
	refundClockSkew = 5 * time.Minute
)

// reconcileRefunds reads every refund the provider holds for a payment and makes IMS agree with
// it: each provider refund is matched to the IMS refund that asked for it, whose outcome is then
// applied (posting a success even if IMS had given up on it); one that no IMS refund asked for is
// recorded for a person to look into; and a refund sent long ago that the provider still does not
// list is failed. Nothing is ever sent from here.
func (s *Service) reconcileRefunds(ctx context.Context, pp ims.PendingPayment, provider psp.Provider) error {
	theirs, err := provider.ListRefunds(ctx, pp.ProviderPaymentID)
	if err != nil {
		return err
	}
	ours, err := s.DB.RefundsOf(ctx, pp.ID)
	if err != nil {
		return err
	}
	matches, unmatched := matchRefunds(ours, theirs)
	matched := map[string]bool{}
	for _, m := range matches {
		matched[m.ours.ID] = true
		if err := s.applyMatch(ctx, m); err != nil {
			return err
		}
	}
	for _, t := range unmatched {
		found, err := s.DB.RecordUnmatchedProviderRefund(ctx, sqldb.UnmatchedProviderRefund{PaymentID: pp.ID,
			ProviderRefundID: t.ID, Amount: t.Amount, Status: string(t.State), ProviderCreatedAt: t.CreatedAt})
		if err != nil {
			return err
		}
		if found {
			s.Log.ErrorContext(ctx, "the payment provider holds a refund no IMS refund asked for: look into it",
				"payment", pp.ID, "provider_refund", t.ID, "amount", t.Amount.String(), "status", t.State)
		}
	}
	now := s.DB.Clock.Now()
	for _, r := range ours {
		if r.State == ims.RefundSending && !matched[r.ID] && now.Sub(r.SentAt) > refundGiveUpAfter {
			applied, err := s.DB.GiveUpRefund(ctx, r.ID, "The payment provider has no record of this refund "+
				refundGiveUpAfter.String()+" after it was sent, so nothing was refunded; ask for it again if it is still due")
			if err != nil {
				return err
			}
			if applied {
				s.Log.WarnContext(ctx, "refund given up: the provider has no record of it", "refund", r.ID)
			}
		}
	}
	return nil
}

// applyMatch makes an IMS refund agree with the provider's record of it.
func (s *Service) applyMatch(ctx context.Context, m refundMatch) error {
	r, t := m.ours, m.theirs
	if r.State == ims.RefundSucceeded || (r.State.Finished() && r.GivenUpAt.IsZero()) {
		if (r.State == ims.RefundSucceeded) != (t.State == psp.RefundSucceeded) {
			s.Log.ErrorContext(ctx, "the provider reports a finished refund differently: look into it",
				"refund", r.ID, "ims_state", r.State, "provider_state", t.State)
		}
		return nil
	}
	switch t.State {
	case psp.RefundSucceeded, psp.RefundFailed:
		if r.State == ims.RefundFailed && t.State == psp.RefundFailed {
			return nil // given up, and the provider agrees nothing was refunded
		}
		updated, applied, err := s.applyRefundOutcome(ctx, r.ID, t.ID, t.State == psp.RefundSucceeded, "The payment provider refused the refund")
		if err == nil && applied {
			s.Log.InfoContext(ctx, "refund finished from the provider's records", "refund", r.ID, "state", updated.State)
		}
		return err
	default:
		if r.State == ims.RefundSending {
			return s.DB.RecordRefundSubmitted(ctx, r.ID, t.ID)
		}
		return nil
	}
}

// A refundMatch pairs an IMS refund with the provider's record of it.
type refundMatch struct {
	ours   ims.PaymentRefund
	theirs psp.Refund
}

// matchRefunds pairs the provider's refunds of a payment with IMS's. A provider refund whose id an
// IMS refund already holds is that refund's. Any other is the earliest-sent IMS refund of the same
// amount that was sent (sending, or given up) without the provider's id and no later than the
// provider made it, allowing for clock skew; IMS sends one refund of a payment at a time, so there
// is at most one such refund in flight. The rest are unmatched: refunds IMS did not ask for.
func matchRefunds(ours []ims.PaymentRefund, theirs []psp.Refund) (matches []refundMatch, unmatched []psp.Refund) {
	byProviderID := map[string]ims.PaymentRefund{}
	var candidates []ims.PaymentRefund
	for _, r := range ours {
		switch {
		case r.ProviderRefundID != "":
			byProviderID[r.ProviderRefundID] = r
		case r.State == ims.RefundSending || (r.State == ims.RefundFailed && !r.GivenUpAt.IsZero()):
			candidates = append(candidates, r)
		}
	}
	sort.SliceStable(candidates, func(i, j int) bool { return candidates[i].SentAt.Before(candidates[j].SentAt) })
	theirs = append([]psp.Refund(nil), theirs...)
	sort.SliceStable(theirs, func(i, j int) bool { return theirs[i].CreatedAt.Before(theirs[j].CreatedAt) })
	used := make([]bool, len(candidates))
	for _, t := range theirs {
		if r, ok := byProviderID[t.ID]; ok {
			matches = append(matches, refundMatch{r, t})
			continue
		}
		found := false
		for i, r := range candidates {
			if used[i] || r.Amount != t.Amount || (!t.CreatedAt.IsZero() && t.CreatedAt.Before(r.SentAt.Add(-refundClockSkew))) {
				continue
			}
			used[i], found = true, true
			matches = append(matches, refundMatch{r, t})
			break
		}
		if !found {
			unmatched = append(unmatched, t)
		}
	}
	return matches, unmatched
}
