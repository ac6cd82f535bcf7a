package sqldb

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// maxLedgerBatch caps how many callers' work one ledger transaction carries.
const maxLedgerBatch = 64

// gatherWindow is how long the writer waits for more work after the first piece of a batch.
const gatherWindow = 300 * time.Microsecond

// ledgerWork is one caller's ledger transaction, waiting for the writer.
type ledgerWork struct {
	ctx  context.Context
	fn   func(tx *Tx) error
	done chan error
}

// ledgerWriter commits ledger work for many concurrent callers together (group commit). Postings are
// serialised by the hash chain anyway; running the work of every caller waiting at that moment in one
// transaction turns many commits and chain-head round trips into one. Each caller still gets its own
// outcome: when any piece of a batch fails, the whole batch is rolled back and every piece is run
// again in a transaction of its own, so a failure never touches another caller's work. Failures are
// rare (a payment's lines are checked before the money is taken), so the common case pays nothing
// for that guarantee. A batch lost to a deadlock or serialization failure is first run again whole
// (InTx's retry), each piece redoing its reads. So every piece may run more than once before its
// work commits: a piece assigns its results afresh on every run.
type ledgerWriter struct {
	refs  referenceCache // the reference data the batches read, kept across them (ADR 37)
	known knownHeads     // the chain heads as the last batch left them (ledger_assumed.go)
	queue chan ledgerWork
	stop  chan struct{}
	done  chan struct{}
}

func (db *DB) startLedgerWriter() {
	db.writer = &ledgerWriter{queue: make(chan ledgerWork, maxLedgerBatch), stop: make(chan struct{}), done: make(chan struct{})}
	go db.runLedgerWriter()
}

func (db *DB) stopLedgerWriter() {
	if db.writer != nil {
		close(db.writer.stop)
		<-db.writer.done
	}
}

// InLedgerTx runs fn as a unit of work that appends to the ledger, in a transaction it may share
// with other callers' work (group commit), and returns when that transaction has committed or fn has
// been rolled back. Like InTx it holds the chain heads from its start; fn may run more than once
// (a batch run again, or one piece alone after another piece failed), so it assigns its results
// afresh on every run, and it must not call InLedgerTx itself.
func (db *DB) InLedgerTx(ctx context.Context, fn func(tx *Tx) error) error {
	w := ledgerWork{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case db.writer.queue <- w:
	case <-db.writer.stop:
		return fmt.Errorf("the database is closing")
	case <-ctx.Done():
		return db.classify(ctx.Err())
	}
	// Once queued the work runs; wait for its outcome even if ctx ends, so the caller never
	// reports a failure for work that then commits.
	return <-w.done
}

func (db *DB) runLedgerWriter() {
	defer close(db.writer.done)
	// callers is how many callers were about when the previous batch ended: those it carried, who
	// are a moment from sending their next piece, and those who queued while it ran. Waiting only
	// for as many as the previous batch carried split eight writers into two alternating batches
	// of four (the other four were already queued), twice the commits for the same postings.
	callers := 1
	for {
		var first ledgerWork
		select {
		case first = <-db.writer.queue:
		case <-db.writer.stop:
			return
		}
		batch := gatherBatch(db.writer.queue, first, callers, gatherWindow)
		db.runLedgerBatch(batch)
		callers = len(batch) + len(db.writer.queue)
	}
}

// gatherBatch collects a batch starting with first: every piece already queued, then more as they
// arrive until the batch holds want pieces (the callers about when the previous batch ended) or
// window has passed since first. Callers released by the previous batch are usually a moment from
// sending their next piece: the wait lets them share this transaction rather than the first running
// alone, and it ends as soon as they have all come, so a steady load does not pay the whole window
// on every batch. A load that has grown is taken in by the pieces already queued; one that has
// shrunk pays the window once, and the next batch waits for fewer.
func gatherBatch(queue <-chan ledgerWork, first ledgerWork, want int, window time.Duration) []ledgerWork {
	batch := []ledgerWork{first}
	for len(batch) < maxLedgerBatch {
		select {
		case w := <-queue:
			batch = append(batch, w)
			continue
		default:
		}
		break
	}
	if len(batch) >= want {
		return batch
	}
	timer := time.NewTimer(window)
	defer timer.Stop()
	for len(batch) < min(want, maxLedgerBatch) {
		select {
		case w := <-queue:
			batch = append(batch, w)
		case <-timer.C:
			return batch
		}
	}
	return batch
}

func (db *DB) runLedgerBatch(batch []ledgerWork) {
	ctx := context.Background()
	err := errHeadsMoved
	if db.Engine == Postgres && db.writer.known.trusted {
		err = db.runBatchAssumed(ctx, batch)
	}
	if errors.Is(err, errHeadsMoved) {
		// A piece alone runs as a batch too, so it shares the reference data the batches keep (ADR 37).
		var ran *Tx
		err = db.inTxRetrying(ctx, txOptions{lockHeads: true, deferRows: true, refs: &db.writer.refs}, func(tx *Tx) error {
			ran = tx
			return runPieces(batch, tx)
		})
		if err == nil && db.Engine == Postgres { // only PostgreSQL's batches run on assumed heads
			db.writer.known.remember(ran)
		}
	}
	if err == nil {
		for _, w := range batch {
			w.done <- nil
		}
		return
	}
	// Something failed: each piece in its own transaction, so one caller's failure is its own. They
	// move the heads, so the next batch locks them.
	db.writer.known = knownHeads{}
	for _, w := range batch {
		w.done <- db.InTx(w.ctx, w.fn)
	}
}
