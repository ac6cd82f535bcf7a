package main

import (
	"context"
	"sync/atomic"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/ledger"
)

// ledgerPostConcurrent measures cfg.writers goroutines each posting single-entry payments through
// sqldb for cfg.duration, as card payments arrive: every posting is its own transaction, serialised
// on the ledger's chain head. Rows counts postings.
func ledgerPostConcurrent(ctx context.Context, cfg config) (Result, error) {
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
	res := Result{Writers: cfg.writers, Method: "ledger.Service.Post, one single-entry payment posting per transaction"}
	if err := d.describe(ctx, db.SQL, &res); err != nil {
		return Result{}, err
	}
	var next atomic.Int64 // numbers the lines across writers so each posting is different
	post := func(ctx context.Context, writer int) (func(int64) error, func(), error) {
		return func(int64) error {
			e := genLine(int(next.Add(1))).entry()
			e.Kind = ims.EntryPayment
			_, err := ledger.New(db).Post(ctx, ims.System(), ims.NewPosting{Kind: ims.PostingPayment, Source: ims.SourcePortal,
				Entries: []ims.NewLedgerEntry{e}})
			return err
		}, func() {}, nil
	}
	// The server's CPU and WAL per posting, against single_row_commit's per commit: whether a batch
	// waits for the server's work or for its commit (ADR 37).
	server := startServerUsage(ctx, db.SQL, d.engine)
	res.Rows, err = concurrently(ctx, cfg, post, &res)
	server.stop(ctx, &res)
	return res, err
}
