package sqldb

import (
	"context"
	"database/sql"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

// ClaimRefund moves a pending refund to sending, recording when, and audits it. Only the caller that
// makes this move may send the refund to the provider, so it is sent at most once however many
// requests, webhooks, sweeps and instances reach it. busy reports that another refund of the same
// payment is in flight (one at a time per payment); claimed false and busy false mean the refund is
// no longer pending, because someone else claimed it or it finished. r is the refund as it now stands.
func (db *DB) ClaimRefund(ctx context.Context, id string) (r ims.PaymentRefund, claimed, busy bool, err error) {
	defer ims.Wrap(&err, "ClaimRefund(%q)", id)
	err = db.InTx(ctx, func(tx *Tx) error {
		claimed = false // a transaction may be run again after losing to another
		now := db.now()
		res, err := tx.ExecContext(ctx, `UPDATE refunds SET state = 'sending', sent_at = $1, updated_at = $1
			WHERE id = $2 AND state = 'pending'`, now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil
		}
		claimed = true
		return db.audit(ctx, tx, ims.System(), "send", "refund", id, nil, map[string]any{"sent_at": now})
	})
	if uniqueViolation(err) {
		// refunds_one_sending: another refund of the payment is in flight.
		claimed, busy, err = false, true, nil
	}
	if err != nil {
		return r, false, false, db.classify(err)
	}
	r, err = db.GetRefund(ctx, ims.System(), id)
	return r, claimed, busy, err
}

// ReleaseRefund puts a refund back to pending after its request could not leave IMS (the provider
// could not be connected to, or the payment could not be read first), so it can be sent later.
func (db *DB) ReleaseRefund(ctx context.Context, id string) error {
	_, err := db.exec(ctx, `UPDATE refunds SET state = 'pending', sent_at = NULL, updated_at = $1
		WHERE id = $2 AND state = 'sending'`, db.now(), id)
	return db.classify(err)
}

// GiveUpRefund fails a refund that was sent but that the provider still has no record of, long
// after it could have acted on it. given_up_at marks it as one the provider might yet report; if it
// does, the payment service posts it after all.
func (db *DB) GiveUpRefund(ctx context.Context, id, message string) (applied bool, err error) {
	defer ims.Wrap(&err, "GiveUpRefund(%q)", id)
	err = db.InTx(ctx, func(tx *Tx) error {
		applied = false
		now := db.now()
		res, err := tx.ExecContext(ctx, `UPDATE refunds SET state = 'failed', failure_message = $1, given_up_at = $2, finished_at = $2,
			updated_at = $2 WHERE id = $3 AND state = 'sending' AND provider_refund_id IS NULL`, message, now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil
		}
		applied = true
		return db.audit(ctx, tx, ims.System(), "refund_given_up", "refund", id, nil, map[string]string{"message": message})
	})
	return applied, err
}

// An UnmatchedProviderRefund is a refund the provider holds that no IMS refund asked for.
type UnmatchedProviderRefund struct {
	PaymentID         string      `json:"payment_id"`
	ProviderRefundID  string      `json:"provider_refund_id"`
	Amount            money.Pence `json:"amount"`
	Status            string      `json:"status"`
	ProviderCreatedAt time.Time   `json:"provider_created_at,omitzero"`
	FoundAt           time.Time   `json:"found_at"`
}

// RecordUnmatchedProviderRefund keeps a refund the provider made that IMS did not ask for, for a
// person to look into, and audits it the first time it is seen. found reports that first time.
func (db *DB) RecordUnmatchedProviderRefund(ctx context.Context, u UnmatchedProviderRefund) (found bool, err error) {
	defer ims.Wrap(&err, "RecordUnmatchedProviderRefund(%q)", u.ProviderRefundID)
	err = db.InTx(ctx, func(tx *Tx) error {
		found = false
		var created any
		if !u.ProviderCreatedAt.IsZero() {
			created = u.ProviderCreatedAt.UTC()
		}
		u.FoundAt = db.now()
		res, err := tx.ExecContext(ctx, `INSERT INTO unmatched_provider_refunds (payment_id, provider_refund_id, amount, status,
			provider_created_at, found_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
			u.PaymentID, u.ProviderRefundID, u.Amount, u.Status, created, u.FoundAt)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil
		}
		found = true
		return db.audit(ctx, tx, ims.System(), "unmatched_provider_refund", "payment", u.PaymentID, nil, u)
	})
	return found, err
}

// UnmatchedProviderRefunds returns every refund found at a provider that no IMS refund asked for,
// newest first.
func (db *DB) UnmatchedProviderRefunds(ctx context.Context) ([]UnmatchedProviderRefund, error) {
	rows, err := db.SQL.QueryContext(ctx, `SELECT payment_id, provider_refund_id, amount, status, provider_created_at, found_at
		FROM unmatched_provider_refunds ORDER BY found_at DESC, provider_refund_id`)
	if err != nil {
		return nil, db.classify(err)
	}
	defer rows.Close()
	var out []UnmatchedProviderRefund
	for rows.Next() {
		var u UnmatchedProviderRefund
		var created sql.NullTime
		if err := rows.Scan(&u.PaymentID, &u.ProviderRefundID, &u.Amount, &u.Status, &created, &u.FoundAt); err != nil {
			return nil, err
		}
		u.ProviderCreatedAt = created.Time
		out = append(out, u)
	}
	return out, rows.Err()
}
