package sqldb

import (
	"context"

	"github.com/ims-council/ims"
)

// SucceededPayments returns the succeeded card payments of a provider account that the provider
// knows by an id, oldest first: what a simulator standing in for the provider must know of to
// refund them (see govukpaysim.Simulator.Adopt).
func (db *DB) SucceededPayments(ctx context.Context, account string) ([]ims.PendingPayment, error) {
	list, err := db.queryPayments(ctx, db.SQL, `provider_account = $1 AND state = 'succeeded' AND provider_payment_id <> ''
		ORDER BY created_at, id`, account)
	out := make([]ims.PendingPayment, len(list))
	for i, sp := range list {
		out[i] = sp.PendingPayment
	}
	return out, err
}
