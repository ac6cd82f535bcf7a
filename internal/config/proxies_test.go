package config

import (
	"net/netip"
	"slices"
	"strings"
	"testing"
)

func TestTrustedProxies(t *testing.T) {
	c, err := FromEnv(env(nil))
	if err != nil || len(c.TrustedProxies) != 0 {
		t.Fatalf("by default no proxy is trusted: %v, %v", c.TrustedProxies, err)
	}
	c, err = FromEnv(env(map[string]string{"IMS_TRUSTED_PROXIES": " 10.0.0.0/8,192.0.2.10 , 2001:db8::/32,10.1.2.3/16,"}))
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.10/32"),
		netip.MustParsePrefix("2001:db8::/32"), netip.MustParsePrefix("10.1.0.0/16")}
	if !slices.Equal(c.TrustedProxies, want) {
		t.Errorf("TrustedProxies = %v; want %v", c.TrustedProxies, want)
	}
	_, err = FromEnv(env(map[string]string{"IMS_TRUSTED_PROXIES": "10.0.0.0/8, lb.internal, 10.0.0.0/33"}))
	if err == nil || !strings.Contains(err.Error(), "IMS_TRUSTED_PROXIES") || !strings.Contains(err.Error(), `"lb.internal"`) ||
		!strings.Contains(err.Error(), `"10.0.0.0/33"`) {
		t.Errorf("bad entries: %v; want an error naming the variable and each bad entry", err)
	}
}
