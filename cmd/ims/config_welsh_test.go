package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// The Welsh texts of funds and the public texts of stop messages are loaded and exported under
// their own keys, so a council's configuration file keeps them.
func TestConfigKeepsWelshAndPublicTexts(t *testing.T) {
	t.Parallel()
	const doc = `
vat_codes:
  - {code: E0, name: Exempt}
funds:
  - code: "5"
    name: Housing Rents
    vat_code: E0
    name_cy: Rhent
    portal_label_cy: Rhent cartref cyngor
    portal_help_cy: Ar eich datganiad rhent
    reference_label_cy: Rhif cyfrif rhent
fund_messages:
  - fund_code: "5"
    code: EA
    text: With enforcement agent
    text_public: Please call the rents team
    text_public_cy: Ffoniwch y tîm rhenti
`
	for _, engine := range []sqldb.Engine{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			env := map[string]string{"IMS_DATABASE_URL": sqldbtest.URL(t, engine), "IMS_SECRET_KEY": strings.Repeat("k", 40)}
			if code, out, stderr := run(t, env, "", "migrate"); code != exitOK {
				t.Fatalf("migrate: exit %d %q %q", code, out, stderr)
			}
			file := filepath.Join(t.TempDir(), "welsh.yaml")
			os.WriteFile(file, []byte(doc), 0o600)
			if code, out, stderr := run(t, env, "", "config", "load", file); code != exitOK {
				t.Fatalf("config load: exit %d %q %q", code, out, stderr)
			}
			code, exported, stderr := run(t, env, "", "config", "export")
			if code != exitOK {
				t.Fatalf("config export: exit %d %q", code, stderr)
			}
			for _, line := range []string{"name_cy: Rhent", "portal_label_cy: Rhent cartref cyngor", "portal_help_cy: Ar eich datganiad rhent",
				"reference_label_cy: Rhif cyfrif rhent", "text: With enforcement agent", "text_public: Please call the rents team",
				"text_public_cy: Ffoniwch y tîm rhenti"} {
				if !strings.Contains(exported, line) {
					t.Errorf("export lacks %q:\n%s", line, exported)
				}
			}
		})
	}
}
