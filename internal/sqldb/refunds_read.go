package sqldb

import (
	"context"
	"database/sql"
	"time"

	"github.com/ims-council/ims"
)

type storedRefund struct {
	ims.PaymentRefund
	hash string
}

func (db *DB) refundsWhere(ctx context.Context, q querier, where string, args ...any) ([]storedRefund, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, payment_id, COALESCE(provider_refund_id, ''), state, amount, reason,
		requested_by, approved_by, request_hash, failure_message, COALESCE(posting_id, 0), created_at, finished_at,
		sent_at, given_up_at FROM refunds WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	var out []storedRefund
	for rows.Next() {
		var sr storedRefund
		r := &sr.PaymentRefund
		var finished, sent, givenUp sql.NullTime
		if err := rows.Scan(&r.ID, &r.PaymentID, &r.ProviderRefundID, &r.State, &r.Amount, &r.Reason, &r.RequestedBy,
			&r.ApprovedBy, &sr.hash, &r.FailureMessage, &r.PostingID, &r.CreatedAt, &finished, &sent, &givenUp); err != nil {
			rows.Close()
			return nil, err
		}
		r.FinishedAt, r.SentAt, r.GivenUpAt = finished.Time, sent.Time, givenUp.Time
		out = append(out, sr)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		lines, err := q.QueryContext(ctx, `SELECT entry_id, amount FROM refund_lines WHERE refund_id = $1 ORDER BY entry_id`, out[i].ID)
		if err != nil {
			return nil, err
		}
		for lines.Next() {
			var l ims.RefundLine
			if err := lines.Scan(&l.EntryID, &l.Amount); err != nil {
				lines.Close()
				return nil, err
			}
			out[i].Lines = append(out[i].Lines, l)
		}
		lines.Close()
	}
	return out, nil
}

func (db *DB) refundWhere(ctx context.Context, q querier, where string, args ...any) (storedRefund, bool, error) {
	list, err := db.refundsWhere(ctx, q, where, args...)
	if err != nil || len(list) == 0 {
		return storedRefund{}, false, err
	}
	return list[0], true, nil
}

// GetRefund returns a refund. An API client sees only refunds of its own payments.
func (db *DB) GetRefund(ctx context.Context, p ims.Principal, id string) (ims.PaymentRefund, error) {
	sr, found, err := db.refundWhere(ctx, db.SQL, `id = $1`, id)
	if err != nil {
		return ims.PaymentRefund{}, err
	}
	if found && p.APIClientID != 0 {
		pp, err := db.PendingPayment(ctx, p, sr.PaymentID)
		found = err == nil && pp.ID != ""
	}
	if !found {
		return ims.PaymentRefund{}, ims.Errorf(ims.NotFound, "Refund %s does not exist", id)
	}
	return sr.PaymentRefund, nil
}

// UnfinishedRefunds returns refunds approved but not finished (pending, sending or submitted),
// created before the given time, oldest first.
func (db *DB) UnfinishedRefunds(ctx context.Context, before time.Time, limit int) ([]ims.PaymentRefund, error) {
	return db.plainRefunds(ctx, `state IN ('pending', 'sending', 'submitted') AND created_at < $1 ORDER BY created_at LIMIT $2`, before, limit)
}

// RefundsOf returns every refund of a payment, oldest first.
func (db *DB) RefundsOf(ctx context.Context, paymentID string) ([]ims.PaymentRefund, error) {
	return db.plainRefunds(ctx, `payment_id = $1 ORDER BY created_at, id`, paymentID)
}

// RefundStatesOf counts a payment's refunds in each state: a cheap look, without their lines, for
// callers that only need to know whether one is in flight.
func (db *DB) RefundStatesOf(ctx context.Context, paymentID string) (map[ims.RefundState]int, error) {
	rows, err := db.SQL.QueryContext(ctx, `SELECT state, COUNT(*) FROM refunds WHERE payment_id = $1 GROUP BY state`, paymentID)
	if err != nil {
		return nil, db.classify(err)
	}
	defer rows.Close()
	counts := map[ims.RefundState]int{}
	for rows.Next() {
		var state ims.RefundState
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			return nil, err
		}
		counts[state] = n
	}
	return counts, rows.Err()
}

func (db *DB) plainRefunds(ctx context.Context, where string, args ...any) ([]ims.PaymentRefund, error) {
	list, err := db.refundsWhere(ctx, db.SQL, where, args...)
	out := make([]ims.PaymentRefund, len(list))
	for i, sr := range list {
		out[i] = sr.PaymentRefund
	}
	return out, err
}
