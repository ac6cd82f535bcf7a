package sqldb

import (
	"context"
	"database/sql"

	"github.com/ims-council/ims"
)

// An ImportLineRow is one stored line of an import (see import_lines in migration 00018): what the
// line said after its defaults and rules, its outcome and why, the rules' changes as JSON, and
// where it went (the posting's line, the suspense item).
type ImportLineRow struct {
	N, Statement, FileLine int64
	Date                   string
	Fund, Reference, MOP   string
	Office, Narrative      string
	BankReference, Channel string
	Currency               string
	Pence                  int64
	Outcome, Reason, Rule  string
	Changes                string // JSON: the rules' changes and notes
	EntryLine              int64  // line of the import's posting, 0 when not posted
	SuspenseItemID         int64
}

func importLineColumns() []string {
	return []string{"import_id", "n", "statement", "file_line", "line_date", "fund", "reference", "mop", "office",
		"narrative", "bank_reference", "channel", "currency", "pence", "outcome", "reason", "rule", "changes",
		"entry_line", "suspense_item_id"}
}

// InsertImportLines writes lines of import id in tx, many rows a statement.
func (tx *Tx) InsertImportLines(ctx context.Context, id int64, lines []ImportLineRow) error {
	cols := importLineColumns()
	if tx.canCopy() && len(lines) > 0 {
		return tx.copyRows(ctx, "import_lines", cols, len(lines), func(i int) ([]any, error) {
			return lines[i].values(id), nil
		})
	}
	const batch = 500
	for start := 0; start < len(lines); start += batch {
		part := lines[start:min(start+batch, len(lines))]
		args := make([]any, 0, len(part)*len(cols))
		for _, l := range part {
			args = append(args, l.values(id)...)
		}
		if _, err := tx.ExecContext(ctx, tx.owner.insertSQL("import_lines", cols, len(part)), args...); err != nil {
			return err
		}
	}
	return nil
}

// values are the line's values for importLineColumns.
func (l ImportLineRow) values(importID int64) []any {
	return []any{importID, l.N, l.Statement, l.FileLine, l.Date, l.Fund, l.Reference, l.MOP, l.Office,
		l.Narrative, l.BankReference, l.Channel, l.Currency, l.Pence, l.Outcome, l.Reason, l.Rule, l.Changes,
		nullID(l.EntryLine), nullID(l.SuspenseItemID)}
}

// ImportLines returns up to limit stored lines of import id from the offset-th, in line order; with
// outcome given, only lines of that outcome.
func (db *DB) ImportLines(ctx context.Context, id int64, outcome string, offset, limit int) (_ []ImportLineRow, err error) {
	defer ims.Wrap(&err, "ImportLines(%d)", id)
	rows, err := db.SQL.QueryContext(ctx, `SELECT n, statement, file_line, line_date, fund, reference, mop, office,
		narrative, bank_reference, channel, currency, pence, outcome, reason, rule, changes, entry_line, suspense_item_id
		FROM import_lines WHERE import_id = $1 AND ($2 = '' OR outcome = $2) ORDER BY n LIMIT $3 OFFSET $4`,
		id, outcome, limit, offset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []ImportLineRow{}
	for rows.Next() {
		var l ImportLineRow
		var entry, item sql.NullInt64
		if err := rows.Scan(&l.N, &l.Statement, &l.FileLine, &l.Date, &l.Fund, &l.Reference, &l.MOP, &l.Office,
			&l.Narrative, &l.BankReference, &l.Channel, &l.Currency, &l.Pence, &l.Outcome, &l.Reason, &l.Rule,
			&l.Changes, &entry, &item); err != nil {
			return nil, err
		}
		l.EntryLine, l.SuspenseItemID = entry.Int64, item.Int64
		list = append(list, l)
	}
	return list, rows.Err()
}

// InsertImportChunk stores piece seq (from 0) of an import's file in tx.
func (tx *Tx) InsertImportChunk(ctx context.Context, id, seq int64, data []byte) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO import_file_chunks (import_id, seq, data) VALUES ($1, $2, $3)`, id, seq, data)
	return err
}

// SetImportFile records the size, SHA-256 and lines of an import's file in tx, once it has been
// stored; the lines are the import's rows to read until it counts them (rows_total).
func (tx *Tx) SetImportFile(ctx context.Context, id int64, sha256 string, size, lines int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE imports SET sha256 = $1, size_bytes = $2, rows_total = $3 WHERE id = $4`,
		sha256, size, lines, id)
	return err
}

// DeleteImportFile removes what was stored of an import's file whose upload broke off.
func (tx *Tx) DeleteImportFile(ctx context.Context, id int64) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM import_file_chunks WHERE import_id = $1`, id)
	return err
}

// PaymentImportQueue enqueues the background job of a payment import in the transaction that records it
// (internal/jobs implements it on River), so a recorded import always has its job.
type PaymentImportQueue interface {
	PostImportTx(ctx context.Context, tx *sql.Tx, importID int64) error
}

// EnqueueImport enqueues the job of import id on q in tx.
func (tx *Tx) EnqueueImport(ctx context.Context, q PaymentImportQueue, id int64) error {
	sqlTx, err := tx.sqlTxNow(ctx)
	if err != nil {
		return err
	}
	return q.PostImportTx(ctx, sqlTx, id)
}
