package api_test

import (
	"bytes"
	"context"
	"net/http"
	"net/netip"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/app/apptest"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// TestAllowListBehindATrustedProxy: an API client allowed one address is checked against the
// client's address as the trusted proxy gives it, not the proxy's own.
func TestAllowListBehindATrustedProxy(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		_, token, err := users.New(db).CreateAPIClient(context.Background(), ims.System(), ims.APIClient{Name: "ivr",
			Scopes: []ims.Scope{ims.ScopeReferenceChecks}, IPAllow: []string{"203.0.113.7/32"}})
		if err != nil {
			t.Fatal(err)
		}
		proxy := netip.MustParsePrefix("127.0.0.1/32") // the test server's clients connect from here
		_, srv := apptest.ServeConfig(t, db, config.Config{TrustedProxies: []netip.Prefix{proxy}})
		for _, tt := range []struct {
			forwarded string
			want      int
		}{
			{"203.0.113.7", http.StatusUnprocessableEntity}, // let in; the empty check is refused
			{"198.51.100.9", http.StatusForbidden},
			{"203.0.113.7, 198.51.100.9", http.StatusForbidden}, // the right-most untrusted address counts
			{"", http.StatusForbidden},                          // the proxy itself is not allowed
		} {
			req, _ := http.NewRequest("POST", srv.URL+"/api/v1/reference-checks", bytes.NewBufferString(`{}`))
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/json")
			if tt.forwarded != "" {
				req.Header.Set("X-Forwarded-For", tt.forwarded)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != tt.want {
				t.Errorf("X-Forwarded-For %q: %d; want %d", tt.forwarded, res.StatusCode, tt.want)
			}
		}
	})
}
