package web_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/ims-council/ims/internal/web"
)

// A site whose public address is https sends Strict-Transport-Security, though IMS itself serves
// plain HTTP behind the proxy that ends TLS; a site on http does not.
func TestHSTSWhenThePublicAddressIsHTTPS(t *testing.T) {
	for base, want := range map[string]bool{"https://pay.council.example": true, "HTTPS://pay.council.example": true,
		"http://127.0.0.1:8080": false, "": false} {
		s := &web.Server{Log: slog.New(slog.DiscardHandler), BaseURL: base}
		s.Routes = s.SiteRoutes()
		srv := httptest.NewServer(handler(t, s))
		res, _ := get(t, srv.URL+"/healthz")
		srv.Close()
		hsts := res.Header.Get("Strict-Transport-Security")
		if (hsts != "") != want {
			t.Errorf("IMS_BASE_URL %q: Strict-Transport-Security %q; want it sent: %v", base, hsts, want)
		}
		if want && hsts != "max-age=31536000; includeSubDomains" {
			t.Errorf("IMS_BASE_URL %q: Strict-Transport-Security %q", base, hsts)
		}
	}
}

// The access log names the client a trusted proxy reports, and the proxy it came through; the
// header from anyone else is not believed.
func TestAccessLogNamesTheClientBehindATrustedProxy(t *testing.T) {
	for _, tt := range []struct {
		name, trusted, wantRemote, wantProxy string
	}{
		{"trusted proxy", "127.0.0.1/32", "203.0.113.7", "127.0.0.1"},
		{"untrusted peer", "10.0.0.0/8", "127.0.0.1", ""},
	} {
		var logged bytes.Buffer
		s := &web.Server{Log: slog.New(slog.NewJSONHandler(&logged, nil)),
			TrustedProxies: []netip.Prefix{netip.MustParsePrefix(tt.trusted)}}
		s.Routes = s.SiteRoutes()
		srv := httptest.NewServer(handler(t, s))
		req, _ := http.NewRequest("GET", srv.URL+"/healthz", nil)
		req.Header.Set("X-Forwarded-For", "198.51.100.1, 203.0.113.7")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		srv.Close()
		var line struct {
			Remote string `json:"remote"`
			Proxy  string `json:"proxy"`
		}
		if err := json.Unmarshal(logged.Bytes(), &line); err != nil {
			t.Fatalf("%s: access log %q: %v", tt.name, logged.String(), err)
		}
		proxyHost, _, _ := net.SplitHostPort(line.Proxy)
		if line.Remote != tt.wantRemote || proxyHost != tt.wantProxy {
			t.Errorf("%s: access log remote %q proxy %q; want %q and %q", tt.name, line.Remote, line.Proxy, tt.wantRemote, tt.wantProxy)
		}
	}
}
