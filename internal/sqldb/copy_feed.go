package sqldb

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// A copyFeed is a COPY into one table kept open across many calls of feed, each handing it a batch
// of rows: the thousands of chunks of a million-line import go to PostgreSQL as one COPY, which the
// server takes in without pause, instead of a COPY each (every COPY a round trip and a statement
// started, and the server idle between them). The COPY runs in a goroutine of its own on the
// transaction's connection; any other statement of the transaction ends it first (endFeed, called
// by ExecContext, QueryContext, QueryRowContext and copyRows), and so does the end of the
// transaction, so callers need not know it is open.
type copyFeed struct {
	table   string
	batches chan copyBatch // unbuffered: a batch sent has been taken by the COPY
	done    chan struct{}  // closed when the COPY has ended, err then set
	err     error
	aborted bool // set before batches is closed when the transaction is rolled back
}

// A copyBatch is n rows, the i-th given by row(i).
type copyBatch struct {
	n   int
	row func(i int) ([]any, error)
}

// feed writes n rows into table's columns, row(i) giving the i-th, through the transaction's open
// COPY into that table, opening one if there is none. The rows are read after feed returns, until
// the next feed or statement of the transaction: row must keep returning them until then.
func (tx *Tx) feed(ctx context.Context, table string, columns []string, n int, row func(i int) ([]any, error)) error {
	if n == 0 {
		return nil
	}
	if tx.copying != nil && tx.copying.table != table {
		if err := tx.endFeed(true); err != nil {
			return err
		}
	}
	if tx.copying == nil {
		tx.copying = tx.openFeed(ctx, table, columns)
	}
	f := tx.copying
	select {
	case f.batches <- copyBatch{n: n, row: row}:
		return nil
	case <-f.done: // the COPY failed before taking the batch
		return tx.endFeed(true) // its error
	}
}

// openFeed starts a COPY into table, fed by the batches sent to it.
func (tx *Tx) openFeed(ctx context.Context, table string, columns []string) *copyFeed {
	f := &copyFeed{table: table, batches: make(chan copyBatch), done: make(chan struct{})}
	go func() {
		defer close(f.done)
		f.err = tx.conn.Raw(func(dc any) error {
			c, ok := dc.(*stdlib.Conn)
			if !ok {
				return fmt.Errorf("COPY needs the pgx driver, not %T", dc)
			}
			_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, columns, &feedSource{f: f})
			return err
		})
		if f.err != nil {
			f.err = fmt.Errorf("writing %s: %w", table, f.err)
		}
	}()
	return f
}

// endFeed ends the transaction's open COPY, if any, and returns its error: committing its rows
// to the transaction when complete is true, abandoning the COPY (and so the transaction) when not.
// Every other statement of the transaction calls it first. A COPY that failed leaves the
// transaction aborted, so such a statement fails too, with PostgreSQL's "current transaction is
// aborted": the COPY's own error, kept in feedErr, is what runTx reports.
func (tx *Tx) endFeed(complete bool) error {
	f := tx.copying
	if f == nil {
		return nil
	}
	tx.copying = nil
	f.aborted = !complete
	close(f.batches)
	<-f.done
	if f.err != nil && !f.aborted {
		tx.feedErr = f.err
		return f.err
	}
	return nil
}

// errFeedAbandoned ends a COPY whose transaction is being rolled back.
var errFeedAbandoned = errors.New("the transaction is rolled back")

// feedSource is the pgx.CopyFromSource of a copyFeed: the rows of each batch in turn, waiting for
// the next batch when one is done, until the batches end.
type feedSource struct {
	f    *copyFeed
	cur  copyBatch
	next int
	vals []any
	err  error
}

func (s *feedSource) Next() bool {
	for s.next == s.cur.n {
		b, ok := <-s.f.batches
		if !ok {
			if s.f.aborted {
				s.err = errFeedAbandoned
			}
			return false
		}
		s.cur, s.next = b, 0
	}
	s.vals, s.err = s.cur.row(s.next)
	s.next++
	return s.err == nil
}

func (s *feedSource) Values() ([]any, error) { return s.vals, s.err }
func (s *feedSource) Err() error             { return s.err }
