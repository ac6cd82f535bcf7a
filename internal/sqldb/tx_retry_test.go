package sqldb_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// TestDeadlockedTransactionIsRunAgain makes two transactions lock two rows in opposite orders, a
// deadlock PostgreSQL breaks by rolling one of them back. That one must be run again from the
// start and commit, so both callers succeed and both changes are kept.
func TestDeadlockedTransactionIsRunAgain(t *testing.T) {
	t.Parallel()
	db := sqldbtest.Open(t, sqldb.Postgres)
	ctx := context.Background()
	if _, err := db.SQL.Exec(`CREATE TABLE probe (id INT PRIMARY KEY, n INT NOT NULL);
		INSERT INTO probe VALUES (1, 0), (2, 0)`); err != nil {
		t.Fatal(err)
	}
	var runs atomic.Int32
	var firstLocks sync.WaitGroup // each transaction's first run holds its first row
	firstLocks.Add(2)
	lockBoth := func(first, second int) error {
		var once sync.Once
		return db.InTxWithoutChains(ctx, func(tx *sqldb.Tx) error {
			runs.Add(1)
			if _, err := tx.ExecContext(ctx, `UPDATE probe SET n = n + 1 WHERE id = $1`, first); err != nil {
				return err
			}
			once.Do(func() { firstLocks.Done(); firstLocks.Wait() })
			_, err := tx.ExecContext(ctx, `UPDATE probe SET n = n + 1 WHERE id = $1`, second)
			return err
		})
	}
	errs := make(chan error, 2)
	go func() { errs <- lockBoth(1, 2) }()
	go func() { errs <- lockBoth(2, 1) }()
	for range 2 {
		if err := <-errs; err != nil {
			t.Errorf("a deadlocked transaction failed: %v", err)
		}
	}
	// At least one transaction ran twice. More runs are right too: the one run again can take its
	// first row before the other, woken by the rollback, gets to it, and deadlock with it again
	// (seen on a busy machine with tests running in parallel).
	if got := runs.Load(); got < 3 {
		t.Errorf("the transactions ran %d times; want 3 or more (one of them again)", got)
	}
	var total int
	if err := db.SQL.QueryRow(`SELECT SUM(n) FROM probe`).Scan(&total); err != nil {
		t.Fatal(err)
	}
	if total != 4 {
		t.Errorf("the rows were updated %d times; want 4", total)
	}
}
