package e2e

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The demo Finance officer checks an IMS CSV file (each line's outcome, nothing written), imports
// it, follows the import to posted, opens the suspense item of its line with a wrong check digit
// from the import's page and allocates it to the right council tax account; reversing the import
// is then refused, and the same file again is refused. Every page passes axe-core, the forms' errors included.
func (s *suite) testAdminPaymentImport(t *testing.T) {
	p := s.page(t)
	s.signIn(t, p, "finance@demo.example")
	p.clickText("Imports", http.StatusOK)
	p.wantHeading("Payment imports")
	p.checkAccessible("payment imports")

	p.clickText("Import a payment or bank file", http.StatusOK)
	p.wantHeading("Import a payment or bank file")
	p.checkAccessible("payment import form")
	p.clickText("Check the file", http.StatusUnprocessableEntity)
	p.wantText(".govuk-error-summary", "Choose the file to import")
	p.checkAccessible("payment import form without a file")

	// A file of its own (a run's time in the narrative), so no earlier run's import refuses it as
	// the same file.
	file := filepath.Join(t.TempDir(), "e2e-council.csv")
	stamp := time.Now().Format(time.RFC3339Nano)
	csv := "transaction_date,fund,reference,amount,mop,narrative,source_reference\n" +
		"2025-03-05,23,400123451,12.00,BK,E2E council tax " + stamp + ",E2E-1\n" +
		"2025-03-05,23,400123452,31.50,BK,E2E wrong check digit " + stamp + ",E2E-2\n"
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	choose := func() {
		t.Helper()
		p.choose("f-type", "IMSCSV")
		if err := chromedp.Do(p.ctx, chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{file})); err != nil {
			t.Fatalf("choosing the file: %v", err)
		}
	}
	choose()
	p.clickText("Check the file", http.StatusOK)
	p.wantText("main", "Check of e2e-council.csv", "Nothing has been imported", "Reference check digit is wrong")
	rows := p.tableRows("What each line would do")
	if len(rows) != 2 || rows[0][5] != "Ledger" || rows[1][5] != "Suspense" {
		t.Errorf("checked lines: %q; want line 1 to the ledger, line 2 to suspense", rows)
	}
	p.checkAccessible("payment file checked")

	choose()
	p.clickText("Import", http.StatusOK)
	p.wantHeading("e2e-council.csv")
	// The import runs as a background job: Refresh until it is posted.
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(p.text("main"), "Posted"); {
		if time.Now().After(deadline) {
			t.Fatalf("the import was not posted:\n%s", p.text("main"))
		}
		time.Sleep(200 * time.Millisecond)
		p.clickText("Refresh", http.StatusOK)
	}
	p.wantText("main", "2 of 2 lines (100%)", "Receipt number", "£12.00", "£31.50")
	p.checkAccessible("payment import, posted")
	importPage := p.location()

	p.click(`a[href^="/admin/suspense/items/"]`, http.StatusOK)
	p.wantText("h1", "Suspense item", "Unallocated")
	p.checkAccessible("suspense item of an import")
	p.clickText("Allocate this item", http.StatusOK)
	p.chooseFund("f-lines-0-fund_code", "Council Tax")
	p.fill("f-lines-0-reference", "400123451")
	p.fill("f-lines-0-amount", "31.50")
	p.clickText("Allocate", http.StatusOK)
	p.wantText("h1", "Allocated")
	p.wantText(".govuk-notification-banner--success", "£31.50 allocated")
	p.checkAccessible("suspense item of an import, allocated")

	// Money of the import was allocated: reversing it is refused, saying why.
	p.open(importPage, http.StatusOK)
	p.clickText("Reverse this import", http.StatusOK)
	p.wantHeading("Reverse this import?")
	p.checkAccessible("reverse import confirmation")
	p.fill("f-reason", "E2E: wrong import type")
	p.clickText("Yes, reverse it", http.StatusConflict)
	p.wantText(".govuk-error-summary", "money was allocated from 1 of its suspense items")
	p.checkAccessible("reverse import refused")

	// The same file again is refused, naming the first import; importing it again needs a reason.
	p.open(s.srv.URL+"/admin/imports/new", http.StatusOK)
	choose()
	p.clickText("Import", http.StatusConflict)
	p.wantText(".govuk-error-summary", "already imported as import")
	p.wantHeading("Import the same file again")
	p.checkAccessible("payment file imported before")
	if err := chromedp.Do(p.ctx, chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{file})); err != nil {
		t.Fatalf("choosing the file again: %v", err)
	}
	p.clickText("Import it again", http.StatusUnprocessableEntity)
	p.wantText(".govuk-error-summary", "Enter why the same file must be imported again")
	p.checkAccessible("importing again without a reason")

	p.open(s.srv.URL+"/admin/imports", http.StatusOK)
	p.wantText("main", "e2e-council.csv", "Posted")
	p.open(s.srv.URL+"/admin/imports?state=failed", http.StatusOK)
	p.checkAccessible("payment imports, filtered")
}
