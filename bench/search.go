package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/transactions"
)

// searchBench is search_10m (ADR 28): cfg.rows ledger entries written straight into the tables
// (COPY on PostgreSQL, multi-row INSERTs on SQLite; no hash chain, which the search never reads),
// spread over two years, ten funds, pseudo-random references and four entries a posting; then
// searchQueries queries of each kind through transactions.Service, timed one by one, and the
// streamed CSV export of exportRows rows. Rows is the entries written; the latencies are in
// LatencyMS.
func searchBench(ctx context.Context, cfg config) (Result, error) {
	d, err := freshDatabase(ctx, cfg)
	if err != nil {
		return Result{}, err
	}
	defer d.remove()
	db, err := openLedger(ctx, d)
	if err != nil {
		return Result{}, err
	}
	defer db.Close()
	res := Result{Rows: int64(cfg.rows), LatencyMS: map[string]float64{}}
	if err := d.describe(ctx, db.SQL, &res); err != nil {
		return Result{}, err
	}
	if err := searchFunds(ctx, db); err != nil {
		return Result{}, err
	}
	sw := startStopwatch()
	// The indexes are built after the load, as a restore does: maintaining ten indexes row by
	// row made a million rows take minutes on PostgreSQL, and the load is not what is measured.
	indexes, err := dropIndexes(ctx, db)
	if err != nil {
		return res, err
	}
	if d.engine == sqldb.Postgres {
		res.Method = "COPY postings and entries, indexes built after, ANALYZE; queries through transactions.Service"
		err = copySearchRows(ctx, d.url, cfg.rows)
	} else {
		res.Method = "multi-row INSERTs of postings and entries, indexes built after, ANALYZE; queries through transactions.Service"
		err = insertSearchRowsSQLite(ctx, db.SQL, cfg.rows)
	}
	for _, def := range indexes {
		if err == nil {
			_, err = db.SQL.ExecContext(ctx, def)
		}
	}
	if err == nil {
		_, err = db.SQL.ExecContext(ctx, "ANALYZE")
	}
	sw.stop(&res) // the load: rows_per_s is the load's rate
	if err != nil {
		return res, err
	}
	s := transactions.New(db)
	// A clerk of every fund but one: the fund-group condition is in every query, as for most staff.
	p := ims.Principal{UserID: 1, Roles: []ims.Role{ims.TransactionList}, Funds: searchFundCodes[:len(searchFundCodes)-1]}
	rng := rand.New(rand.NewPCG(1, 2))
	postings := max(1, cfg.rows/entriesPerPosting)
	kinds := []struct {
		name  string
		query func() ims.TransactionQuery
	}{
		{"exact_reference", func() ims.TransactionQuery {
			return ims.TransactionQuery{Reference: searchReference(rng.IntN(cfg.rows))}
		}},
		{"receipt", func() ims.TransactionQuery { return ims.TransactionQuery{Receipt: searchReceipt(rng.IntN(postings))} }},
		{"reference_prefix", func() ims.TransactionQuery {
			return ims.TransactionQuery{Reference: searchReference(rng.IntN(cfg.rows))[:5], Match: ims.MatchPrefix}
		}},
		{"fund_date_range", func() ims.TransactionQuery {
			from := searchStart().AddDate(0, 0, rng.IntN(searchDays-30))
			return ims.TransactionQuery{Fund: searchFundCodes[rng.IntN(4)], From: from, To: from.AddDate(0, 0, 30)}
		}},
	}
	for _, k := range kinds {
		times := make([]float64, 0, searchQueries)
		found := 0
		for range searchQueries {
			q := k.query()
			start := time.Now()
			page, err := s.Search(ctx, p, q)
			if err != nil {
				return res, fmt.Errorf("%s search %+v: %w", k.name, q, err)
			}
			times = append(times, float64(time.Since(start).Microseconds())/1000)
			found += len(page.Transactions)
		}
		if found == 0 {
			return res, fmt.Errorf("%s: %d searches found nothing", k.name, searchQueries)
		}
		slices.Sort(times)
		res.LatencyMS[k.name+"_p50"] = round(times[len(times)/2], 2)
		res.LatencyMS[k.name+"_p99"] = round(times[len(times)*99/100], 2)
	}
	// The export, written as CSV to nowhere, stopped after exportRows rows (or all there are). Its
	// own peak is measured from here: writing 5 to clear_refs resets VmHWM to the current RSS
	// (Linux 4.0 on), so the load's and the index builds' memory is not counted against it.
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		res.LatencyMS["export_peak_rss_reset_failed"] = 1
	}
	res.LatencyMS["export_start_rss_mb"] = peakRSSMB() // just reset: the resident memory now
	want := min(exportRows, cfg.rows)
	stop := errors.New("enough")
	cw := csv.NewWriter(io.Discard)
	n := 0
	start := time.Now()
	err = s.Export(ctx, p, ims.TransactionQuery{}, func(t ims.Transaction) error {
		if err := cw.Write([]string{t.ReceiptNumber, t.Fund, t.Reference, t.Amount.String(), t.Narrative}); err != nil {
			return err
		}
		if n++; n == want {
			return stop
		}
		return nil
	})
	cw.Flush()
	if err != nil && !errors.Is(err, stop) {
		return res, fmt.Errorf("export: %w", err)
	}
	res.LatencyMS["export_rows"] = float64(n)
	res.LatencyMS["export_ms"] = round(float64(time.Since(start).Microseconds())/1000, 1)
	res.LatencyMS["export_peak_rss_mb"] = peakRSSMB()
	return res, nil
}

