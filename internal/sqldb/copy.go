package sqldb

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// canCopy reports whether tx can write rows with PostgreSQL's COPY: a bulk transaction (InBulkTx)
// on PostgreSQL, which holds a connection of its own.
func (tx *Tx) canCopy() bool {
	return tx.owner.Engine == Postgres && tx.conn != nil
}

// copyRows writes n rows into table's columns with COPY on the transaction's own connection,
// row(i) giving the i-th row's values: several times cheaper than a multi-row INSERT for the
// thousands of rows of an import, which pays for parsing and planning thousands of parameters.
func (tx *Tx) copyRows(ctx context.Context, table string, columns []string, n int, row func(i int) ([]any, error)) error {
	if err := tx.endFeed(true); err != nil {
		return err
	}
	return tx.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("COPY needs the pgx driver, not %T", dc)
		}
		if _, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, columns, pgx.CopyFromSlice(n, row)); err != nil {
			return fmt.Errorf("writing %s: %w", table, err)
		}
		return nil
	})
}
