package config

import (
	"strings"
	"testing"
	"time"
)

func TestImportDirAndPollInterval(t *testing.T) {
	c, err := FromEnv(env(nil))
	if err != nil || c.ImportDir != "" || c.ImportPollInterval != 15*time.Second {
		t.Fatalf("defaults: dir %q, interval %v, %v; want none and 15s", c.ImportDir, c.ImportPollInterval, err)
	}
	c, err = FromEnv(env(map[string]string{"IMS_IMPORT_DIR": "/srv/ims/import", "IMS_IMPORT_POLL_INTERVAL": "1m"}))
	if err != nil || c.ImportDir != "/srv/ims/import" || c.ImportPollInterval != time.Minute {
		t.Fatalf("set: dir %q, interval %v, %v; want /srv/ims/import and 1m", c.ImportDir, c.ImportPollInterval, err)
	}
	for _, bad := range []string{"often", "500ms", "2h", "-15s"} {
		if _, err := FromEnv(env(map[string]string{"IMS_IMPORT_POLL_INTERVAL": bad})); err == nil || !strings.Contains(err.Error(), "IMS_IMPORT_POLL_INTERVAL") {
			t.Errorf("IMS_IMPORT_POLL_INTERVAL=%s: %v; want an error naming the variable", bad, err)
		}
	}
}
