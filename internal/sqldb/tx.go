package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/ims-council/ims"
)

// txn is one database transaction with what a service method accumulates in it: the heads of the
// hash chains it advanced (written back once, at commit, instead of after every record) and the
// reference data it read (funds, MOPs, VAT codes, which a posting of many lines reads once).
type txn struct {
	*sql.Tx
	db    *sql.DB
	cache *stmtCache // nil: statements run unprepared
	heads map[string]*chainHead
	// deferred, when set, collects the rows postings add until just before the commit (group
	// commit batches; see deferred.go).
	deferred *deferredRows
	funds    map[string]ims.Fund
	mops     map[string]ims.MOP
	vats     map[string]ims.VATCode
}

type chainHead struct {
	seq   int64
	hash  string
	dirty bool
}

func newTxn(db *DB, tx *sql.Tx) *txn {
	return &txn{Tx: tx, db: db.SQL, cache: db.stmts, heads: map[string]*chainHead{}, funds: map[string]ims.Fund{}, mops: map[string]ims.MOP{},
		vats: map[string]ims.VATCode{}}
}

// inTx runs fn in one transaction and commits when it returns nil. Services open their own
// transactions with it so every check and write of one action commits together or not at all.
func (db *DB) inTx(ctx context.Context, fn func(tx *txn) error) error {
	return db.inTxDeferring(ctx, false, fn)
}

// inTxDeferring is inTx, collecting the rows postings add until the commit when deferRows is set.
func (db *DB) inTxDeferring(ctx context.Context, deferRows bool, fn func(tx *txn) error) error {
	if db.Engine == SQLite {
		db.sqliteWrite.Lock()
		defer db.sqliteWrite.Unlock()
	}
	sqlTx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		return db.classify(err)
	}
	tx := newTxn(db, sqlTx)
	if deferRows {
		tx.deferred = &deferredRows{}
	}
	if err := fn(tx); err != nil {
		sqlTx.Rollback()
		return db.classify(err)
	}
	if err := db.flushDeferred(ctx, tx); err != nil {
		sqlTx.Rollback()
		return db.classify(err)
	}
	if err := tx.flushHeads(ctx); err != nil {
		sqlTx.Rollback()
		return db.classify(err)
	}
	return db.classify(sqlTx.Commit())
}

// advance takes the next sequence number of a hash chain ("ledger" or "audit") and returns it with
// the chain's current head hash. The first advance in a transaction locks the chain's row (an
// UPDATE) until the transaction ends, so writers of one chain are serialised on both engines and
// across instances; later advances in the same transaction only count in memory. Callers finish
// each record with setHead; flushHeads writes the heads back before commit. Lock order, where both
// are taken, is ledger then audit.
func (tx *txn) advance(ctx context.Context, chain string) (seq int64, prev string, err error) {
	h, ok := tx.heads[chain]
	if !ok {
		h = &chainHead{}
		if err := tx.QueryRowContext(ctx, `UPDATE chain_heads SET seq = seq WHERE name = $1 RETURNING seq, hash`, chain).
			Scan(&h.seq, &h.hash); err != nil {
			return 0, "", err
		}
		tx.heads[chain] = h
	}
	h.seq++
	h.dirty = true
	return h.seq, h.hash, nil
}

func (tx *txn) setHead(chain, hash string) { tx.heads[chain].hash = hash }

func (tx *txn) flushHeads(ctx context.Context) error {
	for name, h := range tx.heads {
		if !h.dirty {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE chain_heads SET seq = $1, hash = $2 WHERE name = $3`, h.seq, h.hash, name); err != nil {
			return err
		}
		h.dirty = false
	}
	return nil
}

// classify turns database errors that mean "the request clashes with the data" into Conflict
// errors, and a lost connection into Unavailable, leaving *ims.Error values untouched.
func (db *DB) classify(err error) error {
	if err == nil {
		return nil
	}
	var e *ims.Error
	if errors.As(err, &e) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &ims.Error{Code: ims.Unavailable, Message: "The request was cancelled or took too long", Err: err}
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "append-only"):
		return &ims.Error{Code: ims.Conflict, Message: "Ledger and audit records cannot be changed or removed", Err: err}
	case strings.Contains(msg, "UNIQUE constraint"), strings.Contains(msg, "duplicate key"), strings.Contains(msg, "SQLSTATE 23505"):
		return &ims.Error{Code: ims.Conflict, Message: "A record with that code already exists", Err: err}
	case strings.Contains(msg, "FOREIGN KEY constraint"), strings.Contains(msg, "SQLSTATE 23503"):
		return &ims.Error{Code: ims.Conflict, Message: "The record is in use or refers to a record that does not exist", Err: err}
	case strings.Contains(msg, "connection refused"), strings.Contains(msg, "database is locked"), errors.Is(err, sql.ErrConnDone):
		return &ims.Error{Code: ims.Unavailable, Message: "The database is not available; try again", Err: err}
	}
	return err
}

// exec runs one statement outside a transaction. On SQLite it takes its turn with the other writers
// (see DB.sqliteWrite), so it never waits in SQLite's sleeping busy handler.
func (db *DB) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if db.Engine == SQLite {
		db.sqliteWrite.Lock()
		defer db.sqliteWrite.Unlock()
	}
	return db.SQL.ExecContext(ctx, query, args...)
}
