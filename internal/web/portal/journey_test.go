package portal_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/web/portal"
)

// A payer puts two bills in the basket, checks their answers and is sent to the provider's card
// page for one payment of both; pressing Pay again does not start a second payment.
func TestTwoBillsGoToTheProvider(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db, portal.RateLimit{})
		b := s.browser()
		p := b.get("/pay")
		p.mustContain(t, "choose page", "What do you want to pay?", "Council Tax", "Your 9-digit account number is at the top of your council tax bill.")
		if strings.Contains(p.body, "Miscellaneous Cash") || strings.Contains(p.body, "Bank Suspense") {
			t.Errorf("choose page offers funds that are not on the portal")
		}
		if p := b.post("/pay", "fund", "23"); p.location != "/pay/details?fund=23" {
			t.Fatalf("choosing council tax: %d %q", p.status, p.location)
		}
		b.get("/pay/details?fund=23").mustContain(t, "details page", "Council tax account number", `name="amount"`)
		ctax, nndr := s.ref("Council tax", "40012345"), s.ref("Council tax", "50012345")
		b.add("23", ctax, "125.50")
		b.add("24", nndr, "1,000")
		basket := b.get("/pay/basket")
		basket.mustContain(t, "basket", ctax, nndr, "£125.50", "£1,000.00", "£1,125.50", `href="/pay/email"`)

		b.checkout("")
		check := b.get("/pay/check")
		check.mustContain(t, "check page", "Check your answers before paying", ctax, nndr, "£1,125.50", "No receipt by email")
		if csp := check.header.Get("Content-Security-Policy"); !strings.Contains(csp, "form-action 'self' https:") {
			t.Errorf("the check page's policy would block the redirect to the card page: %s", csp)
		}

		pay := b.post("/pay/check")
		if pay.status != http.StatusSeeOther || pay.location != "https://card.example/pay/prov1" {
			t.Fatalf("Pay: %d %q, want 303 to the provider's card page\n%s", pay.status, pay.location, pay.body)
		}
		req := s.provider.lastRequest()
		if req.Amount != pence("1125.50") || req.Language != "en" {
			t.Errorf("provider asked for %v in %q; want £1,125.50 in en", req.Amount, req.Language)
		}
		pp, err := db.PendingPayment(context.Background(), ims.System(), req.Metadata["ims_payment_id"])
		if err != nil {
			t.Fatal(err)
		}
		if pp.Source != ims.SourcePortal || pp.Office != "WP" || len(pp.Lines) != 2 || pp.Lines[0].Reference != ctax {
			t.Errorf("pending payment = %+v", pp)
		}

		again := b.post("/pay/check")
		if again.status != http.StatusSeeOther || again.location != pay.location {
			t.Errorf("second Pay: %d %q, want the same card page %q", again.status, again.location, pay.location)
		}
		if n := s.pendingPayments(); n != 1 {
			t.Errorf("a second Pay made %d pending payments, want 1", n)
		}
	})
}

// Two clicks on Pay at the same moment start one payment.
func TestConcurrentPaysStartOnePayment(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db, portal.RateLimit{})
		b := s.browser()
		b.add("23", s.ref("Council tax", "40012345"), "10")
		b.checkout("")
		b.get("/pay/check")
		locations := make(chan string, 4)
		for range 4 {
			go func() { locations <- b.post("/pay/check").location }()
		}
		first := <-locations
		for range 3 {
			if l := <-locations; l != first {
				t.Errorf("concurrent Pay went to %q and %q", first, l)
			}
		}
		if n := s.pendingPayments(); n != 1 {
			t.Errorf("concurrent Pays made %d pending payments, want 1", n)
		}
	})
}

// When the provider cannot be reached the payer is told to try later, and their basket is kept.
func TestProviderDownKeepsTheBasket(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db, portal.RateLimit{})
		b := s.browser()
		ref := s.ref("Council tax", "40012345")
		b.add("23", ref, "10")
		b.checkout("")
		s.provider.setDown(true)
		p := b.post("/pay/check")
		if p.status != http.StatusServiceUnavailable {
			t.Fatalf("Pay with the provider down: %d, want 503\n%s", p.status, p.body)
		}
		p.mustContain(t, "unavailable page", "Sorry, you cannot pay online at the moment", "We have kept your basket")
		b.get("/pay/basket").mustContain(t, "basket after the outage", ref, "£10.00")

		s.provider.setDown(false)
		if p := b.post("/pay/check"); p.status != http.StatusSeeOther || !strings.HasPrefix(p.location, "https://card.example/") {
			t.Errorf("Pay once the provider is back: %d %q", p.status, p.location)
		}
	})
}
