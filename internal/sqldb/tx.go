package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/ims-council/ims"
)

// Tx is one database transaction: the unit of work of a service method, which opens it with
// DB.InTx (or DB.InLedgerTx, DB.InTxWithoutChains), reads and writes through it, and lets the runner
// commit it when the method's function returns nil. It carries what the unit of work accumulates: the
// heads of the hash chains (locked when it began, advanced in memory and written back once, at
// commit, instead of after every record) and the reference data it read (funds, MOPs, VAT codes,
// which a posting of many lines reads once). Only the runner commits or rolls it back.
type Tx struct {
	sqlTx *sql.Tx
	owner *DB
	db    *sql.DB
	cache *stmtCache // nil: statements run unprepared
	conn  *sql.Conn  // the connection of a bulk transaction (InBulkTx), for PostgreSQL's COPY
	heads map[string]*chainHead
	// headsLate: the heads are locked when the transaction first advances a chain, not at its start
	// (InBulkTx, ADR 36).
	headsLate bool
	// deferred, when set, collects the rows postings add until just before the commit (group
	// commit batches; see deferred.go).
	deferred *deferredRows
	// assumed, when set, are the heads a ledger batch runs on without a transaction yet; its
	// statements begin one (sqlTxNow), and beginErr is why that failed (ledger_assumed.go).
	assumed  map[string]chainHead
	beginErr error
	funds    map[string]ims.Fund
	mops     map[string]ims.MOP
	vats     map[string]ims.VATCode
	org      *organisationRead // nil: read the organisation each time (organisationIn)
	subs     *subscribersRead  // nil: read the webhook subscribers each time (EnabledWebhookSubscribers)
	copying  *copyFeed         // the COPY kept open on conn (copy_feed.go), nil when none
	feedErr  error             // the error a COPY kept open ended with
}

type chainHead struct {
	seq int64
	// locked is seq when the transaction locked the head: seq-locked records were appended since.
	locked int64
	hash   string
	dirty  bool
}

func newTxn(db *DB, tx *sql.Tx) *Tx {
	return &Tx{sqlTx: tx, owner: db, db: db.SQL, cache: db.stmts, funds: map[string]ims.Fund{}, mops: map[string]ims.MOP{},
		vats: map[string]ims.VATCode{}}
}

// maxTxAttempts bounds how often one transaction is run when the database keeps choosing it as the
// one to roll back in a deadlock or serialization failure.
const maxTxAttempts = 5

// Now returns the database clock's time, truncated to the microseconds both engines store, so a
// value a service records is the value read back.
func (db *DB) Now() time.Time { return db.now() }

// InTx runs fn as one unit of work that may append to the ledger and the audit trail, and commits
// when fn returns nil: services open their own transactions with it, so every check and write of
// one action commits together or not at all. It follows the one lock order of IMS (ADR 8): the
// chain heads are locked before anything else (see lockHeads). A transaction the database rolls
// back to let another go on (deadlock, serialization failure) is run again from the start, fn's
// reads included, up to maxTxAttempts times: fn must leave nothing behind but what it returns or
// assigns afresh. Errors come back classified (ims.Error codes).
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	return db.inTxRetrying(ctx, txOptions{lockHeads: true}, fn)
}

// InTxWithoutChains is InTx for units of work that append to neither chain (the email outbox, a
// sign-in attempt): they do not queue behind the writers of the ledger and the audit trail, and
// Tx.Audit fails in them.
func (db *DB) InTxWithoutChains(ctx context.Context, fn func(tx *Tx) error) error {
	return db.inTxRetrying(ctx, txOptions{}, fn)
}

// txOptions are the ways transactions differ.
type txOptions struct {
	lockHeads bool // lock the chain heads first, so the transaction may advance them
	headsLate bool // lock them when the transaction first advances a chain (InBulkTx)
	deferRows bool // collect the rows postings add until the commit (group commit; see deferred.go)
	ownConn   bool // run on a connection of its own, kept in Tx.conn (InBulkTx)
	// refs, when set, lends the transaction the reference data read by earlier ones at the same
	// reference data version (the ledger writer's batches; ledger_refcache.go).
	refs *referenceCache
}

func (db *DB) inTxRetrying(ctx context.Context, opts txOptions, fn func(tx *Tx) error) error {
	for attempt := 1; ; attempt++ {
		err := db.runTx(ctx, opts, fn)
		if err == nil || attempt == maxTxAttempts || !lostToAnotherTransaction(err) {
			return db.classify(err)
		}
		// A short random pause, growing with each attempt, so the two transactions that collided
		// do not collide again in step.
		pause := time.Duration(rand.N(1<<attempt)) * time.Millisecond
		select {
		case <-time.After(pause):
		case <-ctx.Done():
			return db.classify(ctx.Err())
		}
	}
}

