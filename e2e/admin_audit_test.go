package e2e

import (
	"strings"
	"testing"
)

// testAdminAudit is the Auditor's journey: the demo Auditor signs in, finds their own sign-in in the
// audit trail, opens the event, searches for nothing and with an impossible date, runs the ledger
// verification and sees it verified, and opens the email outbox; axe-core checks every page state.
func (s *suite) testAdminAudit(t *testing.T) {
	const email = "auditor@demo.example"
	p := s.page(t)
	p.open(s.srv.URL+"/admin/sign-in", 200)
	p.fill("email", email)
	p.fill("password", s.srv.password(t, email))
	p.click(`form[action="/admin/sign-in"] button`, 200)

	p.click(`nav a[href="/admin/audit"]`, 200)
	p.wantHeading("Audit trail")
	p.checkAccessible("the audit trail")

	p.fill("who", email)
	p.fill("action", "login")
	p.clickText("Search", 200)
	rows := p.tableRows("Events")
	if len(rows) == 0 || !strings.HasPrefix(rows[0][1], "Demo Auditor (user:") || rows[0][2] != "login" {
		t.Fatalf("the search for the Auditor's sign-in found %q", rows)
	}
	if got := p.text(`table.ims-audit-events tbody tr td`); !strings.Contains(got, ":") {
		t.Errorf("the event's time reads %q", got)
	}
	p.checkAccessible("the audit trail searched for a sign-in")

	p.click(`table.ims-audit-events tbody tr a`, 200)
	if h := p.heading(); !strings.HasPrefix(h, "Audit event ") {
		t.Fatalf("the event's page is headed %q", h)
	}
	p.wantText("main", "Demo Auditor", "login", "factor", "password")
	p.checkAccessible("an audit event")

	p.open(s.srv.URL+"/admin/audit?who=nobody-ever-signed-in", 200)
	p.wantText("main", "No events found")
	p.checkAccessible("an audit search that finds nothing")

	p.fill("who", "")
	p.fill("from", "31/4/2026")
	p.clickText("Search", 422)
	p.wantText(".govuk-error-summary", "The ‘from’ date must be a real date")
	if p.value("from") != "31/4/2026" {
		t.Errorf("the date typed is not kept: %q", p.value("from"))
	}
	p.checkAccessible("an audit search with an impossible date")

	p.clickText("Ledger verification", 200)
	p.wantHeading("Ledger verification")
	p.checkAccessible("the ledger verification before it runs")
	p.clickText("Verify the ledger now", 200)
	p.wantText("main", "Verified", "Demo Auditor", "Intact:")
	p.wantText(".govuk-notification-banner--success", "Verified: the ledger and the audit trail are intact")
	p.checkAccessible("the ledger verification after it ran")

	p.clickText("Email outbox", 200)
	p.wantHeading("Email outbox")
	p.checkAccessible("the email outbox")
}
