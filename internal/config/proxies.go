package config

import (
	"fmt"
	"net/netip"
	"strings"
)

// parseTrustedProxies reads IMS_TRUSTED_PROXIES: addresses and CIDR ranges separated by commas,
// such as "10.0.0.0/8, 192.0.2.10". An address on its own trusts that one address. It names every
// entry it cannot read.
func parseTrustedProxies(s string) ([]netip.Prefix, error) {
	var trusted []netip.Prefix
	var bad []string
	for _, entry := range strings.Split(s, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		if p, err := netip.ParsePrefix(entry); err == nil {
			trusted = append(trusted, p.Masked())
			continue
		}
		if a, err := netip.ParseAddr(entry); err == nil && a.Zone() == "" {
			trusted = append(trusted, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		bad = append(bad, fmt.Sprintf("%q", entry))
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("IMS_TRUSTED_PROXIES: %s must each be an address or a CIDR range like 10.0.0.0/8",
			strings.Join(bad, ", "))
	}
	return trusted, nil
}
