package portal_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/web/portal"
)

// A payer who chose Welsh is told in Welsh that an amount is too small for a card payment or over
// the fund's limit, the fund named in Welsh; in English the same amounts are refused in English.
func TestWelshAmountLimits(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db, portal.RateLimit{})
		for _, c := range []struct{ lang, amount, want, english string }{
			{"cy", "500.01", "Rhaid i&#39;r swm fod yn £500.00 neu lai ar gyfer Dirwy parcio (hysbysiad tâl cosb)", "Amount must be"},
			{"cy", "0.50", "Rhaid i&#39;r swm fod yn £1.00 neu fwy", "Amount must be"},
			{"en", "500.01", "Amount must be £500.00 or less for Parking fine (penalty charge notice)", "Rhaid"},
			{"en", "0.50", "Amount must be £1.00 or more for Card self-service (GOV.UK Pay)", "Rhaid"},
		} {
			b := s.browser()
			b.get("/pay?lang=" + c.lang)
			p := b.post("/pay/details", "fund", "11", "reference", "BJ99518409", "amount", c.amount)
			if p.status != http.StatusUnprocessableEntity {
				t.Fatalf("%s %s: %d, want 422\n%s", c.lang, c.amount, p.status, p.body)
			}
			p.mustContain(t, c.lang+" "+c.amount, c.want)
			if strings.Contains(p.body, c.english) {
				t.Errorf("%s %s: the page also says %q", c.lang, c.amount, c.english)
			}
		}
	})
}
