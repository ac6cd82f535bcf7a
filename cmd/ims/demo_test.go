package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// lockedBuffer is a buffer a running command writes to while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// cheapHashing hashes the demo users' passwords in tests that serve the demo: production's cost,
// twenty times per load, would take seconds.
var cheapHashing = auth.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// serveOnce runs `ims serve ARGS` in-process until it is serving (or has stopped on its own), then
// stops it as SIGTERM would.
func serveOnce(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb lockedBuffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] },
		demoHashing: &cheapHashing}
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, append([]string{"serve"}, args...)) }()
	deadline := time.After(2 * time.Minute)
	for {
		select {
		case code := <-done:
			return code, out.String(), errb.String()
		case <-deadline:
			cancel()
			t.Fatalf("serve %v did not start in time: %s %s", args, out.String(), errb.String())
		case <-time.After(20 * time.Millisecond):
			if strings.Contains(out.String(), "ims serving on") {
				cancel()
				code := <-done
				return code, out.String(), errb.String()
			}
		}
	}
}

// `ims serve --demo` points every GOV.UK Pay account at the built-in simulator, so pointed at a
// council's database it would post test card payments to the real ledger. It refuses a database the
// demo did not make, says what to do instead, and changes nothing.
func TestServeDemoRefusesACouncilsDatabase(t *testing.T) {
	t.Parallel()
	for _, engine := range []sqldb.Engine{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			env := map[string]string{"IMS_DATABASE_URL": sqldbtest.MigratedURL(t, engine), "IMS_ADDR": "127.0.0.1:0"}
			cfg := filepath.Join(t.TempDir(), "council.yaml")
			if err := os.WriteFile(cfg, []byte(parkingConfig), 0o600); err != nil {
				t.Fatal(err)
			}
			if code, _, stderr := run(t, env, "", "config", "load", cfg); code != exitOK {
				t.Fatalf("config load: %d %s", code, stderr)
			}
			code, stdout, stderr := serveOnce(t, env, "--demo")
			if code != exitUsage || strings.Contains(stdout, "ims serving on") || strings.Contains(stdout, "simulator") {
				t.Fatalf("serve --demo on a council's database: exit %d\nstdout %s\nstderr %s; want a refusal", code, stdout, stderr)
			}
			for _, want := range []string{"not made by the demo", "simulator", "ims serve without --demo", "IMS_DATABASE_URL"} {
				if !strings.Contains(stderr, want) {
					t.Errorf("the refusal does not say %q: %s", want, stderr)
				}
			}
			if code, out, _ := run(t, env, "", "reference", "check", "--fund", "11", "BJ99518409"); code != exitOK || out != "valid\n" {
				t.Errorf("the council's configuration after the refusal: exit %d %q", code, out)
			}
			if code, out, _ := run(t, env, "", "ledger", "verify"); code != exitOK || !strings.HasPrefix(out, "ok 0 postings") {
				t.Errorf("the council's ledger after the refusal: exit %d %q; want it untouched", code, out)
			}
		})
	}
}

// A database the demo made is the demo's: a second `ims serve --demo` on it serves it again.
func TestServeDemoServesItsOwnDatabaseAgain(t *testing.T) {
	t.Parallel()
	for _, engine := range []sqldb.Engine{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			// Migrated already (serve --demo migrating a new database is what e2e starts with).
			env := map[string]string{"IMS_DATABASE_URL": sqldbtest.MigratedURL(t, engine), "IMS_ADDR": "127.0.0.1:0"}
			code, stdout, stderr := serveOnce(t, env, "--demo")
			if code != exitOK || !strings.Contains(stdout, "Demo Borough Council loaded") || !strings.Contains(stdout, "ims serving on") {
				t.Fatalf("first serve --demo: exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
			}
			code, stdout, stderr = serveOnce(t, env, "--demo")
			if code != exitOK || !strings.Contains(stdout, "already holds") || !strings.Contains(stdout, "ims serving on") {
				t.Fatalf("second serve --demo: exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
			}
		})
	}
}

// `ims demo` and `ims serve --demo` hash the demo users' passwords at production cost: they sign in
// like any other user. Only tests in this package can set the cheaper parameters they load it with.
func TestDemoHashesPasswordsAtFullCost(t *testing.T) {
	t.Parallel()
	m := &Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }}
	if got := m.demoPasswordHashing(); got != auth.DefaultParams() {
		t.Errorf("demo passwords hashed with %+v; want auth.DefaultParams %+v", got, auth.DefaultParams())
	}
}
