package imports_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/imports"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// councilTaxFile is an IMS CSV file of n payments to council tax (fund 23), every tenth with a
// wrong check digit (to suspense), then the extra lines given.
func councilTaxFile(t *testing.T, db *sqldb.DB, n int, extra ...string) []byte {
	t.Helper()
	scheme, err := db.CheckDigitSchemes().Get(context.Background(), "Council tax")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.WriteString("transaction_date,fund,reference,amount,mop,narrative,source_reference\n")
	for i := range n {
		body := fmt.Sprintf("4%07d", i)
		check, err := scheme.Scheme.CheckChar(body)
		if err != nil {
			t.Fatal(err)
		}
		if i%10 == 9 {
			check = fmt.Sprint((int(check[0]-'0') + 1) % 10)
		}
		fmt.Fprintf(&b, "2025-03-%02d,23,%s%s,%d.%02d,BK,Council tax %d,SRC-%d\n", 1+i%28, body, check, 1+i%900, i%100, i, i)
	}
	for _, l := range extra {
		b.WriteString(l + "\n")
	}
	return b.Bytes()
}

// chunk is how many lines the tests' imports write at a time.
const chunk = 500

// newService is the imports service writing chunk lines at a time.
func newService(db *sqldb.DB) *imports.Service {
	svc := imports.New(db)
	svc.ChunkLines = chunk
	return svc
}

// validReference is a council tax account number that passes its check digit.
func validReference(t *testing.T, db *sqldb.DB) string {
	t.Helper()
	scheme, err := db.CheckDigitSchemes().Get(context.Background(), "Council tax")
	if err != nil {
		t.Fatal(err)
	}
	check, err := scheme.Scheme.CheckChar("40000000")
	if err != nil {
		t.Fatal(err)
	}
	return "40000000" + check
}

// start stores a file as an import of type IMSCSV, queued.
func start(t *testing.T, svc *imports.Service, data []byte) ims.Import {
	t.Helper()
	imp, _, err := svc.Start(context.Background(), ims.System(), imports.Request{ImportType: "IMSCSV", FileName: "big.csv",
		Source: ims.ImportSourceUpload}, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return imp
}

// An import of several chunks of lines posts exactly what its dry run says: the same totals, one
// posting of as many entries as lines to the ledger and suspense, and the ledger still verifies.
func TestAnImportOfManyChunksPostsWhatItsDryRunSays(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		demotest.Council(t, db)
		ctx := context.Background()
		svc := newService(db)
		data := councilTaxFile(t, db, 2*chunk+345)
		dry, err := svc.DryRun(ctx, ims.System(), "IMSCSV", "big.csv", bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if dry.Totals.Ledger.Count == 0 || dry.Totals.Suspense.Count == 0 {
			t.Fatalf("dry run %+v: want lines to the ledger and to suspense", dry.Totals)
		}
		imp := start(t, svc, data)
		if err := svc.RunImport(ctx, imp.ID); err != nil {
			t.Fatal(err)
		}
		imp, err = svc.Get(ctx, ims.System(), imp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if imp.State != ims.ImportPosted || imp.Totals != dry.Totals || imp.RowsDone != int64(len(dry.Lines)) {
			t.Fatalf("import %+v\nwant posted, %d rows done, with the dry run's totals %+v", imp, len(dry.Lines), dry.Totals)
		}
		po, err := db.PostingByReceipt(ctx, imp.Receipt)
		if err != nil {
			t.Fatal(err)
		}
		if want := dry.Totals.Ledger.Count + dry.Totals.Suspense.Count; len(po.Entries) != want {
			t.Errorf("posting of %d entries, want %d", len(po.Entries), want)
		}
		for i, e := range po.Entries {
			l := dry.Lines[i] // every line of this file becomes an entry, in order
			if e.Line != i+1 || int64(e.Amount) != l.Pence || (e.Kind == ims.EntrySuspenseIn) != (l.Outcome == imports.ToSuspense) {
				t.Fatalf("entry %d: line %d, %s %s; dry run line %+v", i, e.Line, e.Kind, e.Amount, l)
			}
		}
		kept, err := svc.Lines(ctx, ims.System(), imp.ID, imports.ToSuspense, 0, 10000)
		if err != nil {
			t.Fatal(err)
		}
		if len(kept) != dry.Totals.Suspense.Count || kept[0].SuspenseItem == 0 {
			t.Errorf("%d suspense lines kept (first %+v), want %d, each naming its item", len(kept), kept[0], dry.Totals.Suspense.Count)
		}
		if rep, err := db.VerifyLedger(ctx); err != nil || rep.BrokenAt != 0 {
			t.Errorf("ledger verify after the import: %+v %v", rep, err)
		}
	})
}

// A file whose last line does not read is refused with that line's error before anything is
// posted.
func TestAParseErrorAtTheLastLinePostsNothing(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		demotest.Council(t, db)
		ctx := context.Background()
		svc := newService(db)
		n := chunk + 10
		imp := start(t, svc, councilTaxFile(t, db, n, "2025-03-05,23,400000001,abc,BK,Broken,SRC-X"))
		before, _ := db.VerifyLedger(ctx)
		if err := svc.RunImport(ctx, imp.ID); err != nil {
			t.Fatal(err)
		}
		imp, _ = svc.Get(ctx, ims.System(), imp.ID)
		if imp.State != ims.ImportFailed || imp.PostingID != 0 || len(imp.Errors) != 1 ||
			!strings.Contains(imp.Errors[0], fmt.Sprint(n+2)) {
			t.Fatalf("import %+v\nwant failed naming line %d, with no posting", imp, n+2)
		}
		if after, _ := db.VerifyLedger(ctx); after.Postings != before.Postings {
			t.Errorf("%d postings after a refused import, want %d", after.Postings, before.Postings)
		}
	})
}

