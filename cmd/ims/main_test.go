package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// run executes the ims command in-process, as an operator would run the binary.
func run(t *testing.T, env map[string]string, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }}
	code = m.Run(context.Background(), args)
	return code, out.String(), errb.String()
}

const parkingConfig = `
vat_codes:
  - {code: M0, name: Outside scope, rate_bp: 0, suspense: true}
check_digit_schemes:
  - {name: parking, type: weighted_sum, modulus: 11, source_substitution: "05", weights: [9,8,7,6,5,4,3,2,1,0], result_substitutions: "10:A"}
validators:
  - {code: PARK, name: Parking, min_length: 10, max_length: 10, input_mask: "BJ#######@", check_digit_scheme: parking}
funds:
  - {code: "11", name: Parking Fines, vat_code: M0, validator: PARK}
`

func TestOperatorCommands(t *testing.T) {
	t.Parallel()
	for _, engine := range []sqldb.Engine{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			env := map[string]string{"IMS_DATABASE_URL": sqldbtest.URL(t, engine)}
			if code, _, stderr := run(t, env, "", "reference", "check", "--fund", "11", "BJ99518409"); code != 2 || !strings.Contains(stderr, "ims migrate") {
				t.Errorf("unmigrated database: exit %d, %q", code, stderr)
			}
			if code, out, _ := run(t, env, "", "migrate"); code != 0 || !strings.Contains(out, "applied") {
				t.Fatalf("migrate: exit %d %q", code, out)
			}
			cfg := filepath.Join(t.TempDir(), "council.yaml")
			os.WriteFile(cfg, []byte(parkingConfig), 0o600)
			if code, out, stderr := run(t, env, "", "config", "load", cfg); code != 0 {
				t.Fatalf("config load: exit %d %q %q", code, out, stderr)
			}
			bad := filepath.Join(t.TempDir(), "bad.yaml")
			os.WriteFile(bad, []byte("funds:\n  - {code: \"24\", name: Rates, vat_code: ZZ}\n"), 0o600)
			if code, _, stderr := run(t, env, "", "config", "load", bad); code != 2 || !strings.Contains(stderr, "funds[0].vat_code") {
				t.Errorf("bad config: exit %d %q", code, stderr)
			}
			checks := []struct {
				args []string
				code int
				out  string
			}{
				{[]string{"--fund", "11", "BJ99518409"}, 0, "valid"},
				{[]string{"--fund", "11", "--amount", "12.50", "BJ9951434A"}, 0, "valid"},
				{[]string{"--fund", "11", "BJ99518408"}, 1, "invalid: Reference check digit is wrong"},
				{[]string{"--fund", "11", "AB12345678"}, 1, "invalid:"},
				{[]string{"--fund", "11", "--amount", "1.234", "BJ99518409"}, 2, ""},
				{[]string{"--fund", "99", "BJ99518409"}, 2, ""},
				{[]string{"BJ99518409"}, 2, ""},
			}
			for _, c := range checks {
				code, out, _ := run(t, env, "", append([]string{"reference", "check"}, c.args...)...)
				if code != c.code || !strings.HasPrefix(out, c.out) {
					t.Errorf("reference check %v: exit %d %q; want %d %q", c.args, code, out, c.code, c.out)
				}
			}
			if code, out, _ := run(t, env, "", "config", "check"); code != 1 || !strings.Contains(out, "journal") {
				t.Errorf("config check with no MOPs: exit %d %q", code, out)
			}
			code, token, _ := run(t, env, "", "apiclient", "create", "--name", "ivr", "--scope", "reference-checks")
			if code != 0 || !strings.HasPrefix(token, "ims_") || strings.Count(token, "\n") != 1 {
				t.Errorf("apiclient create: exit %d %q; want the token alone", code, token)
			}
			if code, _, stderr := run(t, env, "", "apiclient", "create", "--name", "x", "--scope", "everything"); code != 2 || !strings.Contains(stderr, "scope") {
				t.Errorf("unknown scope: exit %d %q", code, stderr)
			}
			if code, out, stderr := run(t, env, "a long enough pass phrase for finance\n", "user", "create", "--email", "fin@demo.example", "--name", "Fin Officer", "--role", "Finance"); code != 0 {
				t.Errorf("user create: exit %d %q %q", code, out, stderr)
			}
			if code, _, stderr := run(t, env, "password\n", "user", "create", "--email", "x@demo.example", "--name", "X", "--role", "Finance"); code != 2 || strings.Count(stderr, "Password must be 12 characters or more") != 1 {
				t.Errorf("weak password: exit %d %q", code, stderr)
			}
			if code, out, _ := run(t, env, "", "ledger", "verify"); code != 0 || !strings.HasPrefix(out, "ok 0 postings") {
				t.Errorf("ledger verify: exit %d %q", code, out)
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"frobnicate"}, {"ledger"}, {"config"}, {"serve", "extra"}} {
		if code, _, _ := run(t, nil, "", args...); code != 2 {
			t.Errorf("ims %v: exit %d; want 2", args, code)
		}
	}
	if code, out, _ := run(t, nil, "", "version"); code != 0 || !strings.HasPrefix(out, "ims ") {
		t.Errorf("version: %d %q", code, out)
	}
}
