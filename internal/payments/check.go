package payments

import (
	"context"

	"github.com/ims-council/ims"
)

// Check validates a payment request as Start does, and records nothing. A caller that found
// problems of its own in a request (an unreadable amount, say) uses it to report the rest of the
// request's problems with them.
func (s *Service) Check(ctx context.Context, p ims.Principal, req ims.PaymentRequest) (err error) {
	defer ims.Wrap(&err, "CheckPaymentRequest")
	if err := ims.MayStartPayment(p, req.Source); err != nil {
		return err
	}
	ref, err := s.DB.ReferenceView(ctx)
	if err != nil {
		return err
	}
	mop, err := ref.RoleMOP(ctx, ims.CardMOPKind(req.Source))
	if err != nil {
		return err
	}
	return s.checkBasket(ctx, p, req, ref, mop)
}
