package imports_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/fileformat/allpay"
	"github.com/ims-council/ims/internal/imports"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// A payment file is posted in one pass (ADR 27): its lines are written as they are read, and when
// its trailer, at the end, disagrees with them, the import is refused and the transaction rolled
// back: no posting, no suspense item, no kept line, though chunks of lines had been written.
func TestAFileWhoseTrailerDisagreesPostsNothingThoughItsLinesWereWritten(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		demotest.Council(t, db)
		ctx := context.Background()
		svc := newService(db)
		ref := validReference(t, db)
		var b bytes.Buffer
		lines := 3*chunk + 7
		var total int64
		for i := range lines {
			r := ref
			if i%5 == 4 {
				r = "NOT-A-REF" // to suspense: items and kept lines are written with the chunk
			}
			if err := allpay.WriteDetail(&b, "PO00001", r, int64(100+i), 'P', time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)); err != nil {
				t.Fatal(err)
			}
			total += int64(100 + i)
		}
		if err := allpay.WriteTrailer(&b, total+1, lines); err != nil { // a penny more than its lines
			t.Fatal(err)
		}
		imp, _, err := svc.Start(ctx, ims.System(), imports.Request{ImportType: "ALLPAY", FileName: "wrong-total.txt",
			Source: ims.ImportSourceUpload}, &b)
		if err != nil {
			t.Fatal(err)
		}
		if imp.RowsTotal < int64(lines) {
			t.Errorf("stored file: %d rows to read, want at least its %d lines", imp.RowsTotal, lines)
		}
		before, _ := db.VerifyLedger(ctx)
		written := 0
		if err := svc.RunImport(imports.WithChunkHook(ctx, func(chunks int) { written = chunks }), imp.ID); err != nil {
			t.Fatal(err)
		}
		if written < 3 {
			t.Errorf("%d chunks written before the trailer was read, want 3: the file was read twice", written)
		}
		imp, err = svc.Get(ctx, ims.System(), imp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if imp.State != ims.ImportFailed || imp.PostingID != 0 || !strings.Contains(imp.Message, "total") {
			t.Fatalf("import %s %q, posting %d; want failed naming the total, with no posting", imp.State, imp.Message, imp.PostingID)
		}
		items, err := db.ListSuspenseItems(ctx, ims.SuspenseFilter{ImportID: imp.ID, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		kept, err := svc.Lines(ctx, ims.System(), imp.ID, "", 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		after, err := db.VerifyLedger(ctx)
		if err != nil || after.Postings != before.Postings || after.BrokenAt != 0 || len(items.Items) != 0 || len(kept) != 0 {
			t.Errorf("after the refusal: %d postings (was %d), verify %+v %v, %d suspense items, %d lines kept; want nothing",
				after.Postings, before.Postings, after, err, len(items.Items), len(kept))
		}
	})
}

// A dry run of a large payment file is read a line at a time and keeps the first 10,000 lines to
// show, with the totals of every line: a million-line file does not take a million lines of memory.
func TestADryRunOfALargeFileKeepsTheFirstLinesAndCountsThemAll(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		demotest.Council(t, db)
		n := 10_050
		rep, err := newService(db).DryRun(context.Background(), ims.System(), "IMSCSV", "large.csv",
			bytes.NewReader(councilTaxFile(t, db, n)))
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Lines) != 10_000 || rep.LinesLeftOut != n-10_000 || rep.Totals.Lines != n ||
			rep.Totals.Ledger.Count+rep.Totals.Suspense.Count != n || rep.Lines[9_999].N != 10_000 {
			t.Errorf("dry run of %d lines: %d kept (last %d), %d left out, totals %+v; want the first 10,000 kept "+
				"and every line counted", n, len(rep.Lines), rep.Lines[len(rep.Lines)-1].N, rep.LinesLeftOut, rep.Totals)
		}
	})
}

// While an import posts, its page shows the rows done so far, on SQLite too, where the import's
// transaction keeps the progress row from being written until it commits.
func TestAnImportShowsItsProgressWhileItPosts(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		demotest.Council(t, db)
		ctx := context.Background()
		svc := newService(db)
		lines := 4 * chunk
		imp := start(t, svc, councilTaxFile(t, db, lines))
		var during ims.Import
		var readErr error
		hook := imports.WithChunkHook(ctx, func(chunks int) {
			if chunks == 2 {
				during, readErr = svc.Get(ctx, ims.System(), imp.ID)
			}
		})
		if err := svc.RunImport(hook, imp.ID); err != nil {
			t.Fatal(err)
		}
		if readErr != nil {
			t.Fatal(readErr)
		}
		if during.State != ims.ImportRunning || during.RowsDone != 2*chunk || during.RowsTotal < int64(lines) {
			t.Errorf("during the import: %s, %d of %d rows done; want running, %d of at least %d", during.State,
				during.RowsDone, during.RowsTotal, 2*chunk, lines)
		}
		after, err := svc.Get(ctx, ims.System(), imp.ID)
		if err != nil || after.State != ims.ImportPosted || after.RowsDone != int64(lines) || after.RowsTotal != int64(lines) {
			t.Errorf("after the import: %+v %v; want posted, %d of %d rows done", after, err, lines, lines)
		}
	})
}
