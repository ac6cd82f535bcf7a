package sqldb

import (
	"context"
	"database/sql"
	"time"
)

// A SignInAccount is what sign-in reads of a staff account.
type SignInAccount struct {
	ID           int64
	Name         string
	PasswordHash string
	Disabled     bool
}

// A Lockout is when a sign-in attempt is not even counted: after MaxFailures failures in a row
// (none when zero or less), for LockFor after the last (for ever when zero or less).
type Lockout struct {
	MaxFailures int
	LockFor     time.Duration
}

// CountSignInAttempt counts an attempt as a failure of the enabled, unlocked account with this
// email before its password is checked (a success resets the count; see RecordSignIn), and returns
// the account. counted is false, and nothing is changed, when no enabled account has the email or
// the account is locked. Checking the lock and counting are one statement, which concurrent
// attempts take in turn, so guesses sent at once cannot all be checked against a count none of
// them has added to yet. Counting appends to neither chain, so it does not queue behind the
// ledger's writers.
//
// last_failure is therefore the time of the last attempt counted, successful or not: while the
// count is below the limit it does not matter, and a success sets the count back to zero.
func (db *DB) CountSignInAttempt(ctx context.Context, email string, lock Lockout, now time.Time) (a SignInAccount, counted bool, err error) {
	open, openArgs := notLocked(lock, now)
	args := append([]any{now, email}, openArgs...)
	err = db.InTxWithoutChains(ctx, func(tx *Tx) error {
		counted = false
		err := tx.QueryRowContext(ctx, `UPDATE users SET failed_logins = failed_logins + 1, last_failure = $1
			WHERE email = $2 AND NOT disabled AND `+open+` RETURNING id, name, password_hash`, args...).Scan(&a.ID, &a.Name, &a.PasswordHash)
		if err == sql.ErrNoRows {
			return nil
		}
		counted = err == nil
		return err
	})
	return a, counted, err
}

// notLocked returns the SQL condition that a users row is not locked at now, with its arguments,
// numbered from $3: the lockout written in SQL, so that checking the lock and counting the attempt
// are one statement.
func notLocked(lock Lockout, now time.Time) (string, []any) {
	switch {
	case lock.MaxFailures <= 0:
		return "TRUE", nil
	case lock.LockFor <= 0:
		return "failed_logins < $3", []any{lock.MaxFailures}
	default:
		return "(failed_logins < $3 OR last_failure IS NULL OR last_failure <= $4)", []any{lock.MaxFailures, now.Add(-lock.LockFor)}
	}
}

// SignInAccountByEmail returns the staff account with an email, enabled or not, and false when
// there is none.
func (db *DB) SignInAccountByEmail(ctx context.Context, email string) (a SignInAccount, found bool, err error) {
	err = db.SQL.QueryRowContext(ctx, `SELECT id, name, password_hash, disabled FROM users WHERE email = $1`, email).
		Scan(&a.ID, &a.Name, &a.PasswordHash, &a.Disabled)
	if err == sql.ErrNoRows {
		return a, false, nil
	}
	return a, err == nil, err
}

// RecordSignIn notes a successful sign-in in tx: the count of failures goes back to zero.
func (tx *Tx) RecordSignIn(ctx context.Context, userID int64, at time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, last_login = $1 WHERE id = $2`, at, userID)
	return err
}
