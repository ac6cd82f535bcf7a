package web

import (
	"net/netip"
	"testing"
)

func TestClientAddress(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8:ffff::/48")}
	tests := []struct {
		name, remote string
		forwarded    []string
		want         string
	}{
		{"no proxy", "203.0.113.7:5000", nil, "203.0.113.7"},
		{"untrusted peer's header is ignored", "203.0.113.7:5000", []string{"198.51.100.1"}, "203.0.113.7"},
		{"trusted proxy", "10.0.0.2:5000", []string{"203.0.113.7"}, "203.0.113.7"},
		{"trusted proxy, no header", "10.0.0.2:5000", nil, "10.0.0.2"},
		{"two trusted proxies", "10.0.0.2:5000", []string{"203.0.113.7, 10.9.9.9"}, "203.0.113.7"},
		{"spoofed entries on the left", "10.0.0.2:5000", []string{"1.1.1.1, 10.3.3.3, 203.0.113.7"}, "203.0.113.7"},
		{"headers in order", "10.0.0.2:5000", []string{"1.1.1.1", "203.0.113.7,10.9.9.9"}, "203.0.113.7"},
		{"all trusted: the leftmost", "10.0.0.2:5000", []string{"10.5.5.5, 10.6.6.6"}, "10.5.5.5"},
		{"garbage stops at the last proxy", "10.0.0.2:5000", []string{"203.0.113.7, not-an-address, 10.6.6.6"}, "10.6.6.6"},
		{"port in the entry", "10.0.0.2:5000", []string{"203.0.113.7:4711"}, "203.0.113.7"},
		{"IPv6 client", "10.0.0.2:5000", []string{"[2001:db8::1]:4711"}, "2001:db8::1"},
		{"IPv6 proxy", "[2001:db8:ffff::2]:5000", []string{"203.0.113.7"}, "203.0.113.7"},
		{"IPv4-mapped proxy", "[::ffff:10.0.0.2]:5000", []string{"::ffff:203.0.113.7"}, "203.0.113.7"},
		{"empty entries", "10.0.0.2:5000", []string{""}, "10.0.0.2"},
	}
	for _, tt := range tests {
		if got := clientAddress(tt.remote, tt.forwarded, proxies); got != tt.want {
			t.Errorf("%s: clientAddress(%q, %q) = %q; want %q", tt.name, tt.remote, tt.forwarded, got, tt.want)
		}
	}
	if got := clientAddress("10.0.0.2:5000", []string{"203.0.113.7"}, nil); got != "10.0.0.2" {
		t.Errorf("with no trusted proxies the header was used: %q", got)
	}
}
