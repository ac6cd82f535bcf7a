package main

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/ims-council/ims/internal/sqldb"
)

// rawBulkInsert is the baseline for imports: cfg.rows generated lines written into a table shaped
// like ledger_entries as fast as the engine goes, with no application code in the way: COPY through
// pgx on PostgreSQL; on SQLite, multi-row INSERTs prepared once, all in one transaction.
func rawBulkInsert(ctx context.Context, cfg config) (Result, error) {
	d, err := freshDatabase(ctx, cfg)
	if err != nil {
		return Result{}, err
	}
	defer d.remove()
	pool, err := d.openPool(ctx)
	if err != nil {
		return Result{}, err
	}
	defer pool.Close()
	for _, stmt := range rawTableDDL(d.engine) {
		if _, err := pool.ExecContext(ctx, stmt); err != nil {
			return Result{}, fmt.Errorf("creating the baseline table: %w", err)
		}
	}
	res := Result{Rows: int64(cfg.rows)}
	if err := d.describe(ctx, pool, &res); err != nil {
		return Result{}, err
	}
	server := startServerUsage(ctx, pool, d.engine)
	sw := startStopwatch()
	if d.engine == sqldb.Postgres {
		res.Method = "COPY (pgx CopyFrom)"
		err = copyLines(ctx, d.url, cfg.rows)
	} else {
		res.Method = fmt.Sprintf("multi-row INSERT of %d rows, prepared once, one transaction", sqliteBatchRows)
		err = insertLinesSQLite(ctx, pool, cfg.rows)
	}
	sw.stop(&res)
	server.stop(ctx, &res)
	return res, err
}

// rawTableDDL returns a table with ledger_entries' columns, types, keys and indexes on engine, as
// the migrations leave them (internal/sqldb/migrations; TestRawTableHasTheLedgersIndexes checks
// SQLite's), but no foreign keys: the baseline is the engine's raw speed, and checking references is
// work the application chooses to do. The indexes are the ledger's: every row the import writes
// pays for each of them, and so does every row of the baseline.
func rawTableDDL(engine sqldb.Engine) []string {
	id, ts := "id INTEGER PRIMARY KEY", "TIMESTAMP"
	if engine == sqldb.Postgres {
		id, ts = "id BIGSERIAL PRIMARY KEY", "TIMESTAMPTZ"
	}
	ddl := []string{`CREATE TABLE ledger_entries (` + id + `, posting_id BIGINT NOT NULL, line BIGINT NOT NULL,
		kind TEXT NOT NULL, fund TEXT NOT NULL, reference TEXT NOT NULL, mop TEXT NOT NULL, amount BIGINT NOT NULL,
		vat_code TEXT NOT NULL, vat_rate_bp BIGINT NOT NULL, vat_amount BIGINT NOT NULL, narrative TEXT NOT NULL,
		office TEXT, transaction_time ` + ts + ` NOT NULL, business_date DATE NOT NULL, psp_payment_id TEXT NOT NULL,
		psp_reference TEXT NOT NULL, card_brand TEXT NOT NULL, card_first6 TEXT NOT NULL, card_last4 TEXT NOT NULL,
		links_entry BIGINT, UNIQUE (posting_id, line))`,
		"CREATE INDEX ledger_entries_reference ON ledger_entries (reference)",
		"CREATE INDEX ledger_entries_mop ON ledger_entries (mop)",
		"CREATE INDEX ledger_entries_links ON ledger_entries (links_entry) WHERE links_entry IS NOT NULL",
		"CREATE INDEX ledger_entries_card_last4 ON ledger_entries (card_last4) WHERE card_last4 <> ''",
	}
	if engine == sqldb.Postgres {
		return append(ddl, // the transaction search's (column, id) orders (ADR 28)
			"CREATE INDEX ledger_entries_fund_date ON ledger_entries (fund, business_date, id)",
			"CREATE INDEX ledger_entries_date ON ledger_entries (business_date, id)",
			`CREATE INDEX ledger_entries_reference_c ON ledger_entries ((reference COLLATE "C"), id)`,
			"CREATE INDEX ledger_entries_amount ON ledger_entries (amount, id)")
	}
	return append(ddl,
		"CREATE INDEX ledger_entries_fund_date ON ledger_entries (fund, business_date)",
		"CREATE INDEX ledger_entries_date ON ledger_entries (business_date)",
		"CREATE INDEX ledger_entries_amount ON ledger_entries (amount)")
}

// copyLines streams rows generated lines into ledger_entries with COPY, generating each row as COPY
// asks for it so memory does not grow with the row count.
func copyLines(ctx context.Context, dbURL string, rows int) error {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	n, err := conn.CopyFrom(ctx, pgx.Identifier{"ledger_entries"}, rawColumns(), &lineSource{rows: rows})
	if err == nil && n != int64(rows) {
		err = fmt.Errorf("COPY wrote %d rows, want %d", n, rows)
	}
	return err
}

// lineSource is a pgx.CopyFromSource of generated lines.
type lineSource struct {
	rows, next int
	values     []any
}

func (s *lineSource) Next() bool {
	if s.next == s.rows {
		return false
	}
	if s.values == nil {
		s.values = make([]any, len(rawColumns()))
	}
	genLine(s.next).rawValues(s.values, s.next+1)
	s.next++
	return true
}

func (s *lineSource) Values() ([]any, error) { return s.values, nil }
func (s *lineSource) Err() error             { return nil }

// sqliteBatchRows is the number of rows per multi-row INSERT: 20 columns × 500 rows stays well
// under SQLite's limit of 32,766 bound parameters; 1,000 was no faster and 50–200 a little slower.
const sqliteBatchRows = 500

// insertLinesSQLite writes rows generated lines in multi-row INSERTs in one transaction. This is
// the faster of the two honest ways: a prepared single-row INSERT executed once per row used about
// twice the CPU time for 200,000 rows, paying database/sql's and the driver's per-call cost per row.
// Placeholders are "?", which SQLite numbers in order; "$N" placeholders are names to SQLite, looked
// up by a linear search per parameter, which makes a 10,000-parameter statement slow to prepare.
func insertLinesSQLite(ctx context.Context, pool *sql.DB, rows int) error {
	tx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	cols := len(rawColumns())
	var stmt *sql.Stmt
	args := make([]any, sqliteBatchRows*cols)
	for start := 0; start < rows; start += sqliteBatchRows {
		n := min(sqliteBatchRows, rows-start)
		for i := range n {
			genLine(start+i).rawValues(args[i*cols:(i+1)*cols], start+i+1)
		}
		s := stmt
		if n != sqliteBatchRows || s == nil {
			if s, err = tx.PrepareContext(ctx, multiRowInsert(rawColumns(), n)); err != nil {
				return err
			}
			if n == sqliteBatchRows {
				stmt = s // kept for the full batches that follow
			} else {
				defer s.Close()
			}
		}
		if _, err := s.ExecContext(ctx, args[:n*cols]...); err != nil {
			return err
		}
	}
	if stmt != nil {
		stmt.Close()
	}
	return tx.Commit()
}

// multiRowInsert returns an INSERT into ledger_entries of rows rows of cols with "?" placeholders.
func multiRowInsert(cols []string, rows int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	return "INSERT INTO ledger_entries (" + strings.Join(cols, ", ") + ") VALUES " +
		strings.TrimSuffix(strings.Repeat(row+", ", rows), ", ")
}
