package e2e

import (
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"
)

// The demo system administrator writes an import rule in the browser — a pattern without its
// capture group named on its row first —, tests it on a pasted line before enabling it, and sees
// the reference it captures. Every page passes axe-core, the error states included.
func (s *suite) testAdminImportRules(t *testing.T) {
	p := s.page(t)
	s.signIn(t, p, "systemadmin@demo.example")
	p.open(s.srv.URL+"/admin/import-rules", http.StatusOK)
	p.wantHeading("Import rules")
	p.clickText("Add an import rule", http.StatusOK)
	p.checkAccessible("new import rule form")

	p.fill("f-code", "E2EHB")
	p.fill("f-name", "Housing benefit reference in a narrative")
	choose := func(id, value string) {
		if err := chromedp.Do(p.ctx, chromedp.SetValue(chromedp.ID(id), value)); err != nil {
			t.Fatal(err)
		}
	}
	choose("f-groups-0-conditions-0-field", "narrative")
	choose("f-groups-0-conditions-0-operator", "starts_with")
	p.fill("f-groups-0-conditions-0-value", "HB")
	choose("f-groups-1-conditions-0-field", "bank_reference")
	choose("f-groups-1-conditions-0-operator", "contains")
	p.fill("f-groups-1-conditions-0-value", "HOUSING")
	choose("f-actions-0-kind", "set_reference")
	choose("f-actions-0-from_field", "narrative")
	p.fill("f-actions-0-pattern", `HB\s*\d+`)
	p.clickText("Create rule", http.StatusUnprocessableEntity)
	p.wantText(".govuk-error-summary", "exactly one capture group")
	p.checkAccessible("import rule form with a bad pattern")

	p.fill("f-actions-0-pattern", `HB\s*(\d+)`)
	p.fill("f-line_narrative", "HB 445566 SMITH")
	p.clickText("Test this rule", http.StatusOK)
	p.wantText("#results", "Rule E2EHB alone", "445566")
	p.checkAccessible("import rule form with test results")

	p.clickText("Create rule", http.StatusOK)
	p.wantText(".govuk-notification-banner--success", "Import rule E2EHB created")
	p.clickText("Test this rule on a line", http.StatusOK)
	p.fill("f-line_narrative", "hb445566")
	p.clickText("Test", http.StatusOK)
	p.wantText("#results", "Rule E2EHB alone", "445566", "Every enabled rule, in order")
}
