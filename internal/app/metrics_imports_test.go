package app_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/app/apptest"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/exports"
	"github.com/ims-council/ims/internal/imports"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// Imports show in /metrics by state with their lines, an import's posting (written apart from the
// card payments' path) is counted with the ledger's postings, and the export batches written of
// it show by target.
func TestMetricsCountImports(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		demotest.Council(t, db)
		a, srv := apptest.Serve(t, db)
		run := func(name, file string) ims.Import {
			imp, _, err := a.Imports.Start(context.Background(), ims.System(),
				imports.Request{ImportType: "IMSCSV", FileName: name, Source: ims.ImportSourceUpload}, strings.NewReader(file))
			if err != nil {
				t.Fatal(err)
			}
			if err := a.Imports.RunImport(context.Background(), imp.ID); err != nil {
				t.Fatal(err)
			}
			if imp, err = a.Imports.Get(context.Background(), ims.System(), imp.ID); err != nil {
				t.Fatal(err)
			}
			return imp
		}
		const head = "transaction_date,fund,reference,amount,mop,narrative,source_reference\n"
		if imp := run("good.csv", head+"2025-03-05,23,400123451,125.00,BK,March,S-1\n2025-03-06,23,400123451,10.00,BK,March,S-2\n"); imp.State != ims.ImportPosted {
			t.Fatalf("the good file's import is %s", imp.State)
		}
		if imp := run("bad.csv", head+"2025-13-45,23,x,abc,BK,,\n"); imp.State != ims.ImportFailed {
			t.Fatalf("the bad file's import is %s", imp.State)
		}
		// The export command writes batches outside the serving application; its scrape sees them.
		batches, err := exports.New(db, "").Run(context.Background(), ims.System(), "")
		if err != nil || len(batches) == 0 {
			t.Fatalf("export run: %d batches, %v; want the posted import's", len(batches), err)
		}
		perTarget := map[string]int{}
		for _, b := range batches {
			perTarget[b.Target]++
		}
		status, got := get(t, srv.URL+"/metrics", "")
		if status != http.StatusOK {
			t.Fatalf("/metrics answered %d", status)
		}
		for _, want := range []string{
			`ims_imports{state="posted"} 1`,
			`ims_import_lines{state="posted"} 2`,
			`ims_imports{state="failed"} 1`,
			`ims_ledger_postings_total 1`,
			`ims_metrics_database_up 1`,
		} {
			if !strings.Contains(got, want) {
				t.Errorf("/metrics lacks %s", want)
			}
		}
		for target, n := range perTarget {
			if want := fmt.Sprintf(`ims_export_batches_stored{target=%q} %d`, target, n); !strings.Contains(got, want) {
				t.Errorf("/metrics lacks %s", want)
			}
		}
	})
}
