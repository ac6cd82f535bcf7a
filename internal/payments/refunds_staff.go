package payments

import (
	"context"

	"github.com/ims-council/ims"
)

// maxAwaitingShown is how many refunds awaiting approval one read returns: an approver works
// through the oldest first, and more than this waiting is a backlog to raise, not to page through.
const maxAwaitingShown = 500

// Refundable returns what a payment still allows to be refunded, for the refund form: the caller
// must be allowed to request refunds and see every fund of the payment (else NotFound, as if it
// did not exist), and the payment must have succeeded.
func (s *Service) Refundable(ctx context.Context, p ims.Principal, paymentID string) (out ims.RefundableLines, err error) {
	defer ims.Wrap(&err, "Refundable(%q)", paymentID)
	if err := ims.MayRequestRefund(p); err != nil {
		return out, err
	}
	pp, err := s.DB.PendingPayment(ctx, p, paymentID)
	if err != nil {
		return out, err
	}
	funds, err := s.DB.PaymentFunds(ctx, paymentID)
	if err != nil {
		return out, err
	}
	if pp.State != ims.PaymentSucceeded || !p.SeesEveryFund(funds) {
		return out, ims.Errorf(ims.NotFound, "There is no succeeded payment %s to refund", paymentID)
	}
	mop, err := s.DB.MOPs().Get(ctx, pp.MOP)
	if err != nil {
		return out, err
	}
	left, err := s.DB.RefundableNow(ctx, pp.PostingID)
	if err != nil {
		return out, err
	}
	return ims.RefundableLines{PaymentID: pp.ID, MOP: mop.Code, MOPName: mop.Name, MOPRefundable: mop.Refundable, Left: left}, nil
}

// RefundsAwaitingApproval returns the refunds above the approval limit that wait for a decision,
// oldest first, limited to those whose payment's funds the caller all sees (failing closed: a
// refund of funds outside the caller's groups is left out).
func (s *Service) RefundsAwaitingApproval(ctx context.Context, p ims.Principal) ([]ims.RefundAwaiting, error) {
	if err := ims.MayDecideRefund(p); err != nil {
		return nil, err
	}
	all, err := s.DB.RefundsAwaitingApproval(ctx, maxAwaitingShown)
	if err != nil {
		return nil, err
	}
	var seen []ims.RefundAwaiting
	for _, r := range all {
		if p.SeesEveryFund(r.Funds) {
			seen = append(seen, r)
		}
	}
	return seen, nil
}