// dropIndexes drops the secondary indexes of postings and ledger_entries (not those of their keys
// and unique constraints) and returns the statements that make them again.
func dropIndexes(ctx context.Context, db *sqldb.DB) ([]string, error) {
	q := `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('postings', 'ledger_entries') AND sql IS NOT NULL`
	if db.Engine == sqldb.Postgres {
		q = `SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename IN ('postings', 'ledger_entries')
			AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`
	}
	rows, err := db.SQL.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	var names, defs []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return nil, err
		}
		names, defs = append(names, name), append(defs, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, name := range names {
		if _, err := db.SQL.ExecContext(ctx, "DROP INDEX "+name); err != nil {
			return nil, err
		}
	}
	return defs, nil
}

// The shape of the generated ledger.
const (
	searchQueries     = 1000
	exportRows        = 1_000_000
	entriesPerPosting = 4
	searchDays        = 730
)

// searchFundCodes are the generated entries' funds, commonest first (see searchFund).
var searchFundCodes = []string{"23", "5", "24", "11", "13", "19", "2R", "5M", "XT", "1"}

func searchStart() time.Time { return time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC) }

// searchFunds adds the funds beyond seed's three.
func searchFunds(ctx context.Context, db *sqldb.DB) error {
	for _, code := range searchFundCodes {
		if code == "23" || code == "11" || code == "13" {
			continue
		}
		if err := refdata.Put(ctx, ims.System(), db.Funds(), ims.Fund{Code: code, Name: "Fund " + code, VATCode: "M0"}); err != nil {
			return err
		}
	}
	return nil
}

// searchFund is entry i's fund: 40 % council tax, 15 % rents, then fewer for the others.
func searchFund(i int) string {
	switch h := (uint64(i) * 11400714819323198485) >> 57; { // 0..127, spread
	case h < 51:
		return "23"
	case h < 70:
		return "5"
	case h < 83:
		return "24"
	case h < 96:
		return "11"
	default:
		return searchFundCodes[4+int(h)%6]
	}
}

// searchReference is entry i's reference: nine digits spread pseudo-randomly, as account numbers are.
func searchReference(i int) string {
	return fmt.Sprintf("%09d", 100_000_000+(uint64(i)*2_654_435_761)%900_000_000)
}

// searchReceipt is posting p's (0-based) receipt number.
func searchReceipt(p int) string { return fmt.Sprintf("B%09d", p+1) }

