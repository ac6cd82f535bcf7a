package sqldb

import (
	"context"
	"fmt"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

// RefundByIdempotencyKey returns the refund a requester (Principal.Actor) asked for with an
// idempotency key, with the hash of the request, and false when there is none.
func (db *DB) RefundByIdempotencyKey(ctx context.Context, requestedBy, key string) (r ims.PaymentRefund, requestHash string, found bool, err error) {
	sr, found, err := db.refundWhere(ctx, db.SQL, `requested_by = $1 AND idempotency_key = $2`, requestedBy, key)
	return sr.PaymentRefund, sr.hash, found, err
}

// LockSucceededPayment returns a succeeded payment with its row locked until tx ends, so that two
// refunds of one payment are worked out one after the other and cannot both take the same money;
// false when no succeeded payment has the id.
func (tx *Tx) LockSucceededPayment(ctx context.Context, id string) (ims.PendingPayment, bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE pending_payments SET updated_at = updated_at WHERE id = $1 AND state = 'succeeded'`, id)
	if err != nil {
		return ims.PendingPayment{}, false, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ims.PendingPayment{}, false, nil
	}
	return tx.PendingPayment(ctx, id)
}

// Refundable returns, for each payment entry of a posting, how much can still be refunded: its
// amount less the refunds that have not failed or been rejected and what was journalled away, computed from the rows, never
// stored; byLine maps the posting's line numbers to entry ids.
func (tx *Tx) Refundable(ctx context.Context, postingID int64) (left map[int64]money.Pence, byLine map[int]int64, err error) {
	return tx.owner.refundable(ctx, tx, postingID)
}

// InsertRefund records a new refund and its lines in tx, with the idempotency key and the hash of
// the request that asked for it. A refund with the same requester and key is a Conflict for which
// IsDuplicate is true.
func (tx *Tx) InsertRefund(ctx context.Context, r ims.PaymentRefund, idempotencyKey, requestHash string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO refunds (id, payment_id, state, amount, reason, requested_by, approved_by,
		idempotency_key, request_hash, failure_message, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, '', $7, $8, '', $9, $9)`,
		r.ID, r.PaymentID, r.State, r.Amount, r.Reason, r.RequestedBy, idempotencyKey, requestHash, r.CreatedAt); err != nil {
		return err
	}
	for _, l := range r.Lines {
		if _, err := tx.ExecContext(ctx, `INSERT INTO refund_lines (refund_id, entry_id, amount) VALUES ($1, $2, $3)`, r.ID, l.EntryID, l.Amount); err != nil {
			return err
		}
	}
	return nil
}

// refundable returns, for each payment entry of a posting, how much can still be refunded: its
// amount less the refunds that have not failed or been rejected and less what journals and
// transfers took from it (availableOf). It is computed from the rows, never stored. byLine
// maps the posting's line numbers to entry ids.
func (db *DB) refundable(ctx context.Context, q querier, postingID int64) (left map[int64]money.Pence, byLine map[int]int64, err error) {
	rows, err := q.QueryContext(ctx, `SELECT e.id, e.line, `+availableOf+`
		FROM ledger_entries e WHERE e.posting_id = $1 AND e.kind = 'payment' ORDER BY e.line`, postingID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	left, byLine = map[int64]money.Pence{}, map[int]int64{}
	for rows.Next() {
		var id int64
		var line int
		var amount money.Pence
		if err := rows.Scan(&id, &line, &amount); err != nil {
			return nil, nil, err
		}
		left[id], byLine[line] = amount, id
	}
	return left, byLine, rows.Err()
}

// DecideRefund moves a refund awaiting approval to state (pending when approved, rejected), recording
// who decided and the message kept as its failure message, and reports whether it was still
// awaiting approval.
func (tx *Tx) DecideRefund(ctx context.Context, id string, state ims.RefundState, decidedBy, message string) (bool, error) {
	now := tx.Now()
	var finished any
	if state.Finished() {
		finished = now
	}
	res, err := tx.ExecContext(ctx, `UPDATE refunds SET state = $1, approved_by = $2, failure_message = $3, updated_at = $4,
		finished_at = $5 WHERE id = $6 AND state = 'awaiting_approval'`, state, decidedBy, message, now, finished, id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RecordRefundSubmitted notes the provider's id of a refund it accepted and is still processing.
func (db *DB) RecordRefundSubmitted(ctx context.Context, id, providerRefundID string) error {
	_, err := db.exec(ctx, `UPDATE refunds SET provider_refund_id = $1, state = 'submitted', updated_at = $2
		WHERE id = $3 AND state = 'sending' AND (provider_refund_id IS NULL OR provider_refund_id = $1)`, providerRefundID, db.now(), id)
	return db.classify(err)
}

// Refund returns the refund id as tx sees it, and false when there is none.
func (tx *Tx) Refund(ctx context.Context, id string) (ims.PaymentRefund, bool, error) {
	sr, found, err := tx.owner.refundWhere(ctx, tx, `id = $1`, id)
	return sr.PaymentRefund, found, err
}

// FinishRefund moves a refund being sent or submitted to its final state, by a conditional
// UPDATE, so that of all the callers that bring its outcome only the first changes it; with
// reviveGivenUp a refund IMS gave up on (failed, given_up_at set) moves too. The provider's refund
// id is kept when the refund has none, and must match the one it has. finished reports whether this
// call moved it, at the time it returns.
func (tx *Tx) FinishRefund(ctx context.Context, id, providerRefundID string, state ims.RefundState, message string,
	reviveGivenUp bool) (finished bool, at time.Time, err error) {
	revivable := "FALSE"
	if reviveGivenUp {
		revivable = "given_up_at IS NOT NULL"
	}
	at = tx.Now()
	res, err := tx.ExecContext(ctx, `UPDATE refunds SET state = $1, failure_message = $2, provider_refund_id = COALESCE(provider_refund_id, NULLIF($3, '')),
		updated_at = $4, finished_at = $4 WHERE id = $5 AND (state IN ('sending', 'submitted') OR (state = 'failed' AND `+revivable+`))
		AND (provider_refund_id IS NULL OR provider_refund_id = $3 OR $3 = '')`, state, message, providerRefundID, at, id)
	if err != nil {
		return false, at, err
	}
	n, err := res.RowsAffected()
	return n == 1, at, err
}

// RefundedEntries returns the ledger entries a refund returns money of, by id.
func (tx *Tx) RefundedEntries(ctx context.Context, r ims.PaymentRefund) (map[int64]ims.LedgerEntry, error) {
	refunded := map[int64]ims.LedgerEntry{}
	for _, l := range r.Lines {
		e := ims.LedgerEntry{ID: l.EntryID}
		if err := tx.QueryRowContext(ctx, `SELECT fund, reference, mop, vat_code, psp_payment_id, psp_reference, card_brand, card_last4
			FROM ledger_entries WHERE id = $1`, l.EntryID).Scan(&e.Fund, &e.Reference, &e.MOP, &e.VATCode, &e.PSPPaymentID,
			&e.PSPReference, &e.CardBrand, &e.CardLast4); err != nil {
			return nil, fmt.Errorf("reading entry %d refunded by %s: %w", l.EntryID, r.ID, err)
		}
		refunded[l.EntryID] = e
	}
	return refunded, nil
}

// SetRefundPosting records the posting a succeeded refund was posted as.
func (tx *Tx) SetRefundPosting(ctx context.Context, id string, postingID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE refunds SET posting_id = $1 WHERE id = $2`, postingID, id)
	return err
}
