package sqldb

import (
	"context"
	"database/sql"

	"github.com/ims-council/ims"
)

// UnstartedReturnToken returns the return link's token of a payment still waiting to be started at
// the provider, or "" once the provider has it or it is closed.
func (db *DB) UnstartedReturnToken(ctx context.Context, id string) (string, error) {
	var token sql.NullString
	err := db.reads().QueryRowContext(ctx, `SELECT unstarted_return_token FROM pending_payments WHERE id = $1 AND state = 'created'`,
		id).Scan(&token)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return token.String, err
}

// CloseUnstarted closes as failed, with a code and a message, a payment the provider has not
// accepted, and returns the payment as it then stands and whether this call closed it. Only a
// payment still "created" is closed: one that another request has meanwhile started at the provider
// stays open, since its payer may already be on the card page and what they pay must be recorded.
func (db *DB) CloseUnstarted(ctx context.Context, id, code, message string) (pp ims.PendingPayment, closed bool, err error) {
	defer ims.Wrap(&err, "CloseUnstarted(%q)", id)
	err = db.InTx(ctx, func(tx *Tx) error {
		closed = false
		now := db.now()
		res, err := tx.ExecContext(ctx, `UPDATE pending_payments SET state = 'failed', failure_code = $1, failure_message = $2,
			unstarted_return_token = NULL, updated_at = $3, finished_at = $3 WHERE id = $4 AND state = 'created'`,
			code, message, now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil
		}
		closed = true
		if err := tx.SealStagedAudit(ctx, "pending_payment", id); err != nil { // its creation (ADR 38)
			return err
		}
		return db.audit(ctx, tx, ims.System(), "payment_failed", "pending_payment", id, nil,
			map[string]string{"code": code, "message": message})
	})
	if err != nil {
		return pp, false, err
	}
	pp, err = db.PendingPayment(ctx, ims.System(), id)
	return pp, closed, err
}
