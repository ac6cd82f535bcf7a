package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// An Invitation is a link by which a staff user chooses their password: sent when the account is
// created without one (purpose "invitation") or its password is reset ("reset"). Only the hash of
// the link's token is stored.
type Invitation struct {
	ID        int64
	UserID    int64
	Purpose   string
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
}

// InvitationQueue is the part of a JobQueue that sends invitation emails. It is separate from the
// outbox's email job because the link in the email is secret: it travels in the job's arguments,
// which River removes a day after the job completes, and never in the outbox, which is kept.
type InvitationQueue interface {
	// SendInvitationTx enqueues the sending of the outbox email id, with the link it carries, in tx.
	SendInvitationTx(ctx context.Context, tx *sql.Tx, emailID int64, link string) error
}

// InsertInvitation records an invitation by the hash of its token in tx, and returns its id. The
// user's invitations not used yet stop working, so only the newest link a user was sent works.
func (tx *Tx) InsertInvitation(ctx context.Context, inv Invitation, tokenHash []byte) (int64, error) {
	if err := tx.RevokeInvitations(ctx, inv.UserID, inv.CreatedAt); err != nil {
		return 0, err
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO user_invitations (user_id, token_hash, purpose, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, inv.UserID, tokenHash, inv.Purpose, inv.CreatedAt, inv.ExpiresAt).Scan(&id)
	return id, err
}

// RevokeInvitations makes every invitation of a user not used yet stop working, as if used at now.
func (tx *Tx) RevokeInvitations(ctx context.Context, userID int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE user_invitations SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL`, now, userID)
	return err
}

// InvitationByToken returns the invitation whose token hashes to tokenHash, used or not, and false
// when there is none.
func (db *DB) InvitationByToken(ctx context.Context, tokenHash []byte) (inv Invitation, found bool, err error) {
	var used sql.NullTime
	err = db.SQL.QueryRowContext(ctx, `SELECT id, user_id, purpose, created_at, expires_at, used_at FROM user_invitations
		WHERE token_hash = $1`, tokenHash).Scan(&inv.ID, &inv.UserID, &inv.Purpose, &inv.CreatedAt, &inv.ExpiresAt, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return inv, false, nil
	}
	if used.Valid {
		inv.UsedAt = &used.Time
	}
	return inv, err == nil, err
}

// PendingInvitation returns the user's newest invitation not used yet (expired or not), and false
// when every invitation the user was sent has been used or replaced.
func (tx *Tx) PendingInvitation(ctx context.Context, userID int64) (inv Invitation, found bool, err error) {
	return pendingInvitation(ctx, tx, userID)
}

// PendingInvitation is Tx.PendingInvitation outside a transaction, for showing a user.
func (db *DB) PendingInvitation(ctx context.Context, userID int64) (inv Invitation, found bool, err error) {
	return pendingInvitation(ctx, db.SQL, userID)
}

func pendingInvitation(ctx context.Context, q querier, userID int64) (inv Invitation, found bool, err error) {
	err = q.QueryRowContext(ctx, `SELECT id, user_id, purpose, created_at, expires_at FROM user_invitations
		WHERE user_id = $1 AND used_at IS NULL ORDER BY id DESC LIMIT 1`, userID).
		Scan(&inv.ID, &inv.UserID, &inv.Purpose, &inv.CreatedAt, &inv.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return inv, false, nil
	}
	return inv, err == nil, err
}

// UseInvitation marks the invitation whose token hashes to tokenHash used at now in tx, and returns
// it, when it is neither used nor expired and its user is enabled; otherwise ok is false and
// nothing changes. Checking and marking are one statement, so of two uses at once only one wins.
func (tx *Tx) UseInvitation(ctx context.Context, tokenHash []byte, now time.Time) (inv Invitation, ok bool, err error) {
	err = tx.QueryRowContext(ctx, `UPDATE user_invitations SET used_at = $1
		WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
		AND user_id IN (SELECT id FROM users WHERE NOT disabled)
		RETURNING id, user_id, purpose, created_at, expires_at`, now, tokenHash).
		Scan(&inv.ID, &inv.UserID, &inv.Purpose, &inv.CreatedAt, &inv.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return inv, false, nil
	}
	return inv, err == nil, err
}

// QueueInvitationEmail puts an invitation email in the outbox in tx, its payload holding everything
// but the link, and enqueues its sending with the link (see InvitationQueue). Without a job queue
// that sends invitations the email waits in the outbox, unsendable: the link exists nowhere else.
func (tx *Tx) QueueInvitationEmail(ctx context.Context, e Email, link string) (emailID int64, err error) {
	err = tx.QueryRowContext(ctx, `INSERT INTO email_outbox (to_address, purpose, purpose_ref, payload, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, e.To, e.Purpose, e.Ref, e.Payload, tx.owner.now()).Scan(&emailID)
	if err != nil {
		return 0, err
	}
	if q, ok := tx.owner.Jobs.(InvitationQueue); ok {
		return emailID, q.SendInvitationTx(ctx, tx.sqlTx, emailID, link) // begun by the INSERT
	}
	return emailID, nil
}
