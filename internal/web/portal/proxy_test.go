package portal_test

import (
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/web/portal"
)

// postVia posts the choose form as it arrives through a proxy that sent X-Forwarded-For: forwarded
// (no header when empty), and returns the status.
func (b *browser) postVia(forwarded string) int {
	b.s.t.Helper()
	req, _ := http.NewRequest("POST", b.s.url+"/pay", strings.NewReader(url.Values{"fund": {"23"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if forwarded != "" {
		req.Header.Set("X-Forwarded-For", forwarded)
	}
	return b.do(req).status
}

func trusting(prefixes ...string) func(*config.Config) {
	return func(c *config.Config) {
		for _, p := range prefixes {
			c.TrustedProxies = append(c.TrustedProxies, netip.MustParsePrefix(p))
		}
	}
}

// Behind a trusted proxy (the tests' connections come from 127.0.0.1), each client has its own rate
// limit, keyed on the address the proxy reports; a client cannot escape its limit by writing its
// own X-Forwarded-For, because the proxy adds the address it saw to the right of it.
func TestRateLimitBehindATrustedProxyIsPerClient(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db, portal.RateLimit{Burst: 2, Every: time.Hour}, trusting("127.0.0.1/32", "10.0.0.0/8"))
		b := s.browser()
		for i := range 2 {
			if status := b.postVia("203.0.113.7"); status != http.StatusSeeOther {
				t.Fatalf("client A's post %d: %d", i+1, status)
			}
		}
		if status := b.postVia("203.0.113.7"); status != http.StatusTooManyRequests {
			t.Fatalf("client A's 3rd post: %d; want 429", status)
		}
		// Client A makes up an address; its proxy (and a second trusted proxy) add what they saw.
		if status := b.postVia("198.51.100.1, 203.0.113.7, 10.1.2.3"); status != http.StatusTooManyRequests {
			t.Errorf("client A with a made-up address in front: %d; want 429 (its own limit)", status)
		}
		if status := b.postVia("203.0.113.8"); status != http.StatusSeeOther {
			t.Errorf("client B behind the same proxy: %d; want its own limit", status)
		}
	})
}

// X-Forwarded-For from a peer that is not a trusted proxy is ignored: a client cannot pick a fresh
// rate limit per request by writing the header itself.
func TestForwardedForFromAnUntrustedPeerIsIgnored(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		for name, configure := range map[string][]func(*config.Config){
			"no proxy trusted":      nil,
			"another proxy trusted": {trusting("10.0.0.0/8")},
		} {
			s := newSite(t, db, portal.RateLimit{Burst: 2, Every: time.Hour}, configure...)
			b := s.browser()
			for i, forwarded := range []string{"203.0.113.1", "203.0.113.2"} {
				if status := b.postVia(forwarded); status != http.StatusSeeOther {
					t.Fatalf("%s: post %d: %d", name, i+1, status)
				}
			}
			if status := b.postVia("203.0.113.3"); status != http.StatusTooManyRequests {
				t.Errorf("%s: a third post claiming a third address: %d; want 429", name, status)
			}
		}
	})
}
