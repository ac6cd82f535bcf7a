package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// A finance officer runs the export from /admin/exports, is told which batches were made (or that
// nothing was new), downloads a batch's exact file and writes it to the export folder again; a
// Reporting user of the revenues group sees and downloads the council tax batches but neither the
// journal nor the buttons; a clerk may not open the page.
func TestExportPages(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		dir := t.TempDir()
		s := serve(t, db, config.Config{ExportDir: dir})
		s.withDemoReferenceData()
		s.addUserWithGroups("officer@council.example", []string{"all"}, ims.Finance)
		s.addUserWithGroups("analyst@council.example", []string{"revenues"}, ims.Reporting)
		s.addUser("clerk@council.example", ims.TransactionList)
		_, err := ledger.New(db).Post(ctx, ims.System(), ims.NewPosting{Kind: ims.PostingManual, Source: ims.SourceStaff,
			Entries: []ims.NewLedgerEntry{{Kind: ims.EntryPayment, Fund: "23", Reference: "100000125", MOP: "1", Amount: 4200}}})
		if err != nil {
			t.Fatal(err)
		}

		b := s.browser()
		b.signIn("officer@council.example", "/admin")
		b.get("/admin").want(t, http.StatusOK, `href="/admin/exports"`)
		b.get("/admin/exports").want(t, http.StatusOK, "Exports", "Run the export now", "General ledger (Unit4 ERP journal)",
			"Council tax and business rates system", "No batch yet")
		r := b.post("/admin/exports/run", url.Values{})
		if r.status != http.StatusSeeOther || r.location != "/admin/exports" {
			t.Fatalf("run: %d to %q\n%s", r.status, r.location, r.body)
		}
		b.get("/admin/exports").want(t, http.StatusOK, "Made CTAX-000001, GL-000001", "CTAX-000001", "GL-000001",
			`href="/admin/exports/batches/CTAX-000001/file"`, "Write CTAX-000001 to the export folder again")
		b.post("/admin/exports/run", url.Values{})
		b.get("/admin/exports").want(t, http.StatusOK, "Nothing new to export")

		file := b.get("/admin/exports/batches/CTAX-000001/file")
		written, err := os.ReadFile(filepath.Join(dir, "CTAXPAY-000001.txt"))
		if err != nil {
			t.Fatal(err)
		}
		if file.status != http.StatusOK || file.body != string(written) || !strings.Contains(file.body, "100000125") {
			t.Fatalf("download: %d\n%q\nwant the file written\n%q", file.status, file.body, written)
		}
		if err := os.Remove(filepath.Join(dir, "CTAXPAY-000001.txt")); err != nil {
			t.Fatal(err)
		}
		b.post("/admin/exports/batches/CTAX-000001/rewrite", url.Values{})
		b.get("/admin/exports").want(t, http.StatusOK, "Wrote CTAXPAY-000001.txt to the export folder again")
		if again, err := os.ReadFile(filepath.Join(dir, "CTAXPAY-000001.txt")); err != nil || string(again) != string(written) {
			t.Errorf("written again: %v\n%q", err, again)
		}

		analyst := s.browser()
		analyst.signIn("analyst@council.example", "/admin")
		page := analyst.get("/admin/exports")
		page.want(t, http.StatusOK, "CTAX-000001")
		if strings.Contains(page.body, "GL-000001") || strings.Contains(page.body, "Run the export now") ||
			strings.Contains(page.body, "export folder again") {
			t.Errorf("the revenues analyst sees the journal or the buttons:\n%s", page.body)
		}
		analyst.get("/admin/exports/batches/GL-000001/file").want(t, http.StatusNotFound)
		analyst.get("/admin/exports/batches/CTAX-000001/file").want(t, http.StatusOK, "100000125")
		analyst.post("/admin/exports/run", url.Values{}).want(t, http.StatusForbidden)

		clerk := s.browser()
		clerk.signIn("clerk@council.example", "/admin")
		clerk.get("/admin/exports").want(t, http.StatusForbidden)
	})
}
