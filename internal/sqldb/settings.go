package sqldb

import (
	"context"
	"database/sql"
)

// Setting returns the stored value of a setting (JSON, as the service that owns the key wrote it),
// and false when it has never been set.
func (db *DB) Setting(ctx context.Context, key string) (value string, found bool, err error) {
	return setting(db.SQL.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key))
}

// Setting is DB.Setting read in tx, so a change can audit the value it replaces.
func (tx *Tx) Setting(ctx context.Context, key string) (value string, found bool, err error) {
	return setting(tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key))
}

func setting(row *sql.Row) (value string, found bool, err error) {
	err = row.Scan(&value)
	if err == sql.ErrNoRows {
		return "", false, nil
	}
	return value, err == nil, err
}

// PutSetting stores the value of a setting in tx, replacing any earlier one.
func (tx *Tx) PutSetting(ctx context.Context, key, value string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}
