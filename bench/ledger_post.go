package main

import (
	"context"
	"fmt"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/ledger"
)

// ledgerPost measures one sqldb Post of an import posting of cfg.rows generated lines into a
// freshly migrated database: the path every import takes once its file is parsed. Building the
// request is not timed; checking, hashing and writing it are.
func ledgerPost(ctx context.Context, cfg config) (Result, error) {
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
	rows := cfg.rows
	np := ims.NewPosting{Kind: ims.PostingImport, Source: ims.SourceImport, SourceRef: "bench-import",
		Entries: make([]ims.NewLedgerEntry, rows)}
	for i := range np.Entries {
		np.Entries[i] = genLine(i).entry()
	}
	res := Result{Rows: int64(rows), Method: "ledger.Service.Post, one posting"}
	if err := d.describe(ctx, db.SQL, &res); err != nil {
		return Result{}, err
	}
	sw := startStopwatch()
	po, err := ledger.New(db).Post(ctx, ims.System(), np)
	sw.stop(&res)
	if err != nil {
		return Result{}, err
	}
	if len(po.Entries) != rows {
		return Result{}, fmt.Errorf("the posting has %d entries, want %d", len(po.Entries), rows)
	}
	return res, nil
}
