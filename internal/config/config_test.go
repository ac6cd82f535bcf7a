package config

import (
	"strings"
	"testing"
	"time"
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

func TestStaffSessionTimeouts(t *testing.T) {
	c, err := FromEnv(env(nil))
	if err != nil || c.StaffIdleTimeout != 30*time.Minute || c.StaffSessionLifetime != 10*time.Hour {
		t.Fatalf("defaults: idle %v, lifetime %v, %v; want 30m and 10h", c.StaffIdleTimeout, c.StaffSessionLifetime, err)
	}
	c, err = FromEnv(env(map[string]string{"IMS_STAFF_IDLE_TIMEOUT": "15m", "IMS_STAFF_SESSION_LIFETIME": "8h"}))
	if err != nil || c.StaffIdleTimeout != 15*time.Minute || c.StaffSessionLifetime != 8*time.Hour {
		t.Fatalf("set: idle %v, lifetime %v, %v; want 15m and 8h", c.StaffIdleTimeout, c.StaffSessionLifetime, err)
	}
	for _, bad := range []string{"soon", "10s", "30d"} {
		if _, err := FromEnv(env(map[string]string{"IMS_STAFF_IDLE_TIMEOUT": bad})); err == nil || !strings.Contains(err.Error(), "IMS_STAFF_IDLE_TIMEOUT") {
			t.Errorf("IMS_STAFF_IDLE_TIMEOUT=%s: %v; want an error naming the variable", bad, err)
		}
	}
}

func TestSingleSignOnNeedsItsClient(t *testing.T) {
	c, err := FromEnv(env(nil))
	if err != nil || c.OIDC.Enabled() {
		t.Fatalf("single sign-on is on by default: %+v, %v", c.OIDC, err)
	}
	_, err = FromEnv(env(map[string]string{"IMS_OIDC_ISSUER_URL": "https://login.microsoftonline.com/t/v2.0"}))
	if err == nil || !strings.Contains(err.Error(), "IMS_OIDC_CLIENT_ID") {
		t.Errorf("issuer without client: %v; want an error naming IMS_OIDC_CLIENT_ID", err)
	}
	c, err = FromEnv(env(map[string]string{"IMS_OIDC_ISSUER_URL": "https://login.microsoftonline.com/t/v2.0",
		"IMS_OIDC_CLIENT_ID": "id", "IMS_OIDC_CLIENT_SECRET": "secret", "IMS_OIDC_SCOPES": "offline_access  User.Read"}))
	if err != nil || !c.OIDC.Enabled() || len(c.OIDC.Scopes) != 2 {
		t.Errorf("complete settings: %+v, %v", c.OIDC, err)
	}
}
