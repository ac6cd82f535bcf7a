package config

import (
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c, err := FromEnv(env(nil))
	if err != nil || c.Addr != "127.0.0.1:8080" || c.BaseURL != "http://127.0.0.1:8080" || c.LogLevel != "info" {
		t.Fatalf("defaults = %+v, %v", c, err)
	}
}

func TestProblemsNameTheVariable(t *testing.T) {
	_, err := FromEnv(env(map[string]string{"IMS_VAT_ROUNDING": "up", "IMS_SECRET_KEY": "short", "IMS_BASE_URL": "nowhere", "IMS_LOG_LEVEL": "loud"}))
	for _, v := range []string{"IMS_VAT_ROUNDING", "IMS_SECRET_KEY", "IMS_BASE_URL", "IMS_LOG_LEVEL"} {
		if err == nil || !strings.Contains(err.Error(), v) {
			t.Errorf("error %v does not name %s", err, v)
		}
	}
}
