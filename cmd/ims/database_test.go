package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A command that only uses a database never creates one: pointed at a SQLite file that does not
// exist, it names the file and says what to run, and leaves no empty file behind (which the next
// command would then call unmigrated, and a token created in it would be refused by the server
// using the real database).
func TestCommandsDoNotCreateADatabase(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ims.db")
	env := map[string]string{"IMS_DATABASE_URL": "sqlite:" + path, "IMS_SECRET_KEY": strings.Repeat("k", 40)}
	config := filepath.Join(dir, "council.yaml")
	if err := os.WriteFile(config, []byte(parkingConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	commands := [][]string{
		{"apiclient", "create", "--name", "shop", "--scope", "payments"},
		{"ledger", "verify"},
		{"reference", "check", "--fund", "11", "BJ99518409"},
		{"config", "check"},
		{"config", "load", config},
		{"user", "create", "--email", "fin@demo.example", "--name", "Fin", "--role", "Finance"},
		{"demo"},
		{"serve"},
	}
	for _, args := range commands {
		code, _, stderr := run(t, env, "a long enough pass phrase\n", args...)
		if code != exitUsage || !strings.Contains(stderr, path) || !strings.Contains(stderr, "ims migrate") {
			t.Errorf("ims %s: exit %d, %q; want 2 naming %s and ims migrate", strings.Join(args, " "), code, stderr, path)
		}
		if _, err := os.Stat(path); err == nil {
			t.Fatalf("ims %s created %s", strings.Join(args, " "), path)
		}
	}

	// The default database is ims.db in the current directory.
	t.Chdir(dir)
	if code, _, stderr := run(t, nil, "", "ledger", "verify"); code != exitUsage || !strings.Contains(stderr, "ims.db") {
		t.Errorf("ledger verify with the default database: exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "ims.db")); err == nil {
		t.Fatal("ledger verify created ims.db in the current directory")
	}

	// migrate is the command that creates it; then the others work.
	if code, _, stderr := run(t, env, "", "migrate"); code != exitOK {
		t.Fatalf("migrate: exit %d %q", code, stderr)
	}
	if code, out, stderr := run(t, env, "", "ledger", "verify"); code != exitOK {
		t.Errorf("ledger verify after migrate: exit %d %q %q", code, out, stderr)
	}
}
