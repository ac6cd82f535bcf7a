package sqldb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"slices"
	"time"

	"github.com/ims-council/ims"
)

// A StaffAccount is what the second factor and single sign-on read of a staff account.
type StaffAccount struct {
	ID       int64
	Email    string
	Name     string
	Disabled bool
	// HasTOTP is true when the user has set up an authenticator app.
	HasTOTP bool
	// OIDCIssuer and OIDCSubject are the identity provider's key of the person, "" until their
	// first single sign-on.
	OIDCIssuer, OIDCSubject string
}

const staffAccountColumns = `id, email, name, disabled, totp_secret IS NOT NULL, COALESCE(oidc_issuer, ''), COALESCE(oidc_subject, '')`

func scanStaffAccount(row *sql.Row) (a StaffAccount, found bool, err error) {
	err = row.Scan(&a.ID, &a.Email, &a.Name, &a.Disabled, &a.HasTOTP, &a.OIDCIssuer, &a.OIDCSubject)
	if err == sql.ErrNoRows {
		return a, false, nil
	}
	return a, err == nil, err
}

// StaffAccountByID returns the staff account with an id, enabled or not, and false when there is none.
func (db *DB) StaffAccountByID(ctx context.Context, id int64) (StaffAccount, bool, error) {
	return scanStaffAccount(db.SQL.QueryRowContext(ctx, `SELECT `+staffAccountColumns+` FROM users WHERE id = $1`, id))
}

// StaffAccountByEmail returns the staff account with an email (already normalised), enabled or
// not, and false when there is none.
func (db *DB) StaffAccountByEmail(ctx context.Context, email string) (StaffAccount, bool, error) {
	return scanStaffAccount(db.SQL.QueryRowContext(ctx, `SELECT `+staffAccountColumns+` FROM users WHERE email = $1`, email))
}

// StaffAccountByOIDC returns the staff account bound to a person at an identity provider, and false
// when none is.
func (db *DB) StaffAccountByOIDC(ctx context.Context, issuer, subject string) (StaffAccount, bool, error) {
	return scanStaffAccount(db.SQL.QueryRowContext(ctx, `SELECT `+staffAccountColumns+` FROM users
		WHERE oidc_issuer = $1 AND oidc_subject = $2`, issuer, subject))
}

