package sqldb

import (
	"context"
	"database/sql"
)

// InTxWithoutChains lets the external tests run their own statements in a transaction of the
// kind services use, with its retries.
func (db *DB) InTxWithoutChains(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return db.inTxWithoutChains(ctx, func(tx *txn) error { return fn(tx.Tx) })
}
