package sqldb

import (
	"context"
	"database/sql"
	"sync"
)

// maxCachedStatements bounds the statement cache; statements past it run unprepared.
const maxCachedStatements = 256

// stmtCache keeps prepared statements for SQLite, whose driver otherwise parses every statement on
// every execution (a third of a small posting's time). database/sql prepares each cached statement
// once per connection and reuses it inside transactions. PostgreSQL's driver caches prepared
// statements per connection itself, so it does not use this.
type stmtCache struct {
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

func (c *stmtCache) get(ctx context.Context, db *sql.DB, query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.stmts[query]; ok {
		return s
	}
	if len(c.stmts) >= maxCachedStatements {
		return nil
	}
	s, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil // the statement runs unprepared and reports its own error
	}
	if c.stmts == nil {
		c.stmts = map[string]*sql.Stmt{}
	}
	c.stmts[query] = s
	return s
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.stmts {
		s.Close()
	}
	c.stmts = nil
}

// ExecContext runs a statement in the transaction, prepared once when the engine benefits.
func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := tx.endFeed(true); err != nil {
		return nil, err
	}
	sqlTx, err := tx.sqlTxNow(ctx)
	if err != nil {
		return nil, err
	}
	if s := tx.prepared(ctx, query); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return sqlTx.ExecContext(ctx, query, args...)
}

// QueryContext runs a query in the transaction, prepared once when the engine benefits.
func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if err := tx.endFeed(true); err != nil {
		return nil, err
	}
	sqlTx, err := tx.sqlTxNow(ctx)
	if err != nil {
		return nil, err
	}
	if s := tx.prepared(ctx, query); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return sqlTx.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a single-row query in the transaction, prepared once when the engine benefits.
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	tx.endFeed(true) // its error is kept for runTx (endFeed)
	sqlTx, err := tx.sqlTxNow(ctx)
	if err != nil {
		return tx.failedRow(ctx)
	}
	if s := tx.prepared(ctx, query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return sqlTx.QueryRowContext(ctx, query, args...)
}

func (tx *Tx) prepared(ctx context.Context, query string) *sql.Stmt {
	if tx.cache == nil {
		return nil
	}
	s := tx.cache.get(ctx, tx.db, query)
	if s == nil {
		return nil
	}
	return tx.sqlTx.StmtContext(ctx, s)
}
