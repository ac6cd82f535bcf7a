package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
)

// Authenticate checks a user's email and password, applying the lockout policy. It returns the
// acting principal, or Unauthorized with one message for every refusal (unknown email, wrong
// password, locked or disabled account), so the answer does not reveal which accounts exist; the
// audit trail records which it was.
//
// Two rules keep that true against someone guessing:
//   - every refusal first checks the password against an argon2id hash (the account's own, or
//     auth.DummyHash for an unknown email), so a locked, disabled or unknown account answers no
//     sooner than a wrong password would;
//   - an attempt is counted against the lockout limit before its password is checked, by one UPDATE
//     that refuses once the limit is reached, so guesses sent at once cannot all be checked against
//     a count none of them has added to yet. A successful sign-in resets the count.
func (db *DB) Authenticate(ctx context.Context, email, password string, policy auth.LockoutPolicy) (p ims.Principal, err error) {
	defer ims.Wrap(&err, "Authenticate")
	email = ims.NormalizeEmail(email)
	refused := ims.Errorf(ims.Unauthorized, "Email address or password is wrong, or the account is locked")
	now := db.now()
	acct, counted, err := db.countSignInAttempt(ctx, email, policy, now)
	if err != nil {
		return p, err
	}
	if !counted {
		if err := db.refuseSignIn(ctx, email, password); err != nil {
			return p, err
		}
		return p, refused
	}
	ok, _, err := db.verifyPassword(password, acct.hash)
	if err != nil {
		return p, err
	}
	actor := ims.Principal{UserID: acct.id, Name: acct.name}
	id := fmt.Sprint(acct.id)
	if !ok {
		// The failure is already counted; the audit trail is all that is left to write.
		if err := db.InTx(ctx, func(tx *Tx) error { return db.audit(ctx, tx, actor, "login_failed", "user", id, nil, nil) }); err != nil {
			return p, err
		}
		return p, refused
	}
	err = db.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, last_login = $1 WHERE id = $2`, now, acct.id); err != nil {
			return err
		}
		return db.audit(ctx, tx, actor, "login", "user", id, nil, nil)
	})
	if err != nil {
		return p, err
	}
	return db.principalForUser(ctx, acct.id)
}

// signInAccount is what sign-in reads of an account.
type signInAccount struct {
	id       int64
	name     string
	hash     string
	disabled bool
}

// countSignInAttempt counts an attempt as a failure of the account with this email before its
// password is checked (success resets the count), and returns the account. counted is false, and
// nothing is changed, when no enabled account has the email or the account is locked.
//
// last_failure is therefore the time of the last attempt counted, successful or not: while the
// count is below the limit it does not matter, and a success sets the count back to zero.
func (db *DB) countSignInAttempt(ctx context.Context, email string, policy auth.LockoutPolicy, now time.Time) (a signInAccount, counted bool, err error) {
	open, openArgs := notLocked(policy, now)
	args := append([]any{now, email}, openArgs...)
	// Counting appends to neither chain, so it does not queue behind the ledger's writers.
	err = db.InTxWithoutChains(ctx, func(tx *Tx) error {
		counted = false
		err := tx.QueryRowContext(ctx, `UPDATE users SET failed_logins = failed_logins + 1, last_failure = $1
			WHERE email = $2 AND NOT disabled AND `+open+` RETURNING id, name, password_hash`, args...).Scan(&a.id, &a.name, &a.hash)
		if err == sql.ErrNoRows {
			return nil
		}
		counted = err == nil
		return err
	})
	return a, counted, err
}

// notLocked returns the SQL condition that a users row is not locked under policy at now, with its
// arguments, numbered from $3. It is auth.LockoutPolicy.Locked written in SQL, so that checking the
// lock and counting the attempt are one statement, which concurrent attempts take in turn.
func notLocked(policy auth.LockoutPolicy, now time.Time) (string, []any) {
	switch {
	case policy.MaxFailures <= 0:
		return "TRUE", nil
	case policy.LockFor <= 0:
		return "failed_logins < $3", []any{policy.MaxFailures}
	default:
		return "(failed_logins < $3 OR last_failure IS NULL OR last_failure <= $4)", []any{policy.MaxFailures, now.Add(-policy.LockFor)}
	}
}

// refuseSignIn handles an attempt that was not counted: an unknown email, or a locked or disabled
// account. It checks the password all the same, against the account's hash or auth.DummyHash, so
// that refusing takes as long as a wrong password, whatever the result; and it audits a known
// account's refusal with its reason.
func (db *DB) refuseSignIn(ctx context.Context, email, password string) error {
	var a signInAccount
	err := db.SQL.QueryRowContext(ctx, `SELECT id, name, password_hash, disabled FROM users WHERE email = $1`, email).
		Scan(&a.id, &a.name, &a.hash, &a.disabled)
	if err == sql.ErrNoRows {
		db.verifyPassword(password, auth.DummyHash)
		return nil
	}
	if err != nil {
		return err
	}
	db.verifyPassword(password, a.hash) // for the time it takes: this account may not sign in now
	reason := "locked"
	if a.disabled {
		reason = "disabled"
	}
	actor := ims.Principal{UserID: a.id, Name: a.name}
	return db.InTx(ctx, func(tx *Tx) error {
		return db.audit(ctx, tx, actor, "login_refused", "user", fmt.Sprint(a.id), nil, map[string]string{"reason": reason})
	})
}

// verifyPassword checks a password against a stored hash with db.PasswordVerifier, or
// auth.VerifyPassword when that is nil.
func (db *DB) verifyPassword(password, hash string) (ok, needsRehash bool, err error) {
	if db.PasswordVerifier != nil {
		return db.PasswordVerifier(password, hash)
	}
	return auth.VerifyPassword(password, hash)
}
