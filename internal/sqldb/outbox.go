package sqldb

import (
	"context"
	"time"

	"github.com/ims-council/ims"
)

// An Email is one message in the outbox: to whom, and what it is rendered from when it is sent.
type Email struct {
	ID       int64
	To       string
	Purpose  string // receipt, …
	Ref      string // what it is about: the pending payment id of a receipt
	Payload  string // what package mail renders it from: for a receipt, the JSON of an ims.Receipt
	Attempts int
}

// maxEmailAttempts is how often sending an email is tried before it is left for a person to see.
const maxEmailAttempts = 10

// ClaimEmails takes up to limit unsent emails for sending, each claimed for the lease so another
// instance does not send it at the same time. A claim that lapses (the sender crashed) is taken again.
func (db *DB) ClaimEmails(ctx context.Context, limit int, lease time.Duration) (emails []Email, err error) {
	defer ims.Wrap(&err, "ClaimEmails")
	now := db.now()
	err = db.inTxWithoutChains(ctx, func(tx *txn) error {
		emails = nil // a transaction run again reads afresh
		rows, err := tx.QueryContext(ctx, `SELECT id, to_address, purpose, purpose_ref, payload, attempts
			FROM email_outbox WHERE sent_at IS NULL AND attempts < $1 AND (claimed_until IS NULL OR claimed_until < $2)
			ORDER BY id LIMIT $3`, maxEmailAttempts, now, limit)
		if err != nil {
			return err
		}
		for rows.Next() {
			var e Email
			if err := rows.Scan(&e.ID, &e.To, &e.Purpose, &e.Ref, &e.Payload, &e.Attempts); err != nil {
				rows.Close()
				return err
			}
			emails = append(emails, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, e := range emails {
			if _, err := tx.ExecContext(ctx, `UPDATE email_outbox SET claimed_until = $1 WHERE id = $2`, now.Add(lease), e.ID); err != nil {
				return err
			}
		}
		return nil
	})
	return emails, err
}

// EmailSent records that an email was handed to the mail server.
func (db *DB) EmailSent(ctx context.Context, id int64) error {
	_, err := db.exec(ctx, `UPDATE email_outbox SET sent_at = $1, attempts = attempts + 1, last_error = '' WHERE id = $2`, db.now(), id)
	return err
}

// EmailFailed records a failed attempt, which is retried after the claim lapses.
func (db *DB) EmailFailed(ctx context.Context, id int64, reason string) error {
	_, err := db.exec(ctx, `UPDATE email_outbox SET attempts = attempts + 1, last_error = $1 WHERE id = $2`, reason, id)
	return err
}

// QueueEmail puts an email in the outbox. An email with the same purpose and reference as one
// already queued is not queued again: each receipt is emailed once.
func (db *DB) QueueEmail(ctx context.Context, e Email) error {
	return db.inTxWithoutChains(ctx, func(tx *txn) error { return db.queueEmail(ctx, tx, e) })
}

func (db *DB) queueEmail(ctx context.Context, tx *txn, e Email) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO email_outbox (to_address, purpose, purpose_ref, payload, created_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (purpose, purpose_ref) DO NOTHING`,
		e.To, e.Purpose, e.Ref, e.Payload, db.now())
	return err
}
