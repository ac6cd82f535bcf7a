package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ims-council/ims/internal/demo"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// ims accountholders import applies a file, prints its counts and each refused line, and says by
// its exit status whether every line was applied (0), some were refused (1) or the file could not be
// read (2).
func TestAccountHoldersImport(t *testing.T) {
	t.Parallel()
	for _, engine := range []sqldb.Engine{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			env := map[string]string{"IMS_DATABASE_URL": sqldbtest.URL(t, engine), "IMS_SECRET_KEY": strings.Repeat("k", 40)}
			write := func(name, body string) string {
				path := filepath.Join(dir, name)
				if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
					t.Fatal(err)
				}
				return path
			}
			council := write("council.yaml", string(demo.YAML()))
			for _, args := range [][]string{{"migrate"}, {"config", "load", council}} {
				if code, out, stderr := run(t, env, "", args...); code != exitOK {
					t.Fatalf("%v: exit %d %q %q", args, code, out, stderr)
				}
			}
			header := "reference,fund,name,address1,address2,address3,address4,postcode,balance,stop_message\n"
			mixed := write("mixed.csv", header+"CLI-1,19,Ann Able,,,,,DM1 1AA,1.00,\n51000123018,5,Bad Check,,,,,,,\n")
			code, out, stderr := run(t, env, "", "accountholders", "import", mixed)
			if code != exitFailure {
				t.Errorf("a file with a refused line: exit %d; want %d", code, exitFailure)
			}
			if !strings.Contains(out, "mixed.csv: done: 2 lines, 1 created, 0 updated, 0 unchanged, 1 refused") {
				t.Errorf("stdout = %q; want the counts", out)
			}
			if !strings.Contains(stderr, "line 3: 5 51000123018: Reference check digit is wrong") {
				t.Errorf("stderr = %q; want the refused line with its reason", stderr)
			}

			clean := write("clean.csv", header+"CLI-1,19,Ann Able,,,,,DM1 1AA,1.00,\n")
			if code, out, stderr := run(t, env, "", "accountholders", "import", clean); code != exitOK || !strings.Contains(out, "1 unchanged") {
				t.Errorf("re-importing a line: exit %d %q %q; want 0 and unchanged", code, out, stderr)
			}
			bad := write("bad.csv", "not,an,account,holder,file\n")
			if code, _, stderr := run(t, env, "", "accountholders", "import", bad); code != exitUsage || !strings.Contains(stderr, "nothing was imported") {
				t.Errorf("an unreadable file: exit %d %q; want 2 and nothing imported", code, stderr)
			}
			if code, _, _ := run(t, env, "", "accountholders", "import", filepath.Join(dir, "missing.csv")); code != exitUsage {
				t.Errorf("a missing file: exit %d; want 2", code)
			}
		})
	}
}
