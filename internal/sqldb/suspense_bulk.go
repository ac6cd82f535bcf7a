package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ims-council/ims"
)

// InsertSuspenseItems records new suspense items of one posting (an import's), many rows a
// statement, and returns their ids in the order given. Each names a different line of the posting,
// which is how the ids coming back are matched to the items: the order of a multi-row INSERT's
// RETURNING rows is not promised.
func (tx *Tx) InsertSuspenseItems(ctx context.Context, items []ims.SuspenseItem) ([]int64, error) {
	if len(items) == 0 {
		return nil, nil
	}
	if tx.canCopy() {
		return tx.copySuspenseItems(ctx, items)
	}
	cols := suspenseItemColumns()
	ids := make([]int64, len(items))
	const batch = 500
	for start := 0; start < len(items); start += batch {
		part := items[start:min(start+batch, len(items))]
		at := map[int]int{} // posting line → index in items
		args := make([]any, 0, len(part)*len(cols))
		for i, it := range part {
			at[it.PostingLine] = start + i
			args = append(args, suspenseItemValues(it)...)
		}
		if len(at) != len(part) {
			return nil, fmt.Errorf("suspense items of one posting line twice")
		}
		rows, err := tx.QueryContext(ctx, tx.owner.insertSQL("suspense_items", cols, len(part))+" RETURNING id, posting_line", args...)
		if err != nil {
			return nil, err
		}
		n := 0
		for rows.Next() {
			var id int64
			var line int
			if err := rows.Scan(&id, &line); err != nil {
				rows.Close()
				return nil, err
			}
			ids[at[line]] = id
			n++
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if n != len(part) {
			return nil, fmt.Errorf("wrote %d suspense items, want %d", n, len(part))
		}
	}
	return ids, nil
}

func suspenseItemColumns() []string {
	return []string{"amount", "allocated", "version", "received_on", "reference", "narrative", "mop", "source",
		"import_id", "reason", "posting_id", "posting_line", "created_by", "created_at", "request_hash"}
}

// suspenseItemValues are a new item's values for suspenseItemColumns.
func suspenseItemValues(it ims.SuspenseItem) []any {
	return []any{int64(it.Amount), int64(0), int64(1), it.Received, it.Reference, it.Narrative, it.MOP, string(it.Source),
		sql.NullInt64{Int64: it.ImportID, Valid: it.ImportID != 0}, it.Reason, it.PostingID, int64(it.PostingLine),
		it.CreatedBy, it.CreatedAt, ""}
}

// copySuspenseItems writes items with COPY (see copyRows), their ids drawn first from the table's
// sequence in one statement.
func (tx *Tx) copySuspenseItems(ctx context.Context, items []ims.SuspenseItem) ([]int64, error) {
	ids, err := queryInt64s(ctx, tx, `SELECT nextval(pg_get_serial_sequence('suspense_items', 'id'))
		FROM generate_series(1, $1)`, len(items))
	if err != nil {
		return nil, err
	}
	if len(ids) != len(items) {
		return nil, fmt.Errorf("drew %d suspense item ids, want %d", len(ids), len(items))
	}
	cols := append([]string{"id"}, suspenseItemColumns()...)
	err = tx.copyRows(ctx, "suspense_items", cols, len(items), func(i int) ([]any, error) {
		return append([]any{ids[i]}, suspenseItemValues(items[i])...), nil
	})
	return ids, err
}
