package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// A ledger batch on PostgreSQL is written, when it can be, by one statement outside any
// transaction, from the chain heads its writer left after its previous batch (ADR 37, "a batch in
// one statement"). A batch in a transaction sends BEGIN, the heads' lock, its write and COMMIT —
// four round trips while every other poster waits for the chain; the one statement checks the
// heads it assumed as it advances them (assumedHeadsCTEs) and undoes itself when another
// transaction has moved them, and the batch is then run again in a transaction that locks them.

// errHeadsMoved fails a batch run on assumed heads when another transaction has advanced a chain
// or the reference data version since the writer's previous batch.
var errHeadsMoved = errors.New("the chain heads moved since the ledger writer's previous batch")

// headsOrder is the order transactions lock the heads in (lockHeads).
var headsOrder = []string{"reference_data", "posting_id", "ledger", "audit"}

// knownHeads are the chain heads as the writer's last committed batch left them; trusted while
// the batches find them unmoved by anyone else.
type knownHeads struct {
	heads   map[string]chainHead
	trusted bool
}

// remember keeps the heads tx committed. The next batch may assume them when this one found them
// where the previous batch left them: nobody else is writing just now. A batch run on assumed
// heads found them so, or it would have failed; one that locked them compares.
func (k *knownHeads) remember(tx *Tx) {
	unmoved := true
	for _, name := range headsOrder {
		h, ok := tx.heads[name]
		if !ok {
			k.heads, k.trusted = nil, false
			return
		}
		unmoved = unmoved && k.heads[name].seq == h.locked
	}
	k.heads = map[string]chainHead{}
	for name, h := range tx.heads {
		k.heads[name] = chainHead{seq: h.seq, hash: h.hash}
	}
	k.trusted = unmoved
}

// runBatchAssumed runs batch on the heads the writer knows, and reports errHeadsMoved, having
// written nothing, when they have moved. A piece that sends a statement of its own (a fund not in
// the reference cache yet, a refund's row) begins the batch's transaction there and then, locking
// the heads (Tx.sqlTxNow); so does a batch too large for one statement. The batch then ends as one
// in a transaction does. A batch whose receipts are sent by jobs sends its one statement in a
// transaction, for River to insert their jobs in.
func (db *DB) runBatchAssumed(ctx context.Context, batch []ledgerWork) (err error) {
	began := time.Now()
	tx := newTxn(db, nil)
	tx.deferred = &deferredRows{}
	tx.assumed = db.writer.known.heads
	tx.heads = map[string]*chainHead{}
	for name, h := range tx.assumed {
		tx.heads[name] = &chainHead{seq: h.seq, locked: h.seq, hash: h.hash}
	}
	db.writer.refs.lend(tx)
	defer func() {
		if tx.beginErr != nil {
			err = tx.beginErr // the cause, whatever a piece made of the statement it could not send
		}
		if err != nil {
			db.writer.refs.drop()
			if tx.sqlTx != nil {
				tx.sqlTx.Rollback()
			}
			if lostToAnotherTransaction(err) {
				err = errHeadsMoved
			}
			return
		}
		db.writer.known.remember(tx)
	}()
	if err := runPieces(batch, tx); err != nil {
		return err
	}
	d := tx.deferred
	switch {
	case tx.sqlTx != nil:
	case !fitsOneStatement(tx, d):
		if _, err := tx.sqlTxNow(ctx); err != nil {
			return err
		}
	case db.Jobs != nil && len(d.emails) > 0:
		// River inserts the receipts' send jobs in the transaction that queues them: one is begun
		// for the statement, still on the assumed heads (it locks them as it advances them), the
		// jobs and the commit.
		if tx.sqlTx, err = db.SQL.BeginTx(ctx, nil); err != nil {
			return err
		}
	}
	if tx.sqlTx != nil {
		if err := db.flushBatch(ctx, tx); err != nil {
			return err
		}
		return db.commitObserved(tx, tx.sqlTx, began)
	}
	query, args := db.batchStatement(tx, dirtyHeads(tx))
	var emailIDs sql.NullString
	if err := db.SQL.QueryRowContext(ctx, query, args...).Scan(new(int), &emailIDs); err != nil {
		return batchRefusal(err)
	}
	db.observeLedger(tx, began)
	return nil
}

// sqlTxNow returns the transaction tx's statements run in. A batch run on assumed heads has none
// until its first statement: it begins one then, locks the heads, and goes on as a batch in a
// transaction when they are where it assumed them; otherwise it fails with errHeadsMoved, kept in
// tx.beginErr for the batch to see whatever its piece does with the error.
func (tx *Tx) sqlTxNow(ctx context.Context) (*sql.Tx, error) {
	if tx.sqlTx != nil || tx.beginErr != nil {
		return tx.sqlTx, tx.beginErr
	}
	sqlTx, err := tx.db.BeginTx(ctx, nil)
	if err != nil {
		tx.beginErr = err
		return nil, err
	}
	tx.sqlTx = sqlTx
	advanced := tx.heads
	if err := tx.lockHeads(ctx, tx.owner.Engine); err != nil {
		tx.beginErr = err
		return nil, err
	}
	for _, name := range headsOrder {
		if h, ok := tx.heads[name]; !ok || h.seq != tx.assumed[name].seq || h.hash != tx.assumed[name].hash {
			tx.beginErr = errHeadsMoved
			return nil, tx.beginErr
		}
	}
	tx.heads, tx.assumed = advanced, nil
	return sqlTx, nil
}

// failedRow is a row whose Scan reports that its statement could not be sent (sqlTxNow failed):
// database/sql gives a query on a context already ended that error without taking a connection.
func (tx *Tx) failedRow(ctx context.Context) *sql.Row {
	ended, cancel := context.WithCancel(ctx)
	cancel()
	return tx.db.QueryRowContext(ended, "SELECT 1")
}

// runPieces runs every piece of a batch in tx, stopping at the first that fails.
func runPieces(batch []ledgerWork, tx *Tx) error {
	for _, w := range batch {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		if err := w.fn(tx); err != nil {
			return err
		}
	}
	return nil
}
