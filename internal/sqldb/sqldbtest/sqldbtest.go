// Package sqldbtest opens fresh, migrated IMS databases for tests, on SQLite and on PostgreSQL.
// Each is a copy of a template migrated once (template.go), not migrated anew.
//
// PostgreSQL tests use the server named by IMS_TEST_POSTGRES_URL (scripts/test.sh starts a
// throwaway one). Without it they are skipped, except under CI=true, where a skip is a failure.
package sqldbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ims-council/ims/internal/sqldb"
)

// Engines runs fn once per engine, each as a subtest with its own fresh, migrated database. The
// subtests run in parallel (t.Parallel): each has a database of its own, so fn must share nothing
// else with the other engine's run, and the test calling Engines must do nothing after it (the
// subtests run once the test's function has returned).
func Engines(t *testing.T, fn func(t *testing.T, db *sqldb.DB)) {
	t.Helper()
	for _, engine := range []sqldb.Engine{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			fn(t, Open(t, engine))
		})
	}
}

// Open returns a fresh, migrated database of the given engine, closed and removed when the test ends.
// Its clock is a *Clock set to a fixed time.
func Open(t testing.TB, engine sqldb.Engine) *sqldb.DB {
	t.Helper()
	dbURL := MigratedURL(t, engine)
	ctx := context.Background()
	db, err := sqldb.Open(ctx, dbURL)
	if err != nil {
		t.Fatalf("opening %s: %v", engine, err)
	}
	t.Cleanup(func() { db.Close() })
	// A copy of the template has nothing to apply; this keeps Open right should Migrate ever do
	// more than the migration files say.
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrating %s: %v", engine, err)
	}
	db.Clock = NewClock(time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC))
	return db
}

// MigratedURL creates a database of the given engine holding every migration (and nothing else) for
// one test, and returns its IMS_DATABASE_URL. It is a copy of a template migrated once, which is
// much faster than migrating each test's database.
func MigratedURL(t testing.TB, engine sqldb.Engine) string {
	t.Helper()
	if engine == sqldb.SQLite {
		image, err := sqliteImage()
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "ims.db")
		if err := os.WriteFile(path, image, 0o600); err != nil {
			t.Fatal(err)
		}
		return "sqlite:" + path
	}
	base := postgresBase(t)
	template, err := postgresTemplate(base)
	if err != nil {
		t.Fatalf("PostgreSQL template database: %v", err)
	}
	return createPostgres(t, base, "TEMPLATE "+template)
}

// URL creates an empty database of the given engine for one test and returns its IMS_DATABASE_URL,
// for tests of what happens before `ims migrate`; MigratedURL gives a migrated one.
func URL(t testing.TB, engine sqldb.Engine) string {
	t.Helper()
	if engine == sqldb.SQLite {
		return "sqlite:" + filepath.Join(t.TempDir(), "ims.db")
	}
	return createPostgres(t, postgresBase(t), "")
}

// postgresBase returns IMS_TEST_POSTGRES_URL, skipping the test without it (failing it under CI).
func postgresBase(t testing.TB) string {
	t.Helper()
	base := os.Getenv("IMS_TEST_POSTGRES_URL")
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("IMS_TEST_POSTGRES_URL is not set: PostgreSQL tests must run in CI (use scripts/test.sh)")
		}
		t.Skip("IMS_TEST_POSTGRES_URL is not set; run scripts/test.sh to test on PostgreSQL too")
	}
	return base
}

// createPostgres creates a database with a random name on the server at base, with the given
// CREATE DATABASE options, drops it when the test ends, and returns its URL.
func createPostgres(t testing.TB, base, options string) string {
	t.Helper()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var b [6]byte
	rand.Read(b[:])
	name := "ims_test_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec("CREATE DATABASE " + name + " " + options); err != nil {
		t.Fatalf("creating test database: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer admin.Close()
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	dbURL, err := withDatabase(base, name)
	if err != nil {
		t.Fatal(err)
	}
	return dbURL
}

// Deadlocks returns how many deadlocks PostgreSQL has detected in the database at dbURL. A session
// reports its count when it is idle for a while or when it ends, so Deadlocks first waits (up to ten
// seconds) until every other session on the database has ended: close the code under test first.
func Deadlocks(t testing.TB, dbURL string) int64 {
	t.Helper()
	conn, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var others int
		if err := conn.QueryRow(`SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`).Scan(&others); err != nil {
			t.Fatal(err)
		}
		if others == 0 {
			break
		}
	}
	var n int64
	if _, err := conn.Exec(`SELECT pg_stat_clear_snapshot()`); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(`SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Clock is a settable clock for tests; it is safe for concurrent use.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