// searchPostingValues are posting p's columns (searchPostingColumns), written in date order as the
// ledger is.
func searchPostingValues(p, postings int) []any {
	day := searchStart().AddDate(0, 0, p*searchDays/max(1, postings))
	at := day.Add(8*time.Hour + time.Duration(p%36000)*time.Second)
	return []any{int64(p + 1), "payment", searchReceipt(p), "portal", "", "", "system", at, day, int64(entriesPerPosting), int64(0), int64(p + 1), "", ""}
}

var searchPostingColumns = []string{"id", "kind", "receipt_number", "source", "source_ref", "narrative", "actor",
	"created_at", "business_date", "entry_count", "total", "chain_seq", "prev_hash", "hash"}

// searchEntryValues are entry i's columns (rawColumns), in posting i/entriesPerPosting.
func searchEntryValues(i, postings int) []any {
	p := min(i/entriesPerPosting, postings-1)
	pv := searchPostingValues(p, postings)
	last4, brand := "", ""
	if i%3 == 0 {
		last4, brand = fmt.Sprintf("%04d", i%10000), "visa"
	}
	return []any{int64(p + 1), int64(i%entriesPerPosting + 1), "payment", searchFund(i), searchReference(i), "AP",
		int64(500 + (i*7919)%250_000), "M0", int64(0), int64(0), "Payment " + strings.Repeat("x", i%7), nil, pv[7], pv[8],
		"", "", brand, "", last4, nil}
}

// copySearchRows writes the postings and entries with COPY.
func copySearchRows(ctx context.Context, dbURL string, rows int) error {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	postings := max(1, rows/entriesPerPosting)
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	n := 0
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"postings"}, searchPostingColumns, pgx.CopyFromFunc(func() ([]any, error) {
		if n == postings {
			return nil, nil
		}
		n++
		return searchPostingValues(n-1, postings), nil
	})); err != nil {
		return fmt.Errorf("copying postings: %w", err)
	}
	n = 0
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"ledger_entries"}, rawColumns(), pgx.CopyFromFunc(func() ([]any, error) {
		if n == rows {
			return nil, nil
		}
		n++
		return searchEntryValues(n-1, postings), nil
	})); err != nil {
		return fmt.Errorf("copying entries: %w", err)
	}
	return tx.Commit(ctx)
}

// insertSearchRowsSQLite writes the postings and entries in multi-row INSERTs, one transaction.
func insertSearchRowsSQLite(ctx context.Context, pool *sql.DB, rows int) error {
	tx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	postings := max(1, rows/entriesPerPosting)
	if err := insertBatches(ctx, tx, "postings", searchPostingColumns, postings, func(p int) []any { return searchPostingValues(p, postings) }); err != nil {
		return err
	}
	if err := insertBatches(ctx, tx, "ledger_entries", rawColumns(), rows, func(i int) []any { return searchEntryValues(i, postings) }); err != nil {
		return err
	}
	return tx.Commit()
}

// insertBatches inserts n rows of table, sqliteBatchRows a statement.
func insertBatches(ctx context.Context, tx *sql.Tx, table string, cols []string, n int, row func(int) []any) error {
	marks := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	var stmt *sql.Stmt
	args := make([]any, 0, sqliteBatchRows*len(cols))
	for start := 0; start < n; start += sqliteBatchRows {
		size := min(sqliteBatchRows, n-start)
		args = args[:0]
		for i := start; i < start+size; i++ {
			args = append(args, row(i)...)
		}
		q := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES " + strings.TrimSuffix(strings.Repeat(marks+", ", size), ", ")
		var err error
		if size == sqliteBatchRows {
			if stmt == nil {
				if stmt, err = tx.PrepareContext(ctx, q); err != nil {
					return err
				}
				defer stmt.Close()
			}
			_, err = stmt.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, q, args...)
		}
		if err != nil {
			return fmt.Errorf("inserting %s: %w", table, err)
		}
	}
	return nil
}
