package sqldb

import (
	"context"
	"database/sql"
)

// cachedPool runs statements outside a transaction on the pool, prepared once through the
// statement cache on SQLite. Without it every read outside a transaction (a payment looked up by
// a request, an API token, a fund) was parsed again at each execution: a quarter of SQLite's CPU on
// the card payment journey (issue 13).
type cachedPool struct{ db *DB }

// reads returns the querier for statements outside a transaction: the pool itself on PostgreSQL,
// whose driver caches prepared statements per connection, and the cached pool on SQLite.
func (db *DB) reads() querier {
	if db.stmts == nil {
		return db.SQL
	}
	return cachedPool{db}
}

func (c cachedPool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := c.db.stmts.get(ctx, c.db.SQL, query); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return c.db.SQL.QueryContext(ctx, query, args...)
}

func (c cachedPool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s := c.db.stmts.get(ctx, c.db.SQL, query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return c.db.SQL.QueryRowContext(ctx, query, args...)
}
