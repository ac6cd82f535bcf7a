package imports_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/imports"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/suspense"
)

// Reversing an import takes back every entry in one posting and closes its suspense items; it is
// refused once money was allocated from one of them, and a second reversal is refused.
func TestReversingAnImportTakesBackEveryEntryOnce(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		demotest.Council(t, db)
		ctx := context.Background()
		svc := imports.New(db)
		finance := ims.System()
		imp, err := importNow(t, svc, finance, "IMSCSV", councilCSV, imports.Request{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Reverse(ctx, finance, imp.ID, " "); ims.ErrorCode(err) != ims.Invalid {
			t.Errorf("reversal without a reason: %v, want the reason asked for", err)
		}
		rev, err := svc.Reverse(ctx, finance, imp.ID, "Imported into the wrong type")
		if err != nil {
			t.Fatal(err)
		}
		if rev.State != ims.ImportReversed || rev.ReversalID == 0 || !strings.Contains(rev.Message, "wrong type") {
			t.Fatalf("reversed import %+v", rev)
		}
		original, err := db.PostingByReceipt(ctx, imp.Receipt)
		if err != nil {
			t.Fatal(err)
		}
		var net int64
		for _, e := range original.Entries {
			net += int64(e.Amount)
		}
		reversal, err := reversalOf(ctx, db, rev)
		if err != nil {
			t.Fatal(err)
		}
		for i, e := range reversal.Entries {
			net += int64(e.Amount)
			if e.LinksEntry != original.Entries[i].ID || e.Fund != original.Entries[i].Fund {
				t.Errorf("reversal line %d links %d (%s), want entry %d (%s)", e.Line, e.LinksEntry, e.Fund,
					original.Entries[i].ID, original.Entries[i].Fund)
			}
		}
		if net != 0 || reversal.Reverses != original.ID {
			t.Errorf("import and reversal net to %d (reverses %d), want 0 reversing %d", net, reversal.Reverses, original.ID)
		}
		page, err := db.ListSuspenseItems(ctx, ims.SuspenseFilter{ImportID: imp.ID, Status: ims.SuspenseUnallocated})
		if err != nil || len(page.Items) != 0 {
			t.Errorf("%d suspense items of the reversed import still open (%v)", len(page.Items), err)
		}
		if _, err := svc.Reverse(ctx, finance, imp.ID, "again"); ims.ErrorCode(err) != ims.Conflict {
			t.Errorf("second reversal: %v, want a conflict", err)
		}
		if rep, err := db.VerifyLedger(ctx); err != nil || rep.BrokenAt != 0 {
			t.Errorf("ledger verify: %+v %v", rep, err)
		}
	})
}

func TestAnImportWhoseSuspenseWasAllocatedCannotBeReversed(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		demotest.Council(t, db)
		ctx := context.Background()
		svc := imports.New(db)
		imp, err := importNow(t, svc, ims.System(), "IMSCSV", councilCSV, imports.Request{})
		if err != nil {
			t.Fatal(err)
		}
		page, err := db.ListSuspenseItems(ctx, ims.SuspenseFilter{ImportID: imp.ID})
		if err != nil || len(page.Items) == 0 {
			t.Fatalf("no suspense items from the import (%v)", err)
		}
		it := page.Items[0]
		_, _, err = suspense.New(db).Allocate(ctx, ims.System(), ims.SuspenseAllocationRequest{
			Items: []ims.SuspenseTake{{ID: it.ID, Version: it.Version}},
			Lines: []ims.AllocationLine{{Fund: "23", Reference: "400123451", Amount: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.Reverse(ctx, ims.System(), imp.ID, "wrong file")
		if ims.ErrorCode(err) != ims.Conflict || !strings.Contains(err.Error(), "allocated") {
			t.Errorf("reversal after an allocation: %v, want refused naming the allocation", err)
		}
		if got, _ := svc.Get(ctx, ims.System(), imp.ID); got.State != ims.ImportPosted {
			t.Errorf("import is %s after a refused reversal, want posted", got.State)
		}
	})
}

// reversalOf reads the posting that reversed an import.
func reversalOf(ctx context.Context, db *sqldb.DB, imp ims.Import) (ims.Posting, error) {
	var receipt string
	if err := db.SQL.QueryRowContext(ctx, `SELECT receipt_number FROM postings WHERE id = $1`, imp.ReversalID).Scan(&receipt); err != nil {
		return ims.Posting{}, err
	}
	return db.PostingByReceipt(ctx, receipt)
}

// A past import's file can be read again as a dry run with other rules: the rule tester's.
func TestAPastImportIsDryRunAgainWithOtherRules(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		demotest.Council(t, db)
		ctx := context.Background()
		svc := imports.New(db)
		imp, err := importNow(t, svc, ims.System(), "IMSCSV", councilCSV, imports.Request{})
		if err != nil {
			t.Fatal(err)
		}
		skipAll := ims.ImportRule{Code: "SKIPALL", Name: "skip", Enabled: true, Order: 1,
			Actions: []ims.RuleAction{{Kind: ims.RuleSkip, Reason: "testing"}}}
		rep, err := svc.DryRunImport(ctx, ims.System(), imp.ID, []ims.ImportRule{skipAll})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Totals.Skipped.Count != imp.Totals.Lines || rep.Totals.Skipped.Pence != imp.Totals.Value {
			t.Errorf("dry run with a rule skipping every line: %+v, want all %d lines skipped", rep.Totals, imp.Totals.Lines)
		}
		if got, _ := svc.Get(ctx, ims.System(), imp.ID); got.Totals != imp.Totals || got.State != ims.ImportPosted {
			t.Errorf("the dry run changed the import: %+v", got)
		}
	})
}
