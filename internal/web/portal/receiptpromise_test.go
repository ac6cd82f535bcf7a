package portal_test

import (
	"html"
	"strings"
	"testing"

	"github.com/ims-council/ims/internal/psp"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/web/portal"
)

// When the payment succeeds the receipt email is only queued (a background job sends it when SMTP
// is configured, and not at all when it is not), so the page promises it rather than saying it has
// been sent, in English and in Welsh.
func TestOutcomeSaysTheReceiptWillBeEmailed(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db, portal.RateLimit{})
		b := s.browser()
		outcome := b.payTwoBills()
		s.provider.finish(psp.Succeeded, "Visa", "1111")
		en := b.get(outcome)
		en.mustContain(t, "English outcome", "We will email a receipt to <strong>payer@example.com</strong>")
		cy := b.get(outcome + "?lang=cy")
		cy.mustContain(t, "Welsh outcome", html.EscapeString("Byddwn yn anfon derbynneb drwy e-bost at")+" <strong>payer@example.com</strong>")
		for _, p := range []string{en.body, cy.body} {
			if strings.Contains(p, "We have sent a receipt") || strings.Contains(p, "Rydym wedi anfon derbynneb") {
				t.Errorf("the outcome page says the receipt has been sent")
			}
		}
	})
}
