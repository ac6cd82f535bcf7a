package sqldb

import (
	"context"
	"database/sql"
	"time"

	"github.com/ims-council/ims"
)

// JobCount is how many background jobs of one kind are in one state of River's queue.
type JobCount struct {
	Kind, State string
	Jobs        int64
}

// JobCounts returns how many jobs of each kind are in each state of River's queue, leaving out
// the completed ones: they are done, and River keeps a day of them, which would make this read
// the longest for the least news. Discarded (given up) and retryable (failed, to run again) jobs
// are the queue's failures.
func (db *DB) JobCounts(ctx context.Context) (counts []JobCount, err error) {
	defer ims.Wrap(&err, "JobCounts")
	rows, err := db.SQL.QueryContext(ctx, `SELECT kind, state, COUNT(*) FROM river_job
		WHERE state IN ('available', 'pending', 'scheduled', 'running', 'retryable', 'cancelled', 'discarded')
		GROUP BY kind, state ORDER BY kind, state`)
	if err != nil {
		return nil, db.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c JobCount
		if err := rows.Scan(&c.Kind, &c.State, &c.Jobs); err != nil {
			return nil, err
		}
		counts = append(counts, c)
	}
	return counts, rows.Err()
}

// ImportCount is how many payment imports are in one state, and how many lines they hold.
type ImportCount struct {
	State          string
	Imports, Lines int64
}

// ImportCounts returns how many payment imports are in each state and their lines. There is one
// row per file imported, so this stays a small read however many payments the files held.
func (db *DB) ImportCounts(ctx context.Context) (counts []ImportCount, err error) {
	defer ims.Wrap(&err, "ImportCounts")
	rows, err := db.SQL.QueryContext(ctx, `SELECT state, COUNT(*), COALESCE(SUM(lines), 0) FROM imports GROUP BY state ORDER BY state`)
	if err != nil {
		return nil, db.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c ImportCount
		if err := rows.Scan(&c.State, &c.Imports, &c.Lines); err != nil {
			return nil, err
		}
		counts = append(counts, c)
	}
	return counts, rows.Err()
}

// LedgerObserver hears of every committed transaction that appended postings to the ledger
// (internal/metrics counts them and times the commits).
type LedgerObserver interface {
	LedgerCommitted(postings int, took time.Duration)
}

// commitObserved commits sqlTx, the transaction of tx begun at began, and tells DB.Ledger of it
// when it appended postings. The postings are counted from the ledger chain's sequence, which
// advances once per posting, so every way of posting is counted without a call of its own.
func (db *DB) commitObserved(tx *Tx, sqlTx *sql.Tx, began time.Time) error {
	if err := sqlTx.Commit(); err != nil {
		return err
	}
	db.observeLedger(tx, began)
	return nil
}

// observeLedger tells DB.Ledger of tx, committed, when it appended postings.
func (db *DB) observeLedger(tx *Tx, began time.Time) {
	if db.Ledger == nil {
		return
	}
	if h, ok := tx.heads["ledger"]; ok && h.seq > h.locked {
		db.Ledger.LedgerCommitted(int(h.seq-h.locked), time.Since(began))
	}
}

// ExportCount is how many export batches one export target has had.
type ExportCount struct {
	Target  string
	Batches int64
}

// ExportCounts returns how many export batches each target has had, whichever instance or
// command (ims export run) wrote them. A batch is one file a day or so per target: a small read.
func (db *DB) ExportCounts(ctx context.Context) (counts []ExportCount, err error) {
	defer ims.Wrap(&err, "ExportCounts")
	rows, err := db.SQL.QueryContext(ctx, `SELECT target, COUNT(*) FROM export_batches GROUP BY target ORDER BY target`)
	if err != nil {
		return nil, db.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c ExportCount
		if err := rows.Scan(&c.Target, &c.Batches); err != nil {
			return nil, err
		}
		counts = append(counts, c)
	}
	return counts, rows.Err()
}
