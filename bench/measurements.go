package main

import (
	"context"
	"strconv"
	"time"

	"github.com/ims-council/ims/internal/sqldb"
)

// config is what one measurement needs to know; the parent passes it to each child as flags.
type config struct {
	engine   sqldb.Engine
	rows     int           // rows of the raw bulk insert; the ledger posting has a tenth of them
	duration time.Duration // how long each concurrent measurement runs
	writers  int           // concurrent writers
	workdir  string        // where SQLite files and generated data go
	pgURL    string        // the PostgreSQL server for fresh databases (IMS_BENCH_POSTGRES_URL)
}

// postingRows returns the number of entries of the measured ledger posting.
func (c config) postingRows() int { return max(1, c.rows/10) }

// A measurement is one thing the harness measures on each engine. A measured path names its
// baseline, which is measured first in the same run; its ratio is its rate over the baseline's.
type measurement struct {
	key      string // what -only and -child name it by
	name     func(config) string
	baseline string  // key of the baseline, "" for a baseline
	target   float64 // the least ratio SPEC §13 asks for
	run      func(context.Context, config) (Result, error)
}

// measurements returns every measurement, each baseline before the paths measured against it.
func measurements() []measurement {
	return []measurement{
		{key: "raw_bulk_insert", run: rawBulkInsert,
			name: func(c config) string { return "raw_bulk_insert_" + sizeName(c.rows) }},
		// SPEC §13 asks an import to reach 80 % of raw bulk insert; the posting is the part of
		// an import that writes, so it must reach at least that on its own.
		{key: "ledger_post", baseline: "raw_bulk_insert", target: 0.8, run: ledgerPost,
			name: func(c config) string { return "ledger_post_" + sizeName(c.postingRows()) }},
		{key: "single_row_commit", run: singleRowCommit,
			name: func(config) string { return "single_row_commit" }},
		{key: "ledger_post_concurrent", baseline: "single_row_commit", target: 0.5, run: ledgerPostConcurrent,
			name: func(c config) string { return "ledger_post_concurrent_" + strconv.Itoa(c.writers) }},
		// SPEC §13: a whole card payment needs at least two commits, so a quarter of the commit rate.
		{key: "payment_complete", baseline: "single_row_commit", target: 0.25, run: paymentComplete,
			name: func(config) string { return "payment_complete" }},
	}
}

// sizeName writes a row count the way measurement names do: "1m", "100k", "1500".
func sizeName(rows int) string {
	switch {
	case rows%1_000_000 == 0:
		return strconv.Itoa(rows/1_000_000) + "m"
	case rows%1000 == 0:
		return strconv.Itoa(rows/1000) + "k"
	}
	return strconv.Itoa(rows)
}
