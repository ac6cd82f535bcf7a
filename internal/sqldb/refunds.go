package sqldb

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

// CreateRefund records a refund request against a succeeded card payment, checking everything that
// can be checked before the provider is asked: the requester's roles (Refund; PartialRefund for less
// than everything still refundable), a reason, a refundable MOP, and each line's amount against what
// is left of it (its amount less refunds that have not failed). The payment's row is locked while
// this is worked out, so two refunds of one payment cannot both take the same money. A refund above
// approvalLimit (when positive) waits for a RefundApprover. The same requester repeating an
// Idempotency-Key gets the first refund back (created false); the same key with another request is
// a Conflict.
func (db *DB) CreateRefund(ctx context.Context, p ims.Principal, req ims.RefundRequest, approvalLimit money.Pence) (r ims.PaymentRefund, created bool, err error) {
	defer ims.Wrap(&err, "CreateRefund(%q)", req.PaymentID)
	if err := ims.MayRequestRefund(p); err != nil {
		return r, false, err
	}
	if err := req.Check(); err != nil {
		return r, false, err
	}
	hash := refundHash(req)
	if existing, found, err := db.refundWhere(ctx, db.SQL, `requested_by = $1 AND idempotency_key = $2`, p.Actor(), req.IdempotencyKey); err != nil || found {
		if found && existing.hash != hash {
			return r, false, ims.Errorf(ims.Conflict, "Idempotency key %q was used for a different refund", req.IdempotencyKey)
		}
		return existing.PaymentRefund, false, err
	}
	err = db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE pending_payments SET updated_at = updated_at WHERE id = $1 AND state = 'succeeded'`, req.PaymentID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ims.Errorf(ims.NotFound, "There is no succeeded payment %s to refund", req.PaymentID)
		}
		sp, _, err := db.onePayment(ctx, tx, `id = $1`, req.PaymentID)
		if err != nil {
			return err
		}
		if p.APIClientID != 0 && sp.APIClientID != p.APIClientID {
			return ims.Errorf(ims.NotFound, "There is no succeeded payment %s to refund", req.PaymentID)
		}
		mop, _, err := db.MOPs().get(ctx, tx, sp.MOP)
		if err != nil {
			return err
		}
		if err := ims.CheckRefundable(mop); err != nil {
			return err
		}
		remaining, byLine, err := db.refundable(ctx, tx, sp.PostingID)
		if err != nil {
			return err
		}
		lines, partial, err := ims.RefundLines(req.Lines, remaining, byLine)
		if err != nil {
			return err
		}
		if partial {
			if err := ims.MayRefundPartly(p); err != nil {
				return err
			}
		}
		now := db.now()
		id, err := randomText(db.Rand, 15)
		if err != nil {
			return err
		}
		r = ims.PaymentRefund{ID: "ref-" + strings.ToLower(id), PaymentID: req.PaymentID,
			Reason: strings.TrimSpace(req.Reason), RequestedBy: p.Actor(), Lines: lines, CreatedAt: now}
		for _, l := range lines {
			r.Amount += l.Amount
		}
		r.State = ims.RefundStateFor(r.Amount, approvalLimit)
		if _, err := tx.ExecContext(ctx, `INSERT INTO refunds (id, payment_id, state, amount, reason, requested_by, approved_by,
			idempotency_key, request_hash, failure_message, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, '', $7, $8, '', $9, $9)`,
			r.ID, r.PaymentID, r.State, r.Amount, r.Reason, r.RequestedBy, req.IdempotencyKey, hash, now); err != nil {
			return err
		}
		for _, l := range lines {
			if _, err := tx.ExecContext(ctx, `INSERT INTO refund_lines (refund_id, entry_id, amount) VALUES ($1, $2, $3)`, r.ID, l.EntryID, l.Amount); err != nil {
				return err
			}
		}
		return db.audit(ctx, tx, p, "request", "refund", r.ID, nil, r)
	})
	if uniqueViolation(err) {
		return db.CreateRefund(ctx, p, req, approvalLimit) // a concurrent repeat of the same key won
	}
	return r, err == nil, err
}

// refundable returns, for each payment entry of a posting, how much can still be refunded: its
// amount less the refunds that have not failed or been rejected. It is computed from the rows, never stored. byLine
// maps the posting's line numbers to entry ids.
func (db *DB) refundable(ctx context.Context, q querier, postingID int64) (left map[int64]money.Pence, byLine map[int]int64, err error) {
	rows, err := q.QueryContext(ctx, `SELECT e.id, e.line, e.amount - COALESCE((SELECT SUM(rl.amount) FROM refund_lines rl
			JOIN refunds r ON r.id = rl.refund_id WHERE rl.entry_id = e.id AND r.state NOT IN ('failed', 'rejected')), 0)
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

func refundHash(req ims.RefundRequest) string {
	req.IdempotencyKey = ""
	return requestHashOf(req)
}

// ApproveRefund lets a RefundApprover (or an API client with scope refund-approvals), who is not
// the person or client who asked for it, release a refund above the approval limit to be sent. An
// approving client may decide on any client's refunds: approving is its whole purpose.
func (db *DB) ApproveRefund(ctx context.Context, p ims.Principal, id string) (err error) {
	defer ims.Wrap(&err, "ApproveRefund(%q)", id)
	return db.decideRefund(ctx, p, id, "approve", ims.RefundPending, "")
}

// RejectRefund lets a RefundApprover (or an API client with scope refund-approvals), who is not the
// requester, refuse a refund above the approval limit: nothing is sent and the money stays
// refundable. The reason is required and kept as the refund's failure message.
func (db *DB) RejectRefund(ctx context.Context, p ims.Principal, id, reason string) (err error) {
	defer ims.Wrap(&err, "RejectRefund(%q)", id)
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return ims.FieldError("reason", "Enter the reason for rejecting the refund")
	}
	return db.decideRefund(ctx, p, id, "reject", ims.RefundRejected, "Rejected: "+reason)
}

// decideRefund moves a refund awaiting approval to state, recording who decided and auditing it.
func (db *DB) decideRefund(ctx context.Context, p ims.Principal, id, action string, state ims.RefundState, message string) error {
	if err := ims.MayDecideRefund(p); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		r, found, err := db.refundWhere(ctx, tx, `id = $1`, id)
		if err != nil {
			return err
		}
		if !found {
			return ims.Errorf(ims.NotFound, "Refund %s does not exist", id)
		}
		if err := ims.CheckRefundDecision(r.PaymentRefund, p); err != nil {
			return err
		}
		now := db.now()
		var finished any
		if state.Finished() {
			finished = now
		}
		res, err := tx.ExecContext(ctx, `UPDATE refunds SET state = $1, approved_by = $2, failure_message = $3, updated_at = $4,
			finished_at = $5 WHERE id = $6 AND state = 'awaiting_approval'`, state, p.Actor(), message, now, finished, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ims.Errorf(ims.Conflict, "Refund %s is not awaiting approval", id)
		}
		after := r.PaymentRefund
		after.State, after.ApprovedBy, after.FailureMessage = state, p.Actor(), message
		return db.audit(ctx, tx, p, action, "refund", id, r.PaymentRefund, after)
	})
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
