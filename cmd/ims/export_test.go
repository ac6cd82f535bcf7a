package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/demo"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// ims export run prints the ids of the batches it made, one a line, and nothing when nothing is
// new; each file is in IMS_EXPORT_DIR, and ims export show prints a batch's exact bytes.
func TestExportRunAndShow(t *testing.T) {
	t.Parallel()
	for _, engine := range []sqldb.Engine{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			dbURL := sqldbtest.URL(t, engine)
			env := map[string]string{"IMS_DATABASE_URL": dbURL, "IMS_EXPORT_DIR": dir}
			council := filepath.Join(t.TempDir(), "council.yaml")
			os.WriteFile(council, demo.YAML(), 0o600)
			for _, args := range [][]string{{"migrate"}, {"config", "load", council}} {
				if code, out, stderr := run(t, env, "", args...); code != exitOK {
					t.Fatalf("%v: exit %d %q %q", args, code, out, stderr)
				}
			}
			if code, out, stderr := run(t, env, "", "export", "run"); code != exitOK || out != "" {
				t.Fatalf("export run with an empty ledger: exit %d %q %q; want nothing", code, out, stderr)
			}
			db, err := sqldb.Open(context.Background(), dbURL)
			if err != nil {
				t.Fatal(err)
			}
			_, err = ledger.New(db).Post(context.Background(), ims.System(), ims.NewPosting{Kind: ims.PostingManual,
				Source: ims.SourceStaff, Entries: []ims.NewLedgerEntry{{Kind: ims.EntryPayment, Fund: "23",
					Reference: "100000125", MOP: "1", Amount: 12345}}})
			db.Close()
			if err != nil {
				t.Fatal(err)
			}
			code, out, stderr := run(t, env, "", "export", "run")
			if code != exitOK || out != "CTAX-000001\nGL-000001\n" {
				t.Fatalf("export run: exit %d %q %q; want the two batches' ids", code, out, stderr)
			}
			if code, out, _ := run(t, env, "", "export", "run"); code != exitOK || out != "" {
				t.Errorf("a second export run: exit %d %q; want nothing", code, out)
			}
			written, err := os.ReadFile(filepath.Join(dir, "CTAXPAY-000001.txt"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(written), "100000125") {
				t.Errorf("the council tax file lacks the payment:\n%s", written)
			}
			if code, out, stderr := run(t, env, "", "export", "show", "CTAX-000001"); code != exitOK || out != string(written) {
				t.Errorf("export show: exit %d %q %q; want the file's bytes %q", code, out, stderr, written)
			}
			if code, _, stderr := run(t, env, "", "export", "show", "CTAX-000009"); code != exitFailure ||
				!strings.Contains(stderr, "Export batch CTAX-000009 does not exist") {
				t.Errorf("export show of no batch: exit %d %q", code, stderr)
			}
			if code, _, stderr := run(t, env, "", "export", "run", "--target", "PAYROLL"); code != exitFailure ||
				!strings.Contains(stderr, "Export target PAYROLL does not exist") {
				t.Errorf("export run of an unknown target: exit %d %q", code, stderr)
			}
			if code, _, _ := run(t, env, "", "export", "show"); code != exitUsage {
				t.Errorf("export show without a batch: exit %d", code)
			}
		})
	}
}
