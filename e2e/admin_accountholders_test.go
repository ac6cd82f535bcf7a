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

// The demo Finance officer imports a small account holder file, follows the import to done with
// the refused line shown first, finds an imported holder by name, opens it and sets its stop
// message. Every page passes axe-core, the upload form's error included.
func (s *suite) testAdminAccountHolders(t *testing.T) {
	p := s.page(t)
	s.signIn(t, p, "finance@demo.example")
	p.clickText("Account holders", http.StatusOK)
	p.wantHeading("Account holders")
	p.checkAccessible("account holder search")

	p.clickText("Import account holders", http.StatusOK)
	p.wantHeading("Import account holders")
	p.checkAccessible("account holder imports")
	p.clickText("Upload and import", http.StatusUnprocessableEntity)
	p.wantText(".govuk-error-summary", "Choose a CSV file to import")
	p.checkAccessible("account holder upload without a file")

	file := filepath.Join(t.TempDir(), "e2e-holders.csv")
	csv := "reference,fund,name,address1,address2,address3,address4,postcode,balance,stop_message\n" +
		"51000456116,5,Mr D Nowak E2E,7 Station Road,Little Demo,,,DM3 6EF,980.00,\n" +
		"E2E-0001,19,E2E Sundry Holder,1 Test Street,Demoton,,,DM9 1ZZ,12.34,\n" +
		"51000456117,5,Wrong Check Digit,,,,,,,\n"
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(p.ctx, chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{file})); err != nil {
		t.Fatalf("choosing the file: %v", err)
	}
	p.clickText("Upload and import", http.StatusOK)
	p.wantHeading("e2e-holders.csv")
	// The import runs as a background job: Refresh until it is done.
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(p.text("main"), "Done"); {
		if time.Now().After(deadline) {
			t.Fatalf("the import did not finish:\n%s", p.text("main"))
		}
		time.Sleep(200 * time.Millisecond)
		p.clickText("Refresh", http.StatusOK)
	}
	p.wantText("main", "3 of 3 lines (100%)", "Reference check digit is wrong")
	rows := p.tableRows("Lines, refused first")
	if len(rows) != 3 || rows[0][0] != "4" || rows[0][3] != "Refused" {
		t.Errorf("line outcomes: %q; want 3 lines, line 4 refused first", rows)
	}
	p.checkAccessible("account holder import, done")

	p.open(s.srv.URL+"/admin/account-holders", http.StatusOK)
	p.fill("name", "e2e")
	p.clickText("Search", http.StatusOK)
	found := p.tableRows("Account holders found")
	if len(found) != 2 {
		t.Fatalf("searching e2e found %q; want the 2 imported holders", found)
	}
	p.checkAccessible("account holder search results")

	p.clickText("51000456116", http.StatusOK)
	p.wantHeading("51000456116")
	p.wantText("main", "Mr D Nowak E2E", "£980.00")
	p.checkAccessible("account holder")
	p.click(`a[href^="/admin/account-holders/stop-message/"]`, http.StatusOK)
	p.checkAccessible("stop message form")
	p.check("#f-stop_message-0")
	p.clickText("Save stop message", http.StatusOK)
	p.wantHeading("51000456116")
	p.wantText(".govuk-notification-banner--success", "Stop message set")
	p.wantText(".govuk-warning-text", "Payments are stopped")
	p.checkAccessible("account holder with a stop message")
}
