package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"runtime/debug"
	"time"

	"github.com/ims-council/ims/internal/sqldb"
)

// The history sizes issue 13 asks card payments to keep their speed at: payments per second with a
// million earlier payments in the database within 20 % of the rate on an empty one.
const (
	historyLarge  = 1_000_000
	historyMedium = 200_000
)

// paymentHistory returns payment_complete's load run on a database that already holds n earlier
// card payments (fillPaymentHistory), written before the clock starts. The set-up's time is
// reported as setup_s.
func paymentHistory(n int) func(context.Context, config) (Result, error) {
	return func(ctx context.Context, cfg config) (Result, error) {
		d, err := freshDatabase(ctx, cfg)
		if err != nil {
			return Result{}, err
		}
		defer d.remove()
		site, err := openPaymentSite(ctx, d)
		if err != nil {
			return Result{}, err
		}
		defer site.close()
		start := time.Now()
		if err := fillHistory(ctx, d, site.db, n); err != nil {
			return Result{}, fmt.Errorf("writing %d earlier payments: %w", n, err)
		}
		// A database without history has nothing to settle. Analysed empty, its tables' statistics
		// would say "empty" through the whole measurement (autovacuum looks once a minute) while the
		// load fills them, and PostgreSQL's plans for them with: h0 ran at 314-323 payments a second
		// so, 414-431 without (2026-12-04), against 371-379 for h200k and h1m.
		if n > 0 {
			if err := settleHistory(ctx, site.db); err != nil {
				return Result{}, err
			}
		}
		setup := time.Since(start)
		if n > 0 {
			fmt.Fprintf(os.Stderr, "bench: %d earlier payments written on %s in %.1f s, peak RSS so far %.1f MB\n",
				n, cfg.engine, setup.Seconds(), peakRSSMB())
		}
		// The peak reported is the load's, as for payment_complete: writing 5 to clear_refs resets
		// VmHWM to the current RSS. What the fill left behind (SQLite's page cache, full after
		// writing the history) stays in it, as it would in a server that has run for a year.
		if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
			return Result{}, fmt.Errorf("resetting the peak memory after the set-up: %w", err)
		}
		res := Result{Writers: cfg.writers, HistoryPayments: n, SetupS: round(setup.Seconds(), 1),
			Method: fmt.Sprintf("payment_complete's load (HTTP per payment: API create, card page, card form, return link, API read; "+
				"webhooks racing the returns) on a database holding %d earlier card payments, each with its line, posting, "+
				"ledger entry, two audit events and a sent receipt e-mail", n)}
		if err := d.describe(ctx, site.db.SQL, &res); err != nil {
			return Result{}, err
		}
		transport := &http.Transport{MaxIdleConns: 4 * cfg.writers, MaxIdleConnsPerHost: 4 * cfg.writers, IdleConnTimeout: time.Minute}
		defer transport.CloseIdleConnections()
		client := &http.Client{Transport: transport, Timeout: 30 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		payers := make([]*payer, cfg.writers)
		open := func(_ context.Context, writer int) (func(int64) error, func(), error) {
			p := &payer{site: site, client: client, writer: writer}
			payers[writer] = p
			return func(seq int64) error { return p.pay(ctx, seq) }, func() {}, nil
		}
		// Two seconds of the same load first, not measured, on every database: the process that
		// has just written a million payments has its heap, pools and connections grown, the one
		// with no history not (h1m came out 1.22-1.26 times h0 on PostgreSQL without it). Its
		// payments have keys of their own (negative sequence numbers).
		warmCfg := cfg
		warmCfg.duration = 2 * time.Second
		warmUp := func(ctx context.Context, writer int) (func(int64) error, func(), error) {
			pay, done, err := open(ctx, writer)
			return func(seq int64) error { return pay(-1 - seq) }, done, err
		}
		warm, err := concurrently(ctx, warmCfg, warmUp, &Result{})
		if err != nil {
			return Result{}, fmt.Errorf("warming up: %w", err)
		}
		site.quiesce()
		if res.Rows, err = concurrently(ctx, cfg, open, &res); err != nil {
			return Result{}, err
		}
		site.quiesce()
		if err := checkHistoryRun(ctx, site.db, int64(n), warm+res.Rows); err != nil {
			return Result{}, err
		}
		reportSteps(cfg, payers, res.Rows)
		return res, nil
	}
}

