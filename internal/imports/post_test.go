package imports_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/imports"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

const councilCSV = "testdata/imscsv_council.csv"

// importNow starts an import of path and runs its job at once, as the background worker would.
func importNow(t *testing.T, svc *imports.Service, p ims.Principal, typ, path string, req imports.Request) (ims.Import, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	req.ImportType, req.FileName, req.Source = typ, path, ims.ImportSourceUpload
	imp, _, err := svc.Start(context.Background(), p, req, f)
	if err != nil {
		return imp, err
	}
	if err := svc.RunImport(context.Background(), imp.ID); err != nil {
		t.Fatalf("run import %d: %v", imp.ID, err)
	}
	return svc.Get(context.Background(), p, imp.ID)
}

// An import posts what its dry run said: the same totals, one posting holding the ledger lines and
// the suspense lines, a suspense item per suspense line, and the ledger still verifies.
func TestAnImportPostsWhatItsDryRunSaid(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		demotest.Council(t, db)
		ctx := context.Background()
		svc := imports.New(db)
		dry, err := dryRun(t, db, "IMSCSV", councilCSV)
		if err != nil {
			t.Fatal(err)
		}
		imp, err := importNow(t, svc, ims.System(), "IMSCSV", councilCSV, imports.Request{})
		if err != nil {
			t.Fatal(err)
		}
		if imp.State != ims.ImportPosted || imp.Totals != dry.Totals || imp.PostingID == 0 || imp.Receipt == "" {
			t.Fatalf("import %+v\nwant posted with the dry run's totals %+v", imp, dry.Totals)
		}
		if imp.RowsDone != imp.RowsTotal || imp.RowsTotal != int64(dry.Totals.Lines) {
			t.Errorf("progress %d of %d, want %d of %d", imp.RowsDone, imp.RowsTotal, dry.Totals.Lines, dry.Totals.Lines)
		}
		po, err := db.PostingByReceipt(ctx, imp.Receipt)
		if err != nil {
			t.Fatal(err)
		}
		var ledgerPence, suspensePence int64
		for _, e := range po.Entries {
			switch e.Kind {
			case ims.EntryImport:
				ledgerPence += int64(e.Amount)
			case ims.EntrySuspenseIn:
				suspensePence += int64(e.Amount)
			default:
				t.Errorf("entry kind %s in an import's posting", e.Kind)
			}
		}
		if ledgerPence != dry.Totals.Ledger.Pence || suspensePence != dry.Totals.Suspense.Pence {
			t.Errorf("posting holds %d to the ledger and %d to suspense, want %d and %d", ledgerPence, suspensePence,
				dry.Totals.Ledger.Pence, dry.Totals.Suspense.Pence)
		}
		items, err := db.ListSuspenseItems(ctx, ims.SuspenseFilter{ImportID: imp.ID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(items.Items) != dry.Totals.Suspense.Count {
			t.Errorf("%d suspense items, want %d", len(items.Items), dry.Totals.Suspense.Count)
		}
		for _, it := range items.Items {
			if it.Reason == "" || it.Source != ims.SuspenseFromImport || it.PostingID != imp.PostingID {
				t.Errorf("suspense item %+v: want the line's reason, from the import's posting", it)
			}
		}
		lines, err := svc.Lines(ctx, ims.System(), imp.ID, "", 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range lines {
			if l.Outcome == imports.ToSuspense && l.SuspenseItem == 0 {
				t.Errorf("line %d to suspense names no suspense item", l.N)
			}
		}
		if rep, err := db.VerifyLedger(ctx); err != nil || rep.BrokenAt != 0 {
			t.Errorf("ledger verify after the import: %+v %v", rep, err)
		}
	})
}

// The same file again is refused, naming the first import, unless a finance officer forces it with
// a reason; a failed import does not count.
func TestTheSameFileTwiceIsRefusedUnlessForced(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		demotest.Council(t, db)
		svc := imports.New(db)
		first, err := importNow(t, svc, ims.System(), "IMSCSV", councilCSV, imports.Request{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = importNow(t, svc, ims.System(), "IMSCSV", councilCSV, imports.Request{})
		if ims.ErrorCode(err) != ims.Conflict || !strings.Contains(err.Error(), "already imported as import") {
			t.Fatalf("second import: %v, want a conflict naming import %d", err, first.ID)
		}
		if _, err := importNow(t, svc, ims.System(), "IMSCSV", councilCSV, imports.Request{Force: true}); ims.ErrorCode(err) != ims.Invalid {
			t.Errorf("forced without a reason: %v, want the reason asked for", err)
		}
		again, err := importNow(t, svc, ims.System(), "IMSCSV", councilCSV, imports.Request{Force: true, ForceReason: "Bank resent it"})
		if err != nil {
			t.Fatal(err)
		}
		if again.State != ims.ImportPosted || again.DuplicateOf != first.ID || again.ForcedReason != "Bank resent it" {
			t.Errorf("forced import %+v, want posted, naming import %d and the reason", again, first.ID)
		}
	})
}

// A file that cannot be read fails its import with every reason and posts nothing.
func TestAnUnreadableFileFailsItsImportAndPostsNothing(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		demotest.Council(t, db)
		ctx := context.Background()
		bad := t.TempDir() + "/bad.csv"
		os.WriteFile(bad, []byte("transaction_date,fund,reference,amount,mop\n2025-13-45,23,x,abc,BK\n2025-03-05,23,y,,BK\n"), 0o600)
		before, _ := db.VerifyLedger(ctx)
		imp, err := importNow(t, imports.New(db), ims.System(), "IMSCSV", bad, imports.Request{})
		if err != nil {
			t.Fatal(err)
		}
		if imp.State != ims.ImportFailed || len(imp.Errors) < 2 || imp.PostingID != 0 {
			t.Fatalf("import %+v, want failed with every error and no posting", imp)
		}
		if after, _ := db.VerifyLedger(ctx); after.Postings != before.Postings {
			t.Errorf("%d postings after a refused import, want %d", after.Postings, before.Postings)
		}
	})
}

