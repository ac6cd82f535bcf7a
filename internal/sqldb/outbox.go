package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/ims-council/ims"
)

// An Email is one message in the outbox: to whom, and what it is rendered from when it is sent.
// The outbox is every email's log; the sending itself is a job (see JobQueue).
type Email struct {
	ID       int64
	To       string
	Purpose  string // receipt, …
	Ref      string // what it is about: the pending payment id of a receipt
	Payload  string // what package mail renders it from: for a receipt, the JSON of an ims.Receipt
	Attempts int
	SentAt   *time.Time
}

// Email returns the outbox email id.
func (db *DB) Email(ctx context.Context, id int64) (e Email, err error) {
	defer ims.Wrap(&err, "Email(%d)", id)
	var sent sql.NullTime
	err = db.SQL.QueryRowContext(ctx, `SELECT id, to_address, purpose, purpose_ref, payload, attempts, sent_at
		FROM email_outbox WHERE id = $1`, id).Scan(&e.ID, &e.To, &e.Purpose, &e.Ref, &e.Payload, &e.Attempts, &sent)
	if errors.Is(err, sql.ErrNoRows) {
		return e, ims.Errorf(ims.NotFound, "Email %d is not in the outbox", id)
	}
	if sent.Valid {
		e.SentAt = &sent.Time
	}
	return e, db.classify(err)
}

// EmailSent records that an email was handed to the mail server.
func (db *DB) EmailSent(ctx context.Context, id int64) error {
	_, err := db.exec(ctx, `UPDATE email_outbox SET sent_at = $1, attempts = attempts + 1, last_error = '' WHERE id = $2`, db.now(), id)
	return err
}

// EmailFailed records a failed attempt; the job that sends the email tries again later.
func (db *DB) EmailFailed(ctx context.Context, id int64, reason string) error {
	_, err := db.exec(ctx, `UPDATE email_outbox SET attempts = attempts + 1, last_error = $1 WHERE id = $2`, reason, id)
	return err
}

// QueueEmail puts an email in the outbox and enqueues its sending. An email with the same purpose
// and reference as one already queued is not queued again: each receipt is emailed once.
func (db *DB) QueueEmail(ctx context.Context, e Email) error {
	return db.InTxWithoutChains(ctx, func(tx *Tx) error { return db.queueEmail(ctx, tx, e) })
}

// queueEmail writes the email and its job in tx, the transaction of the change that causes it.
func (db *DB) queueEmail(ctx context.Context, tx *Tx, e Email) error {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO email_outbox (to_address, purpose, purpose_ref, payload, created_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (purpose, purpose_ref) DO NOTHING RETURNING id`,
		e.To, e.Purpose, e.Ref, e.Payload, db.now()).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // queued before, with its job
	}
	if err != nil || db.Jobs == nil {
		return err
	}
	return db.Jobs.SendEmailTx(ctx, tx.sqlTx, id)
}
