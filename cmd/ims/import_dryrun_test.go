package main

import (
	"encoding/json"
	"fmt"
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
// --dry-run the file is posted, once.
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

			// Without --dry-run the file is posted; the same file again is refused naming the first
			// import, and forced with a reason it is posted again.
			code, out, stderr = run(t, env, "", "import", "--type", "IMSCSV", "--json", csv)
			var posted struct {
				ImportID         int64 `json:"import_id"`
				Status           string
				Receipt          string `json:"receipt_number"`
				Posted, Suspense struct{ Count, Pence int64 }
			}
			if err := json.Unmarshal([]byte(out), &posted); err != nil || code != exitOK {
				t.Fatalf("import --json: exit %d %v\n%s%s", code, err, out, stderr)
			}
			if posted.ImportID == 0 || posted.Status != "posted" || posted.Receipt == "" ||
				posted.Posted.Pence != 12500 || posted.Suspense.Pence != 5000 {
				t.Errorf("import --json = %+v", posted)
			}
			code, _, stderr = run(t, env, "", "import", "--type", "IMSCSV", csv)
			if code != exitFailure || !strings.Contains(stderr, fmt.Sprintf("already imported as import %d", posted.ImportID)) {
				t.Errorf("the same file again: exit %d %q", code, stderr)
			}
			code, out, stderr = run(t, env, "", "import", "--type", "IMSCSV", "--force", "--reason", "resent by the bank", csv)
			if code != exitOK || !strings.Contains(out, ": posted.") || !strings.Contains(out, "to suspense         1  £50.00") {
				t.Errorf("forced: exit %d\n%s%s", code, out, stderr)
			}
			code, out, stderr = run(t, env, "", "import", "--type", "IMSCSV", bad)
			if code != exitFailure || !strings.Contains(stderr, "line 2") || !strings.Contains(out, ": failed.") {
				t.Errorf("posting an unreadable file: exit %d %q %q; want 1, failed, naming line 2", code, out, stderr)
			}
		})
	}
}
