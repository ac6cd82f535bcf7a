package config

import (
	"strings"
	"testing"
)

func TestDatabasePoolSize(t *testing.T) {
	if c, err := FromEnv(env(nil)); err != nil || c.DBMaxConns != 0 {
		t.Errorf("unset: %d %v; want 0 (the database's default)", c.DBMaxConns, err)
	}
	if c, err := FromEnv(env(map[string]string{"IMS_DB_MAX_CONNS": "40"})); err != nil || c.DBMaxConns != 40 {
		t.Errorf("40: %d %v", c.DBMaxConns, err)
	}
	for _, bad := range []string{"0", "-3", "many", "1001", "2.5"} {
		if _, err := FromEnv(env(map[string]string{"IMS_DB_MAX_CONNS": bad})); err == nil || !strings.Contains(err.Error(), "IMS_DB_MAX_CONNS") {
			t.Errorf("IMS_DB_MAX_CONNS=%s: %v", bad, err)
		}
	}
}
