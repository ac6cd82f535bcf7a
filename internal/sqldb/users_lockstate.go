package sqldb

import (
	"context"
	"database/sql"
	"time"
)

// A SignInState is what an operator needs to know of an account's sign-in beyond ims.User: its
// count of failed sign-ins in a row, when the last attempt was counted, and whether it has an
// authenticator app.
type SignInState struct {
	FailedSignIns int
	LastFailure   time.Time // zero when no attempt was ever counted
	HasTOTP       bool
}

// SignInStates returns the sign-in state of every staff account, by id.
func (db *DB) SignInStates(ctx context.Context) (map[int64]SignInState, error) {
	rows, err := db.SQL.QueryContext(ctx, `SELECT id, failed_logins, last_failure, totp_secret IS NOT NULL FROM users`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]SignInState{}
	for rows.Next() {
		var id int64
		var s SignInState
		var last sql.NullTime
		if err := rows.Scan(&id, &s.FailedSignIns, &last, &s.HasTOTP); err != nil {
			return nil, err
		}
		s.LastFailure = last.Time
		out[id] = s
	}
	return out, rows.Err()
}

// ClearFailedSignIns sets a user's count of failed sign-ins back to zero in tx, which ends a
// lockout, and returns the count it cleared (0 when there was nothing to clear).
func (tx *Tx) ClearFailedSignIns(ctx context.Context, userID int64) (cleared int, err error) {
	if cleared, err = tx.FailedSignIns(ctx, userID); err != nil || cleared == 0 {
		return cleared, err
	}
	_, err = tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0 WHERE id = $1`, userID)
	return cleared, err
}
