package sqldb_test

import (
	"context"
	"sync"
	"testing"

	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// TestPoolKeepsItsConnections has eight callers read and post at once, as `ims serve` does under
// load: the connections they open are kept for the next requests, not closed and opened again
// (database/sql keeps only two idle connections unless told otherwise).
func TestPoolKeepsItsConnections(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		seedLedgerData(t, db)
		ctx := context.Background()
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 10 {
					if _, err := db.Funds().List(ctx); err != nil {
						t.Error(err)
					}
					if _, err := ledger.New(db).Post(ctx, system, payment("1.00")); err != nil {
						t.Error(err)
					}
				}
			}()
		}
		wg.Wait()
		stats := db.SQL.Stats()
		if stats.MaxOpenConnections != sqldb.DefaultMaxConns {
			t.Errorf("pool of %d connections; want %d", stats.MaxOpenConnections, sqldb.DefaultMaxConns)
		}
		if stats.MaxIdleClosed != 0 {
			t.Errorf("%d connections closed for want of room among the idle ones (%d opened)", stats.MaxIdleClosed, stats.OpenConnections)
		}
	})
}

// TestPoolSizeIsConfigurable opens a pool of the size an operator set in IMS_DB_MAX_CONNS.
func TestPoolSizeIsConfigurable(t *testing.T) {
	t.Parallel()
	for _, engine := range []sqldb.Engine{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			db, err := sqldb.OpenWithPool(context.Background(), sqldbtest.URL(t, engine), sqldb.Pool{MaxConns: 3})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if n := db.SQL.Stats().MaxOpenConnections; n != 3 {
				t.Errorf("pool of %d connections; want 3", n)
			}
		})
	}
}