// runTx runs fn in one transaction: once, with the errors unclassified.
func (db *DB) runTx(ctx context.Context, opts txOptions, fn func(tx *Tx) error) error {
	began := time.Now()
	if db.Engine == SQLite {
		db.sqliteWrite.Lock()
		defer db.sqliteWrite.Unlock()
	}
	var conn *sql.Conn
	if opts.ownConn {
		c, err := db.SQL.Conn(ctx)
		if err != nil {
			return err
		}
		defer c.Close()
		conn = c
	}
	sqlTx, err := beginOn(ctx, db.SQL, conn)
	if err != nil {
		return err
	}
	tx := newTxn(db, sqlTx)
	tx.conn, tx.headsLate = conn, opts.headsLate
	if opts.deferRows {
		tx.deferred = &deferredRows{}
	}
	err = func() error {
		if opts.lockHeads {
			if err := tx.lockHeads(ctx, db.Engine); err != nil {
				return err
			}
			if opts.refs != nil {
				opts.refs.lend(tx)
			}
		}
		if err := fn(tx); err != nil {
			return err
		}
		if err := tx.endFeed(true); err != nil {
			return err
		}
		return db.flushBatch(ctx, tx)
	}()
	tx.endFeed(false) // a COPY still open when fn failed
	if err != nil && tx.feedErr != nil {
		err = tx.feedErr // the cause, rather than a later statement's "transaction is aborted"
	}
	if err == nil {
		err = db.commitObserved(tx, sqlTx, began)
	} else {
		sqlTx.Rollback()
	}
	if err != nil && opts.refs != nil {
		opts.refs.drop()
	}
	return err
}

// lockHeads locks the rows of both hash chains ("ledger", then "audit") and the posting id counter
// ("posting_id", before them; ADR 36) as a transaction's first
// statement and keeps their heads, with the reference data version ("reference_data", first of
// all; ADR 37), which every change to funds, MOPs and VAT codes advances (a writer of those holds
// the heads already, so it takes that row in the same order). This is the one lock order of IMS
// (ADR 8): a transaction that may append to a chain takes the chain heads before any other row, so it never holds a payment's or a
// refund's row while waiting for a head that another transaction holds while waiting for that row —
// the deadlock two instances on one PostgreSQL met when their group-commit batches took the payments
// of their pieces and the head in different orders. Writers of the chains are serialised on both
// engines and across instances. SQLite locks the whole database at BEGIN (IMMEDIATE), so there it is
// a plain read.
func (tx *Tx) lockHeads(ctx context.Context, engine Engine) error {
	query := `SELECT name, seq, hash FROM chain_heads WHERE name IN ('reference_data', 'posting_id', 'ledger', 'audit') ORDER BY name DESC`
	if engine == Postgres {
		query += ` FOR UPDATE` // rows are locked in the sorted order: reference_data, posting_id, ledger, audit
	}
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	tx.heads = map[string]*chainHead{}
	for rows.Next() {
		var name string
		h := &chainHead{}
		if err := rows.Scan(&name, &h.seq, &h.hash); err != nil {
			return err
		}
		h.locked = h.seq
		tx.heads[name] = h
	}
	return rows.Err()
}

// advance takes the next sequence number of a hash chain ("ledger" or "audit") or of the posting id
// counter ("posting_id", whose hash stays empty) and returns it with
// the chain's current head hash, counting in memory: the transaction locked the heads when it began
// (lockHeads), or locks them now (headsLate). Callers finish each record with setHead; flushHeads
// writes the heads back before commit.
func (tx *Tx) advance(ctx context.Context, chain string) (seq int64, prev string, err error) {
	if tx.heads == nil && tx.headsLate {
		if err := tx.lockHeads(ctx, tx.owner.Engine); err != nil {
			return 0, "", err
		}
	}
	h, ok := tx.heads[chain]
	if !ok {
		return 0, "", fmt.Errorf("chain %q advanced in a transaction that did not lock the chain heads", chain)
	}
	h.seq++
	h.dirty = true
	return h.seq, h.hash, nil
}

func (tx *Tx) setHead(chain, hash string) { tx.heads[chain].hash = hash }

func (tx *Tx) flushHeads(ctx context.Context) error {
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
// errors, and a database that cannot be reached, or that kept choosing this transaction as the one
// to roll back, into Unavailable, leaving *ims.Error values untouched.
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
	switch {
	case appendOnlyViolation(err):
		return &ims.Error{Code: ims.Conflict, Message: "Ledger and audit records cannot be changed or removed", Err: err}
	case uniqueViolation(err):
		return &ims.Error{Code: ims.Conflict, Message: "A record with that code already exists", Err: err}
	case foreignKeyViolation(err):
		return &ims.Error{Code: ims.Conflict, Message: "The record is in use or refers to a record that does not exist", Err: err}
	case lostToAnotherTransaction(err):
		return &ims.Error{Code: ims.Unavailable, Message: "The database is busy; try again", Err: err}
	case unavailable(err):
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
