package e2e

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The demo system administrator creates a reference validator with a check digit scheme and a fund
// using it, tests a good and a bad reference with the fund's tester and sees each rule's outcome,
// and is refused deleting a fund the ledger uses, with disable offered. Every page passes axe-core,
// the form with errors included.
func (s *suite) testAdminReferenceData(t *testing.T) {
	p := s.page(t)
	s.signIn(t, p, "systemadmin@demo.example")
	p.clickText("Reference data", http.StatusOK)
	p.wantHeading("Reference data")
	p.checkAccessible("reference data index")

	p.open(s.srv.URL+"/admin/validators/new", http.StatusOK)
	p.checkAccessible("new reference validator form")
	p.fill("f-code", "PCNTEST")
	p.fill("f-name", "Parking fines (test)")
	p.fill("f-min_length", "10")
	p.fill("f-max_length", "10")
	p.choose("f-char_class", "alphanumeric")
	p.fill("f-input_mask", "BJ#######@")
	p.choose("f-check_digit_scheme", "Parking")
	p.clickText("Create reference validator", http.StatusOK)
	p.wantHeading("Reference validator PCNTEST")

	p.open(s.srv.URL+"/admin/funds", http.StatusOK)
	p.checkAccessible("funds list")
	p.clickText("Add a fund", http.StatusOK)
	p.checkAccessible("new fund form")
	p.clickText("Create fund", http.StatusUnprocessableEntity)
	p.wantText(".govuk-error-summary", "Enter a name", "Choose a default VAT code")
	p.checkAccessible("new fund form with errors")
	p.fill("f-code", "PCNT")
	p.fill("f-name", "Parking fines (test)")
	p.choose("f-vat_code", "N0")
	p.autocomplete("f-validator", "PCNTEST")
	p.clickText("Create fund", http.StatusOK)
	p.wantHeading("Fund PCNT")
	p.wantText(".govuk-notification-banner--success", "Fund PCNT created")
	p.checkAccessible("fund page")

	p.fill("reference", " bj99518409 ")
	p.clickText("Test reference", http.StatusOK)
	p.wantText("#tester-result", "Accepted", "BJ99518409")
	rows := p.tableRows("Each rule for BJ99518409")
	if i := slices.IndexFunc(rows, func(r []string) bool { return r[0] == "Check digit" }); i < 0 || rows[i][3] != "Pass" {
		t.Errorf("tester rows for a good reference: %q", rows)
	}
	p.checkAccessible("reference tester, accepted")

	p.fill("reference", "BJ99518408")
	p.clickText("Test reference", http.StatusOK)
	p.wantText("#tester-result", "Refused", "Reference check digit is wrong")
	rows = p.tableRows("Each rule for BJ99518408")
	want := []string{"Check digit", "scheme Parking", "computed 9, given 8", "Fail"}
	if i := slices.IndexFunc(rows, func(r []string) bool { return r[0] == "Check digit" }); i < 0 || !slices.Equal(rows[i], want) {
		t.Errorf("tester rows for a wrong check digit: %q; want a row %q", rows, want)
	}
	p.checkAccessible("reference tester, refused")

	// With JavaScript the result follows the typing, without the button.
	p.fill("reference", "")
	p.typeInto("reference", "BJ9951840")
	p.waitText("#tester-result", "Reference must be 10 characters long")
	p.typeInto("reference", "9")
	p.waitText("#tester-result", "Accepted")
	p.checkAccessible("reference tester, updated as typed")

	var used string
	if err := s.db.SQL.QueryRow(`SELECT fund FROM ledger_entries ORDER BY id LIMIT 1`).Scan(&used); err != nil {
		t.Fatalf("a fund the demo ledger uses: %v", err)
	}
	p.open(s.srv.URL+"/admin/funds/"+used, http.StatusOK)
	p.clickText("Delete fund", http.StatusConflict)
	p.wantText(".govuk-error-summary", "cannot be deleted because ledger entries", "Disable it instead")
	if !strings.Contains(p.text("main"), "Disable this fund instead") {
		t.Errorf("a refused delete does not offer to disable the fund:\n%s", p.text("main"))
	}
	p.checkAccessible("fund page, delete refused")

	p.open(s.srv.URL+"/admin/settings", http.StatusOK)
	p.wantHeading("Settings")
	p.checkAccessible("settings page")
}

// typeInto types text at the end of the field with the given id, key by key, as a person does.
func (p *page) typeInto(id, text string) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.SendKeys(chromedp.ID(id), text, chromedp.NodeVisible)); err != nil {
		p.t.Fatalf("typing into #%s on %s: %v", id, p.location(), err)
	}
}

// waitText waits up to five seconds for the element the CSS selector finds to show want, for a
// page that changes without loading another.
func (p *page) waitText(sel, want string) {
	p.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(p.text(sel), want) {
		if time.Now().After(deadline) {
			p.t.Fatalf("on %s, %s did not come to show %q; it shows %q", p.location(), sel, want, p.text(sel))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// choose selects the option with value in the select with the given id.
func (p *page) choose(id, value string) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.SetValue(chromedp.ID(id), value)); err != nil {
		p.t.Fatalf("choosing %q in #%s on %s: %v", value, id, p.location(), err)
	}
}

// autocomplete types text into the type-ahead look-up a select became (accessible-autocomplete
// gives its input the select's id) and picks the first suggestion.
func (p *page) autocomplete(id, text string) {
	p.t.Helper()
	err := chromedp.Do(p.ctx,
		chromedp.SendKeys(chromedp.ID(id), text, chromedp.NodeVisible),
		chromedp.Click(chromedp.ID(id+"__option--0"), chromedp.NodeVisible))
	if err != nil {
		p.t.Fatalf("picking %q in the look-up #%s on %s: %v", text, id, p.location(), err)
	}
}