// fillHistory writes n earlier payments (fillPaymentHistory). On SQLite it writes them through a
// connection of its own with a large page cache, closed afterwards and its memory returned, so that
// the load's peak memory is not the fill's (each connection of the site's pool has its own 64 MiB
// cache, which the load fills as it would on a server that has run for a year).
func fillHistory(ctx context.Context, d *database, site *sqldb.DB, n int) error {
	if n == 0 || d.engine == sqldb.Postgres {
		return fillPaymentHistory(ctx, site.SQL, d.engine, n)
	}
	pool, err := d.openPool(ctx)
	if err != nil {
		return err
	}
	defer func() { pool.Close(); debug.FreeOSMemory() }()
	pool.SetMaxOpenConns(1)
	// A small cache: the memory modernc.org/sqlite takes is not given back when the connection
	// closes, and would count in the load's peak (128 MiB left 448 MB behind after a million payments).
	if _, err := pool.ExecContext(ctx, "PRAGMA cache_size(-16384)"); err != nil {
		return err
	}
	return fillPaymentHistory(ctx, pool, d.engine, n)
}

// settleHistory leaves the database as a long-running one would be after the history was written:
// on PostgreSQL vacuumed and analysed (autovacuum's work) and checkpointed, on SQLite with the WAL
// checkpointed, so that the measured load pays for none of the bulk write.
func settleHistory(ctx context.Context, db *sqldb.DB) error {
	stmts := []string{"PRAGMA wal_checkpoint(TRUNCATE)"}
	if db.Engine == sqldb.Postgres {
		stmts = []string{"VACUUM ANALYZE", "CHECKPOINT"}
	}
	for _, s := range stmts {
		if _, err := db.SQL.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s after writing the history: %w", s, err)
		}
	}
	return nil
}

// checkHistoryRun is checkOnePostingPerPayment for a database with history: every payment the
// payers saw succeed has exactly one posting and nothing else was posted or left unfinished, and
// each new posting links to the one before it in the chain (the history's own hashes are stand-ins,
// so the whole chain does not verify; see fillPaymentHistory).
func checkHistoryRun(ctx context.Context, db *sqldb.DB, history, completed int64) error {
	var postings, postedPayments, payments, succeeded int64
	if err := db.SQL.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT source_ref) FROM postings WHERE id > $1`, history).
		Scan(&postings, &postedPayments); err != nil {
		return err
	}
	if err := db.SQL.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN state = 'succeeded' AND posting_id > $1 THEN 1 ELSE 0 END), 0)
		FROM pending_payments WHERE idempotency_key NOT LIKE 'hist-%'`, history).
		Scan(&payments, &succeeded); err != nil {
		return err
	}
	if postings != completed || postedPayments != completed || payments != completed || succeeded != completed {
		return fmt.Errorf("%d payments completed after %d earlier ones, but the ledger has %d new postings for %d payments, "+
			"and %d new pending payments of which %d succeeded with a posting",
			completed, history, postings, postedPayments, payments, succeeded)
	}
	var unlinked int64
	if err := db.SQL.QueryRowContext(ctx, `SELECT COUNT(*) FROM postings p
		LEFT JOIN postings q ON q.chain_seq = p.chain_seq - 1
		WHERE p.id > $1 AND p.chain_seq > 1 AND (q.hash IS NULL OR q.hash <> p.prev_hash)`, history).Scan(&unlinked); err != nil {
		return err
	}
	if unlinked > 0 {
		return fmt.Errorf("%d new postings do not link to the posting before them in the chain", unlinked)
	}
	if history == 0 {
		rep, err := db.VerifyLedger(ctx)
		if err != nil {
			return fmt.Errorf("verifying the ledger: %w", err)
		}
		if rep.BrokenAt != 0 {
			return fmt.Errorf("the ledger's hash chain is broken at posting %d", rep.BrokenAt)
		}
	}
	return nil
}
