package config

import (
	"fmt"
	"net"
)

// checkMetricsAddr refuses an IMS_METRICS_ADDR that is not a host:port, or that is IMS_ADDR
// itself: the point of a listener of its own is that /metrics is not where the public is served.
func checkMetricsAddr(addr, main string) error {
	if addr == "" {
		return nil
	}
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("IMS_METRICS_ADDR %q must be a listen address like 127.0.0.1:9090", addr)
	}
	if addr == main && port != "0" { // port 0 is any free port, a different one for each listener
		return fmt.Errorf("IMS_METRICS_ADDR %q is IMS_ADDR too: give /metrics a port of its own, or leave IMS_METRICS_ADDR unset to serve it on IMS_ADDR", addr)
	}
	return nil
}
