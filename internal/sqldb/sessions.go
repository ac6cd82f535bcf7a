package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// SessionStore keeps web sessions in the database, so the application stays stateless and any
// instance can serve any request. It implements scs.Store and scs.CtxStore.
type SessionStore struct{ DB *DB }

// Find returns the data of an unexpired session.
func (s SessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

// FindCtx returns the data of an unexpired session.
func (s SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var b []byte
	err := s.DB.SQL.QueryRowContext(ctx, `SELECT data FROM sessions WHERE token = $1 AND expiry > $2`, token, s.DB.now()).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	return b, err == nil, err
}

// Commit stores a session's data until expiry.
func (s SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

// CommitCtx stores a session's data until expiry.
func (s SessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	_, err := s.DB.exec(ctx, `INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`, token, b, expiry.UTC())
	return err
}

// Delete removes a session.
func (s SessionStore) Delete(token string) error { return s.DeleteCtx(context.Background(), token) }

// DeleteCtx removes a session.
func (s SessionStore) DeleteCtx(ctx context.Context, token string) error {
	_, err := s.DB.exec(ctx, `DELETE FROM sessions WHERE token = $1`, token)
	return err
}

// DeleteExpiredSessions removes sessions past their expiry and returns how many it removed.
func (s SessionStore) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	res, err := s.DB.exec(ctx, `DELETE FROM sessions WHERE expiry <= $1`, s.DB.now())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
