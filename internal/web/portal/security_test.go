package portal_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/web/portal"
)

// One address sending forms faster than the limit gets a 429 page saying to wait; reading pages is
// not limited.
func TestFormsAreRateLimited(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db, portal.RateLimit{Burst: 3, Every: time.Hour})
		b := s.browser()
		for i := range 3 {
			if p := b.post("/pay", "fund", "23"); p.status != http.StatusSeeOther {
				t.Fatalf("post %d: %d", i+1, p.status)
			}
		}
		p := b.post("/pay", "fund", "23")
		if p.status != http.StatusTooManyRequests || p.header.Get("Retry-After") == "" {
			t.Fatalf("4th post: %d, Retry-After %q; want 429 with Retry-After", p.status, p.header.Get("Retry-After"))
		}
		p.mustContain(t, "429 page", `class="govuk-heading-l">Sorry, there have been too many attempts`, "govuk-template")
		if p := b.get("/pay"); p.status != http.StatusOK {
			t.Errorf("reading a page after the limit: %d", p.status)
		}
	})
}

// A form posted from another site is refused, and the session cookie is SameSite=Lax and HttpOnly.
func TestCrossSiteFormsAreRefused(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db, portal.RateLimit{})
		b := s.browser()
		b.add("23", s.ref("Council tax", "40012345"), "10")
		u, _ := url.Parse(s.url)
		var cookie string
		for _, c := range b.client.Jar.Cookies(u) {
			cookie = c.Name
		}
		if cookie != "ims_portal" {
			t.Fatalf("session cookie %q, want ims_portal", cookie)
		}

		form := url.Values{"fund": {"23"}, "reference": {"400123451"}, "amount": {"10"}}
		req, _ := http.NewRequest("POST", s.url+"/pay/basket/empty", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		if p := b.do(req); p.status != http.StatusForbidden {
			t.Errorf("cross-site post: %d, want 403", p.status)
		}
		b.get("/pay/basket").mustContain(t, "basket after a forged post", "400123451")

		fresh := s.browser().post("/pay/details", "fund", "23", "reference", "400123451", "amount", "10")
		setCookie := fresh.header.Get("Set-Cookie")
		if !strings.Contains(setCookie, "SameSite=Lax") || !strings.Contains(setCookie, "HttpOnly") {
			t.Errorf("session cookie %q, want SameSite=Lax and HttpOnly", setCookie)
		}
	})
}
