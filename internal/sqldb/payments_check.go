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
	if err := ims.MayStartPayment(p, req.Source); err != nil {
		return err
	}
	mop, err := db.roleMOP(ctx, ims.CardMOPKind(req.Source))
	if err != nil {
		return err
	}
	return db.checkBasket(ctx, p, req, mop)
}
