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

// ims import --dry-run on the demo council: the table names each line's outcome and why, --json is
// one object with the totals, a file that cannot be read exits 1 naming its lines, and without
// --dry-run the command says posting is not available yet.
func TestImportDryRun(t *testing.T) {
	t.Parallel()
	csv := filepath.Join(t.TempDir(), "payments.csv")
	os.WriteFile(csv, []byte("transaction_date,fund,reference,amount,mop\n"+
		"2025-03-05,23,400123451,125.00,BK\n2025-03-05,23,400123452,50.00,BK\n"), 0o600)
	for _, engine := range []sqldb.Engine{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			env := map[string]string{"IMS_DATABASE_URL": sqldbtest.URL(t, engine)}
			if code, out, stderr := run(t, env, "", "migrate"); code != exitOK {
				t.Fatalf("migrate: exit %d %q %q", code, out, stderr)
			}
			council := filepath.Join(t.TempDir(), "council.yaml")
			os.WriteFile(council, demo.YAML(), 0o600)
			if code, out, stderr := run(t, env, "", "config", "load", council); code != exitOK {
				t.Fatalf("config load: exit %d %q %q", code, out, stderr)
			}

			code, out, stderr := run(t, env, "", "import", "--type", "IMSCSV", "--dry-run", csv)
			if code != exitOK || !strings.Contains(out, "nothing was written") ||
				!strings.Contains(out, "ledger") || !strings.Contains(out, "Reference check digit is wrong") {
				t.Errorf("dry run table: exit %d\n%s%s", code, out, stderr)
			}

			code, out, stderr = run(t, env, "", "import", "--type", "IMSCSV", "--dry-run", "--json", csv)
			var got struct {
				ImportType       string `json:"import_type"`
				Status           string
				Lines            int
				Ledger, Suspense struct{ Count, Pence int64 }
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil || code != exitOK {
				t.Fatalf("--json: exit %d %v\n%s%s", code, err, out, stderr)
			}
			if got.ImportType != "IMSCSV" || got.Status != "dry-run" || got.Lines != 2 ||
				got.Ledger.Count != 1 || got.Ledger.Pence != 12500 || got.Suspense.Count != 1 || got.Suspense.Pence != 5000 {
				t.Errorf("--json = %+v", got)
			}

			bad := filepath.Join(t.TempDir(), "bad.csv")
			os.WriteFile(bad, []byte("transaction_date,fund,reference,amount,mop\n2025-13-05,23,400123451,12x,BK\n"), 0o600)
			code, out, stderr = run(t, env, "", "import", "--type", "IMSCSV", "--dry-run", bad)
			if code != exitFailure || out != "" || !strings.Contains(stderr, "line 2") {
				t.Errorf("unreadable file: exit %d %q %q; want 1 naming line 2", code, out, stderr)
			}
			code, _, stderr = run(t, env, "", "import", "--type", "NOPE", "--dry-run", csv)
			if code != exitFailure || !strings.Contains(stderr, "NOPE") {
				t.Errorf("unknown type: exit %d %q", code, stderr)
			}
			code, _, stderr = run(t, env, "", "import", "--type", "IMSCSV", csv)
			if code != exitUsage || !strings.Contains(stderr, "not available yet") {
				t.Errorf("without --dry-run: exit %d %q", code, stderr)
			}
		})
	}
}