// A request refused before its import was queued (here, the same file again) frees its
// Idempotency-Key: the client's retry under it is answered afresh, not with the failed import.
func TestARefusedRequestFreesItsIdempotencyKey(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		demotest.Council(t, db)
		svc := imports.New(db)
		client := ims.Principal{APIClientID: 7, Name: "cash system", Scopes: []ims.Scope{ims.ScopeImports}}
		if _, err := importNow(t, svc, client, "IMSCSV", councilCSV, imports.Request{IdempotencyKey: "a"}); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			_, err := importNow(t, svc, client, "IMSCSV", councilCSV, imports.Request{IdempotencyKey: "b"})
			if ims.ErrorCode(err) != ims.Conflict || !strings.Contains(err.Error(), "already imported") {
				t.Errorf("the same file under key b: %v, want refused as a duplicate each time", err)
			}
		}
	})
}

// An import whose upload stopped with the instance receiving it (queued, no file) is failed by the
// sweep once it is old, so nobody waits for it; a recent one is left to finish.
func TestAnAbandonedUploadIsFailedByTheSweep(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		demotest.Council(t, db)
		ctx := context.Background()
		svc := imports.New(db)
		var id int64
		err := db.InTxWithoutChains(ctx, func(tx *sqldb.Tx) error {
			var err error
			id, err = tx.InsertImport(ctx, sqldb.PaymentImport{Import: ims.Import{ImportType: "IMSCSV", Source: ims.ImportSourceUpload,
				FileName: "cut.csv", State: ims.ImportQueued, Actor: "system", ActorName: "System"}, Principal: "{}"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if n, err := svc.FailAbandoned(ctx); err != nil || n != 0 {
			t.Fatalf("a recent upload swept: %d %v", n, err)
		}
		clock := db.Clock.(*sqldbtest.Clock)
		clock.Set(clock.Now().Add(7 * time.Hour))
		if n, err := svc.FailAbandoned(ctx); err != nil || n != 1 {
			t.Fatalf("sweep after 7 hours: %d %v; want 1", n, err)
		}
		imp, err := svc.Get(ctx, ims.System(), id)
		if err != nil || imp.State != ims.ImportFailed || !strings.Contains(imp.Message, "did not finish") {
			t.Errorf("abandoned import: %+v %v; want failed saying the upload did not finish", imp, err)
		}
	})
}
