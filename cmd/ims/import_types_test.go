package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ims-council/ims/internal/demo"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// ims import types prints the stored import types as one JSON array a script can read: the demo
// council's allpay type with its fund, MOP and channels, a bank type with a null fund.
func TestImportTypesPrintsJSON(t *testing.T) {
	t.Parallel()
	for _, engine := range []sqldb.Engine{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			env := map[string]string{"IMS_DATABASE_URL": sqldbtest.URL(t, engine)}
			if code, out, stderr := run(t, env, "", "migrate"); code != exitOK {
				t.Fatalf("migrate: exit %d %q %q", code, out, stderr)
			}
			code, out, stderr := run(t, env, "", "import", "types")
			if code != exitOK || strings.TrimSpace(out) != "[]" {
				t.Fatalf("import types of an empty database: exit %d %q %q; want []", code, out, stderr)
			}
			council := filepath.Join(t.TempDir(), "council.yaml")
			os.WriteFile(council, demo.YAML(), 0o600)
			if code, out, stderr := run(t, env, "", "config", "load", council); code != exitOK {
				t.Fatalf("config load: exit %d %q %q", code, out, stderr)
			}
			code, out, stderr = run(t, env, "", "import", "types")
			if code != exitOK || stderr != "" {
				t.Fatalf("import types: exit %d %q", code, stderr)
			}
			var types []map[string]any
			if err := json.Unmarshal([]byte(out), &types); err != nil {
				t.Fatalf("output is not a JSON array: %v\n%s", err, out)
			}
			byCode := map[string]map[string]any{}
			for _, it := range types {
				byCode[it["code"].(string)] = it
			}
			allpay, bank := byCode["ALLPAY"], byCode["CAMT053"]
			if allpay == nil || bank == nil {
				t.Fatalf("types ALLPAY and CAMT053 missing from %s", out)
			}
			if allpay["name"] != "allpay daily file" || allpay["format"] != "allpay" || allpay["fund"] != "23" ||
				allpay["default_mop"] != "15" || allpay["channel_mops"].(map[string]any)["T"] != "18" {
				t.Errorf("ALLPAY = %v", allpay)
			}
			if v, ok := bank["fund"]; !ok || v != nil || bank["default_mop"] != "BK" {
				t.Errorf("CAMT053 = %v; want fund null and MOP BK", bank)
			}
		})
	}
}

func TestImportTypesRefusesWhatItCannotDo(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "missing.db")
	env := map[string]string{"IMS_DATABASE_URL": "sqlite:" + path}
	if code, out, stderr := run(t, env, "", "import", "types"); code != exitUsage || out != "" || stderr == "" {
		t.Errorf("import types of a missing database: exit %d %q %q", code, out, stderr)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("import types created %s (stat: %v)", path, err)
	}
	if code, _, stderr := run(t, env, "", "import", "types", "extra"); code != exitUsage || !strings.Contains(stderr, "usage: ims import types") {
		t.Errorf("import types with an argument: exit %d %q", code, stderr)
	}
	if code, out, _ := run(t, nil, "", "import", "--help"); code != exitOK || !strings.Contains(out, "usage: ims import types") {
		t.Errorf("import --help: exit %d %q", code, out)
	}
}

// A configuration file with a wrong import rule is refused whole, naming the rule's position and
// field, so the person editing it finds the line.
func TestConfigLoadNamesAWrongImportRule(t *testing.T) {
	t.Parallel()
	env := map[string]string{"IMS_DATABASE_URL": sqldbtest.URL(t, sqldb.SQLite)}
	if code, out, stderr := run(t, env, "", "migrate"); code != exitOK {
		t.Fatalf("migrate: exit %d %q %q", code, out, stderr)
	}
	file := filepath.Join(t.TempDir(), "rules.yaml")
	os.WriteFile(file, []byte(`
import_rules:
  - {code: OK, name: fine, enabled: true, actions: [{kind: skip, reason: test}]}
  - {code: BAD, name: wrong fund, enabled: true, actions: [{kind: set_fund, value: "77"}]}
`), 0o600)
	code, out, stderr := run(t, env, "", "config", "load", file)
	if code != exitUsage || !strings.Contains(stderr, "import_rules[1].actions[0].value: Fund 77 does not exist") {
		t.Errorf("config load of a rule setting a missing fund: exit %d %q %q", code, out, stderr)
	}
	if code, out, _ := run(t, env, "", "config", "export"); code != exitOK || strings.Contains(out, "import_rules") {
		t.Errorf("after the refused load the export holds import rules (exit %d):\n%s", code, out)
	}
}
