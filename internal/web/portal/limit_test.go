package portal_test

import (
	"net/http"
	"testing"

	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/web/portal"
)

// A basket over the card provider's limit is refused on the basket page, naming the limit, in the
// payer's language, before a payment is recorded or the provider asked.
func TestBasketOverTheProviderLimit(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db, portal.RateLimit{})
		for _, lang := range []struct{ code, message string }{
			{"en", "A card payment cannot be more than £100,000.00"},
			{"cy", "Ni all taliad cerdyn fod yn fwy na £100,000.00"},
		} {
			b := s.browser()
			b.get("/pay?lang=" + lang.code)
			b.add("24", s.ref("Council tax", "40012345"), "60000")
			b.add("24", s.ref("Council tax", "40012346"), "40000.01")
			b.checkout("")
			p := b.post("/pay/check")
			if p.status != http.StatusUnprocessableEntity {
				t.Fatalf("%s: Pay: %d, want 422\n%s", lang.code, p.status, p.body)
			}
			p.mustContain(t, lang.code+" basket page", lang.message)
		}
		if n := s.pendingPayments(); n != 0 {
			t.Errorf("%d payments recorded over the limit", n)
		}
	})
}