// An import cut short in the middle of its posting (a crash, a cancelled job) leaves nothing
// posted and the import to be run again, which posts it once.
func TestAnImportCutShortPostsNothingAndRunsAgain(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		demotest.Council(t, db)
		svc := newService(db)
		imp := start(t, svc, councilTaxFile(t, db, 3*chunk))
		before, _ := db.VerifyLedger(context.Background())
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		err := svc.RunImport(imports.WithChunkHook(ctx, func(chunks int) {
			if chunks == 2 {
				cancel()
			}
		}), imp.ID)
		if err == nil {
			t.Fatal("an import cancelled after two chunks finished")
		}
		bg := context.Background()
		cut, _ := svc.Get(bg, ims.System(), imp.ID)
		items, _ := db.ListSuspenseItems(bg, ims.SuspenseFilter{ImportID: imp.ID, Limit: 10})
		lines, _ := svc.Lines(bg, ims.System(), imp.ID, "", 0, 10)
		after, _ := db.VerifyLedger(bg)
		if cut.Finished() || cut.PostingID != 0 || after.Postings != before.Postings || len(items.Items) != 0 || len(lines) != 0 {
			t.Fatalf("after the cut: import %+v, %d postings (was %d), %d suspense items, %d lines kept; want nothing posted",
				cut, after.Postings, before.Postings, len(items.Items), len(lines))
		}
		if err := svc.RunImport(bg, imp.ID); err != nil {
			t.Fatal(err)
		}
		done, _ := svc.Get(bg, ims.System(), imp.ID)
		again, err := db.VerifyLedger(bg)
		if done.State != ims.ImportPosted || done.Totals.Lines != 3*chunk || again.Postings != before.Postings+1 ||
			err != nil || again.BrokenAt != 0 {
			t.Errorf("run again: import %+v; ledger %+v %v; want posted once, the ledger verified", done, again, err)
		}
	})
}

// A line the ledger refuses (a VAT code its fund does not allow), in the middle of a chunk, goes to
// suspense with the ledger's reason, and the rest of its chunk to the ledger.
func TestALineTheLedgerRefusesGoesToSuspense(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		demotest.Council(t, db)
		ctx := context.Background()
		svc := newService(db)
		ref := validReference(t, db)
		var b bytes.Buffer
		b.WriteString("transaction_date,fund,reference,amount,mop,vat_code,narrative\n")
		for i := range 3 * chunk {
			vat := ""
			switch i {
			case 700:
				vat = "W0" // fund 23's VAT code is M0, and it allows no other
			}
			fmt.Fprintf(&b, "2025-03-05,23,%s,%d.00,BK,%s,Line %d\n", ref, 1+i%50, vat, i)
		}
		imp := start(t, svc, b.Bytes())
		if err := svc.RunImport(ctx, imp.ID); err != nil {
			t.Fatal(err)
		}
		imp, _ = svc.Get(ctx, ims.System(), imp.ID)
		tt := imp.Totals
		if imp.State != ims.ImportPosted || tt.Lines != 3*chunk || tt.Suspense.Count != 1 || tt.Ledger.Count != 3*chunk-1 {
			t.Fatalf("import %+v\nwant posted: every line to the ledger but one to suspense", imp)
		}
		kept, _ := svc.Lines(ctx, ims.System(), imp.ID, "", 0, 10)
		if len(kept) != 1 {
			t.Errorf("%d lines kept, want the one in suspense", len(kept))
		}
		for _, l := range kept {
			if l.N != 701 || l.Outcome != imports.ToSuspense || !strings.Contains(l.Reason, "VAT code") || l.SuspenseItem == 0 {
				t.Errorf("kept line %d: %s (%s), want line 701 in suspense with the ledger's reason about the VAT code", l.N, l.Outcome, l.Reason)
			}
		}
		po, _ := db.PostingByReceipt(ctx, imp.Receipt)
		if len(po.Entries) != 3*chunk {
			t.Errorf("posting of %d entries, want %d", len(po.Entries), 3*chunk)
		}
		if rep, err := db.VerifyLedger(ctx); err != nil || rep.BrokenAt != 0 {
			t.Errorf("ledger verify after the import: %+v %v", rep, err)
		}
	})
}
