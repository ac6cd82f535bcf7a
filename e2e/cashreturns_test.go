package e2e

import (
	"net/http"
	"regexp"
	"testing"
)

// The demo site clerk starts a library cash return, fills its lines and cash analysis (told first
// that £15.00 cannot be in £10 notes), and submits it; the demo authoriser authorises it and is
// given its receipt; the demo finance officer opens the receipt and finds the cash-return lines.
// Every page passes axe-core, the error state included.
func (s *suite) testCashReturns(t *testing.T) {
	p := s.page(t)
	s.signIn(t, p, "cashreturns@demo.example")
	p.open(s.srv.URL+"/admin/cash-returns", http.StatusOK)
	p.wantHeading("Cash returns")
	p.checkAccessible("cash returns list")
	p.choose("f-template", "LIBRARY")
	p.clickText("Start return", http.StatusOK)
	p.wantText(".govuk-notification-banner--success", "started")
	p.wantText("main", "Overdue fines", "Book sales")
	p.checkAccessible("draft cash return")
	ret := p.location()

	p.fill("f-lines-0-amount", "12.00")
	p.fill("f-lines-1-amount", "3.00")
	p.fill("f-bag_number", "E2E-BAG-1")
	p.fill("f-cash-1000", "15.00")
	p.clickText("Submit for authorisation", http.StatusUnprocessableEntity)
	p.wantText(".govuk-error-summary", "must be a multiple of £10")
	p.checkAccessible("cash return with errors")
	p.fill("f-cash-1000", "10.00")
	p.fill("f-cash-500", "5.00")
	p.clickText("Submit for authorisation", http.StatusOK)
	p.wantText(".govuk-notification-banner--success", "submitted for authorisation")
	p.wantText("main", "Submitted", "E2E-BAG-1", "£15.00")
	p.checkAccessible("submitted cash return")

	a := s.page(t)
	s.signIn(t, a, "cashreturnauthoriser@demo.example")
	a.open(ret, http.StatusOK)
	a.wantText("main", "Authorise", "E2E-BAG-1")
	a.checkAccessible("cash return to authorise")
	a.clickText("Authorise and post", http.StatusOK)
	banner := a.text(".govuk-notification-banner--success")
	m := regexp.MustCompile(`receipt ([A-Z0-9]+)`).FindStringSubmatch(banner)
	if m == nil {
		t.Fatalf("no receipt in %q", banner)
	}
	a.wantText("main", "Authorised", m[1])
	a.checkAccessible("authorised cash return")
	a.open(ret+"/print", http.StatusOK)
	a.wantText("main", "Signed (site)", "Overdue fines")
	a.checkAccessible("printable cash return")

	f := s.page(t)
	s.signIn(t, f, "finance@demo.example")
	f.open(s.srv.URL+"/admin/receipts/"+m[1], http.StatusOK)
	f.wantText("main", "LIB-FINES", "£12.00", "LIB-PRINT", "£3.00")
	f.checkAccessible("cash return's receipt")
}
