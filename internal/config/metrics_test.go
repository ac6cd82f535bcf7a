package config

import "testing"

func TestMetricsAddr(t *testing.T) {
	c, err := FromEnv(env(nil))
	if err != nil || c.MetricsAddr != "" {
		t.Fatalf("default: %q, %v; want none (/metrics on IMS_ADDR)", c.MetricsAddr, err)
	}
	c, err = FromEnv(env(map[string]string{"IMS_METRICS_ADDR": "10.0.0.5:9090"}))
	if err != nil || c.MetricsAddr != "10.0.0.5:9090" {
		t.Fatalf("set: %q, %v; want 10.0.0.5:9090", c.MetricsAddr, err)
	}
	for _, bad := range []string{"9090", "127.0.0.1:8080"} {
		if _, err := FromEnv(env(map[string]string{"IMS_METRICS_ADDR": bad})); err == nil {
			t.Errorf("IMS_METRICS_ADDR %q accepted", bad)
		}
	}
}
