package sqldb_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// writeInPieces streams np's entries in pieces of size, calling between(written) after each piece
// but the last, inside the bulk transaction, and returns fn's error.
func writeInPieces(ctx context.Context, db *sqldb.DB, np ims.NewPosting, size int, between func(tx *sqldb.Tx, written int) error) error {
	return db.InBulkTx(ctx, func(tx *sqldb.Tx) error {
		s, err := tx.StreamPosting(ctx, np.Posting(system.Actor(), tx.Now(), tx.Zone()))
		if err != nil {
			return err
		}
		refs, err := tx.PostingRefs(ctx, np)
		if err != nil {
			return err
		}
		built, err := ims.BuildEntries(np, s.Posting(), refs, tx.Rounding())
		if err != nil {
			return err
		}
		for start := 0; start < len(built); start += size {
			if err := s.Write(ctx, built[start:min(start+size, len(built))]); err != nil {
				return err
			}
			if start+size < len(built) {
				if err := between(tx, start+size); err != nil {
					return err
				}
			}
		}
		_, err = s.Finish(ctx, system)
		return err
	})
}

func countEntries(t *testing.T, db *sqldb.DB) int {
	t.Helper()
	var n int
	must(t, db.SQL.QueryRow(`SELECT count(*) FROM ledger_entries`).Scan(&n))
	return n
}

// The entries of a streamed posting go through one COPY kept open across its pieces on PostgreSQL;
// a statement of the same transaction between two pieces sees every entry written before it, and
// the posting verifies whole.
func TestStatementsBetweenStreamedPiecesSeeTheEntriesWritten(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		seedLedgerData(t, db)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		var seen []int
		err := writeInPieces(ctx, db, importLines(250), 100, func(tx *sqldb.Tx, written int) error {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM ledger_entries`).Scan(&n); err != nil {
				return err
			}
			seen = append(seen, n)
			return nil
		})
		must(t, err)
		if len(seen) != 2 || seen[0] != 100 || seen[1] != 200 {
			t.Errorf("the transaction saw %v entries between pieces; want [100 200]", seen)
		}
		if n := countEntries(t, db); n != 250 {
			t.Errorf("%d entries written; want 250", n)
		}
		rep, err := db.VerifyLedger(ctx)
		must(t, err)
		if rep.BrokenAt != 0 || rep.Postings != 1 {
			t.Fatalf("verify = %+v; want one intact posting", rep)
		}
	})
}

// A piece the server refuses fails the transaction with the server's reason, however many pieces
// were fed before it, and a transaction that fails for its own reasons with pieces fed ends
// without waiting: either way nothing is written.
func TestAFailedStreamWritesNothing(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		seedLedgerData(t, db)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		giveUp := errors.New("given up after the second piece")
		err := writeInPieces(ctx, db, importLines(300), 100, func(tx *sqldb.Tx, written int) error {
			if written == 200 {
				return giveUp
			}
			return nil
		})
		if !errors.Is(err, giveUp) {
			t.Fatalf("err = %v; want the transaction's own error", err)
		}
		if db.Engine == sqldb.Postgres {
			// The server's refusal reaches IMS while later pieces are fed or when the
			// next statement ends the COPY: either way it is the error reported.
			for _, bad := range []int{5, 2950} {
				np := importLines(3000)
				np.Entries[bad].Narrative = "not UTF-8 \xff"
				err = writeInPieces(ctx, db, np, 100, func(*sqldb.Tx, int) error { return nil })
				if err == nil || !strings.Contains(err.Error(), "ledger_entries") || !strings.Contains(err.Error(), "UTF8") {
					t.Fatalf("entry %d not UTF-8: err = %v; want the server's refusal of ledger_entries' row", bad, err)
				}
			}
		}
		if n := countEntries(t, db); n != 0 {
			t.Errorf("%d entries written; want none", n)
		}
	})
}
