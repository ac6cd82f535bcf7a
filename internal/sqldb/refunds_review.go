package sqldb

import (
	"context"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

// PaymentFunds returns the distinct funds of a card payment's posted payment entries, so a refund
// or its approval can be limited to staff who see all of them; none when it was never posted.
func (tx *Tx) PaymentFunds(ctx context.Context, paymentID string) ([]string, error) {
	return tx.owner.paymentFunds(ctx, tx, paymentID)
}

func (db *DB) paymentFunds(ctx context.Context, q querier, paymentID string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT e.fund FROM pending_payments p
		JOIN ledger_entries e ON e.posting_id = p.posting_id AND e.kind = 'payment' WHERE p.id = $1 ORDER BY e.fund`, paymentID)
	if err != nil {
		return nil, db.classify(err)
	}
	defer rows.Close()
	var funds []string
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			return nil, err
		}
		funds = append(funds, f)
	}
	return funds, rows.Err()
}

// RefundableNow returns what is left to refund of each payment entry of a posting (by entry id),
// read outside any transaction: what a form shows, which the refund itself checks again under lock.
func (db *DB) RefundableNow(ctx context.Context, postingID int64) (map[int64]money.Pence, error) {
	left, _, err := db.refundable(ctx, db.SQL, postingID)
	return left, err
}

// RefundsAwaitingApproval returns up to limit refunds awaiting approval, oldest first, each with
// its payment's receipt number and funds and the name of the user who asked for it.
func (db *DB) RefundsAwaitingApproval(ctx context.Context, limit int) ([]ims.RefundAwaiting, error) {
	list, err := db.plainRefunds(ctx, `state = 'awaiting_approval' ORDER BY created_at, id LIMIT $1`, limit)
	if err != nil {
		return nil, err
	}
	out := make([]ims.RefundAwaiting, 0, len(list))
	for _, r := range list {
		ra := ims.RefundAwaiting{PaymentRefund: r}
		if err := db.SQL.QueryRowContext(ctx, `SELECT receipt_number FROM pending_payments WHERE id = $1`, r.PaymentID).Scan(&ra.Receipt); err != nil {
			return nil, db.classify(err)
		}
		if ra.Funds, err = db.paymentFunds(ctx, db.SQL, r.PaymentID); err != nil {
			return nil, err
		}
		if id, isUser := strings.CutPrefix(r.RequestedBy, "user:"); isUser {
			userID, _ := strconv.ParseInt(id, 10, 64)
			if err := db.SQL.QueryRowContext(ctx, `SELECT COALESCE(MAX(name), '') FROM users WHERE id = $1`, userID).Scan(&ra.RequesterName); err != nil {
				return nil, db.classify(err)
			}
		}
		out = append(out, ra)
	}
	return out, nil
}

// PaymentFunds returns the distinct funds of a card payment's posted payment entries (see
// Tx.PaymentFunds), outside any transaction.
func (db *DB) PaymentFunds(ctx context.Context, paymentID string) ([]string, error) {
	return db.paymentFunds(ctx, db.SQL, paymentID)
}