// BindOIDC records in tx that the person (issuer, subject) at the identity provider is the user, so
// their next sign-in finds the account by subject even if their email changes. bound is false, and
// nothing is changed, when the account is already bound to another person of that provider or no
// longer exists; a person already bound to another account is a Conflict (the unique index).
func (tx *Tx) BindOIDC(ctx context.Context, userID int64, issuer, subject string) (bound bool, err error) {
	res, err := tx.ExecContext(ctx, `UPDATE users SET oidc_issuer = $1, oidc_subject = $2
		WHERE id = $3 AND (oidc_issuer IS NULL OR oidc_issuer <> $1 OR oidc_subject = $2)`, issuer, subject, userID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// CountSignInAttemptByID is CountSignInAttempt for the second step of a sign-in, which knows the
// account by id: it counts the attempt as a failure of the enabled, unlocked account before its
// code is checked, against the same count and lock as passwords.
func (db *DB) CountSignInAttemptByID(ctx context.Context, id int64, lock Lockout, now time.Time) (a SignInAccount, counted bool, err error) {
	open, openArgs := notLocked(lock, now)
	args := append([]any{now, id}, openArgs...)
	err = db.InTxWithoutChains(ctx, func(tx *Tx) error {
		counted = false
		err := tx.QueryRowContext(ctx, `UPDATE users SET failed_logins = failed_logins + 1, last_failure = $1
			WHERE id = $2 AND NOT disabled AND `+open+` RETURNING id, name, password_hash`, args...).Scan(&a.ID, &a.Name, &a.PasswordHash)
		if err == sql.ErrNoRows {
			return nil
		}
		counted = err == nil
		return err
	})
	return a, counted, err
}

// LeaveOneSignInAttempt lowers in tx a user's count of failed sign-ins to one below the lockout
// limit (MaxFailures) when it is higher, so that the second step of a sign-in whose password was
// right can be tried even when that password came just after a lock expired; a right password
// leaves the count as it is otherwise. No lockout (MaxFailures of zero or less) changes nothing.
func (tx *Tx) LeaveOneSignInAttempt(ctx context.Context, userID int64, lock Lockout) error {
	if lock.MaxFailures <= 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = $1 WHERE id = $2 AND failed_logins > $1`, lock.MaxFailures-1, userID)
	return err
}

// FailedSignIns returns a user's count of failed sign-ins in a row, read in tx.
func (tx *Tx) FailedSignIns(ctx context.Context, userID int64) (n int, err error) {
	err = tx.QueryRowContext(ctx, `SELECT failed_logins FROM users WHERE id = $1`, userID).Scan(&n)
	return n, err
}

// A TOTPFactor is a user's authenticator app as stored: the secret sealed (internal/secretbox), the
// last time step a code was accepted for, and the hashes of the unused recovery codes.
type TOTPFactor struct {
	SealedSecret   string // "" when the user has none
	LastStep       int64
	RecoveryHashes []string
}

// TOTPFactorOf returns the stored authenticator app of a user; its SealedSecret is "" when the user
// has none or does not exist.
func (db *DB) TOTPFactorOf(ctx context.Context, userID int64) (f TOTPFactor, err error) {
	var secret, codes sql.NullString
	var step sql.NullInt64
	err = db.SQL.QueryRowContext(ctx, `SELECT totp_secret, totp_last_step, recovery_codes FROM users WHERE id = $1`, userID).
		Scan(&secret, &step, &codes)
	if err == sql.ErrNoRows {
		return f, nil
	}
	if err != nil {
		return f, err
	}
	f.SealedSecret, f.LastStep = secret.String, step.Int64
	if codes.Valid {
		err = json.Unmarshal([]byte(codes.String), &f.RecoveryHashes)
	}
	return f, err
}

// SetTOTPFactor stores a user's first authenticator app in tx. set is false, and nothing is
// changed, when the user already has one (or does not exist): a new app replaces an old one only
// after an administrator's reset, so someone who has only the password cannot swap in their own.
func (tx *Tx) SetTOTPFactor(ctx context.Context, userID int64, f TOTPFactor) (set bool, err error) {
	codes, err := json.Marshal(f.RecoveryHashes)
	if err != nil {
		return false, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = $1, totp_last_step = $2, recovery_codes = $3
		WHERE id = $4 AND totp_secret IS NULL`, f.SealedSecret, f.LastStep, string(codes), userID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ReplaceTOTPFactor replaces in tx the authenticator app a user has, read as sealed, by f, and
// sets their count of failed sign-ins back to zero (the old app's code was right). replaced is
// false, and nothing is changed, when the app changed meanwhile.
func (tx *Tx) ReplaceTOTPFactor(ctx context.Context, userID int64, sealed string, f TOTPFactor) (replaced bool, err error) {
	codes, err := json.Marshal(f.RecoveryHashes)
	if err != nil {
		return false, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = $1, totp_last_step = $2, recovery_codes = $3, failed_logins = 0
		WHERE id = $4 AND totp_secret = $5`, f.SealedSecret, f.LastStep, string(codes), userID, sealed)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ClearTOTPFactor removes a user's authenticator app and recovery codes in tx; had is false when
// there was none to remove.
func (tx *Tx) ClearTOTPFactor(ctx context.Context, userID int64) (had bool, err error) {
	res, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = NULL, totp_last_step = NULL, recovery_codes = NULL
		WHERE id = $1 AND totp_secret IS NOT NULL`, userID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// AdvanceTOTPStep records in tx that a code of step was accepted, so no code of that step or an
// earlier one is accepted again. advanced is false, and nothing is changed, when a code of that
// step or a later one was accepted meanwhile: two requests racing with one code, of which only
// the first may sign in.
func (tx *Tx) AdvanceTOTPStep(ctx context.Context, userID, step int64) (advanced bool, err error) {
	res, err := tx.ExecContext(ctx, `UPDATE users SET totp_last_step = $1
		WHERE id = $2 AND totp_secret IS NOT NULL AND (totp_last_step IS NULL OR totp_last_step < $1)`, step, userID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// UseRecoveryCode removes the hash at index from a user's recovery codes in tx, given the list it
// was read as. used is false, and nothing is changed, when the list changed meanwhile (the same
// code used by a request racing this one), so a code signs in once.
func (tx *Tx) UseRecoveryCode(ctx context.Context, userID int64, read []string, index int) (used bool, err error) {
	before, err := json.Marshal(read)
	if err != nil {
		return false, err
	}
	after, err := json.Marshal(slices.Delete(slices.Clone(read), index, index+1))
	if err != nil {
		return false, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE users SET recovery_codes = $1 WHERE id = $2 AND recovery_codes = $3`,
		string(after), userID, string(before))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// StaffSession returns the principal of a staff account for a request: its id, name, roles and
// the codes of the funds of its fund groups (sorted, each once), in two queries; found is false when
// the account does not exist, and disabled tells a disabled one.
//
// stamp changes whenever the user's credentials do (a new password, or a second factor set up,
// replaced or reset): a session records it at sign-in and ends when it no longer matches.
func (db *DB) StaffSession(ctx context.Context, userID int64) (p ims.Principal, stamp string, disabled, found bool, err error) {
	p.UserID = userID
	var hash string
	var secret sql.NullString
	err = db.SQL.QueryRowContext(ctx, `SELECT name, disabled, password_hash, totp_secret FROM users WHERE id = $1`, userID).
		Scan(&p.Name, &disabled, &hash, &secret)
	if err == sql.ErrNoRows {
		return ims.Principal{}, "", false, false, nil
	}
	if err != nil {
		return ims.Principal{}, "", false, false, err
	}
	sum := sha256.Sum256([]byte(hash + "\x00" + secret.String))
	stamp = hex.EncodeToString(sum[:8])
	rows, err := db.SQL.QueryContext(ctx, `SELECT 'role', role FROM user_roles WHERE user_id = $1
		UNION SELECT 'fund', gf.fund FROM user_fund_groups ug JOIN fund_group_funds gf ON gf.fund_group = ug.fund_group
		WHERE ug.user_id = $1`, userID)
	if err != nil {
		return ims.Principal{}, "", false, false, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind, value string
		if err := rows.Scan(&kind, &value); err != nil {
			return ims.Principal{}, "", false, false, err
		}
		if kind == "role" {
			p.Roles = append(p.Roles, ims.Role(value))
		} else {
			p.Funds = append(p.Funds, value)
		}
	}
	if err := rows.Err(); err != nil {
		return ims.Principal{}, "", false, false, err
	}
	// Sorted here rather than by ORDER BY, so both engines' collations give the same order.
	slices.Sort(p.Roles)
	slices.Sort(p.Funds)
	return p, stamp, disabled, true, nil
}

// DisableUsersUnusedSince disables in tx every enabled user whose last sign-in, or creation when
// they never signed in, is before cutoff, unless a user administrator enabled them since cutoff
// (audited "enable": an account enabled again after being disabled as unused gets a full period
// to be used, rather than being disabled again by the next run), and returns their ids in order.
func (tx *Tx) DisableUsersUnusedSince(ctx context.Context, cutoff time.Time) (ids []int64, err error) {
	rows, err := tx.QueryContext(ctx, `UPDATE users SET disabled = TRUE
		WHERE NOT disabled AND COALESCE(last_login, created_at) < $1
		AND NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.entity = 'user' AND a.entity_id = CAST(users.id AS TEXT)
			AND a.action = 'enable' AND a.at >= $1)
		RETURNING id`, cutoff)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids, rows.Err()
}
