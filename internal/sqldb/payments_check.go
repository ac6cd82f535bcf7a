package sqldb

import (
	"context"

	"github.com/ims-council/ims"
)

// CheckPaymentRequest validates a payment request as CreatePendingPayment does, and records nothing.
// The API calls it when its own reading of a request already found problems, so the caller hears of
// every mistake at once rather than one per attempt.
func (db *DB) CheckPaymentRequest(ctx context.Context, p ims.Principal, req ims.PaymentRequest) (err error) {
	defer ims.Wrap(&err, "CheckPaymentRequest")
	if err := mayStartPayment(p, req.Source); err != nil {
		return err
	}
	mop, err := db.roleMOP(ctx, mopKindFor(req.Source))
	if err != nil {
		return err
	}
	return db.checkBasket(ctx, p, req, mop)
}

// mayStartPayment refuses a principal who may not start a payment from this source: staff need the
// Payments role, API clients the payments scope.
func mayStartPayment(p ims.Principal, source ims.Source) error {
	if source == ims.SourceStaff {
		return p.Require(ims.Payments)
	}
	if p.APIClientID != 0 {
		return p.RequireScope(ims.ScopePayments)
	}
	return nil
}
