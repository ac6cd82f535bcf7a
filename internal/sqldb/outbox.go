package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
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

// queueEmail writes the email and its job in tx, the transaction of the change that causes it. In
// a ledger batch they are written by the batch's write statement, just before the commit
// (deferred.go): a card payment's receipt is queued while the chain heads are held.
func (db *DB) queueEmail(ctx context.Context, tx *Tx, e Email) error {
	if tx.deferred != nil {
		tx.deferred.emails = append(tx.deferred.emails, e)
		return nil
	}
	return db.queueEmailNow(ctx, tx, e)
}

func (db *DB) queueEmailNow(ctx context.Context, tx *Tx, e Email) error {
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
	return db.Jobs.SendEmailsTx(ctx, tx.sqlTx, []int64{id}) // begun by the INSERT
}

// emailsCTE is the data-modifying WITH query of a ledger batch's write statement that puts its
// emails in the outbox, numbered on from the arguments already in args, to which it adds theirs.
// It returns the id of each email it added: one queued before (the same purpose and reference)
// is not queued again.
func emailsCTE(emails []Email, now time.Time, args *[]any) string {
	n := len(emails)
	to, purpose, ref, payload := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	for i, e := range emails {
		to[i], purpose[i], ref[i], payload[i] = e.To, e.Purpose, e.Ref, e.Payload
	}
	first := len(*args) + 1
	*args = append(*args, to, purpose, ref, payload, now)
	return fmt.Sprintf(`o AS (INSERT INTO email_outbox (to_address, purpose, purpose_ref, payload, created_at)
		SELECT t.to_address, t.purpose, t.purpose_ref, t.payload, $%d
		FROM unnest($%d::text[], $%d::text[], $%d::text[], $%d::text[]) AS t(to_address, purpose, purpose_ref, payload)
		ON CONFLICT (purpose, purpose_ref) DO NOTHING RETURNING id)`, first+4, first, first+1, first+2, first+3)
}

// sendEmails enqueues the sending of the emails a batch's write statement put in the outbox (ids,
// comma-separated), in tx, with one statement.
func (db *DB) sendEmails(ctx context.Context, tx *Tx, ids string) error {
	if db.Jobs == nil || ids == "" {
		return nil
	}
	var emailIDs []int64
	for _, s := range strings.Split(ids, ",") {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("email id %q from the outbox: %w", s, err)
		}
		emailIDs = append(emailIDs, id)
	}
	return db.Jobs.SendEmailsTx(ctx, tx.sqlTx, emailIDs)
}
