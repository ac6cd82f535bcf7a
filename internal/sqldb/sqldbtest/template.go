package sqldbtest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/ims-council/ims/internal/sqldb"
)

// Migrating a database costs far more than copying one (on PostgreSQL about a second per test
// database), so each engine's migrations are applied once, to a template, and every test database
// is a copy of it. The templates are made at most once per test binary: these hold the result.
var (
	postgresTemplates sync.Map // base URL → *templateResult holding the template database's name
	sqliteTemplate    templateResult
)

type templateResult struct {
	once  sync.Once
	name  string // PostgreSQL: the template database
	image []byte // SQLite: the migrated database file
	err   error
}

// templateLockKey is the PostgreSQL advisory lock held while a template is looked for or made.
// go test runs the test binaries of several packages at once against one cluster: one makes the
// template while the others wait, then find it made.
const templateLockKey = 0x1a5_7e3a_1a7e

// postgresTemplate returns the name of a database on the server at base that holds every migration,
// made by whichever test binary needs it first and then re-used by every test binary (its name is
// the digest of the migration files, so a change to them makes a new one). It is a template
// that takes no connections, so that CREATE DATABASE … TEMPLATE never finds it in use.
func postgresTemplate(base string) (string, error) {
	v, _ := postgresTemplates.LoadOrStore(base, &templateResult{})
	r := v.(*templateResult)
	r.once.Do(func() {
		digest, err := migrationsDigest(sqldb.Postgres)
		if err != nil {
			r.err = err
			return
		}
		r.name = "ims_template_" + digest
		r.err = makePostgresTemplate(base, r.name)
	})
	return r.name, r.err
}

// makePostgresTemplate makes the template database name on the server at base unless it exists.
func makePostgresTemplate(base, name string) error {
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return err
	}
	defer admin.Close()
	conn, err := admin.Conn(ctx) // advisory locks belong to a session: lock and unlock on this one
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, templateLockKey); err != nil {
		return fmt.Errorf("locking the template: %w", err)
	}
	defer conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1)`, templateLockKey)

	var exists bool
	if err := conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	// Built under another name and renamed when complete, so a binary that dies while migrating
	// leaves no half-made template behind under the name the others look for.
	building := name + "_building"
	if _, err := conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+building+" WITH (FORCE)"); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+building); err != nil {
		return fmt.Errorf("creating the template: %w", err)
	}
	dbURL, err := withDatabase(base, building)
	if err != nil {
		return err
	}
	if err := migrate(ctx, dbURL); err != nil {
		return fmt.Errorf("migrating the template: %w", err)
	}
	// The migration's sessions may still be ending on the server, and a database in use cannot
	// be renamed: try for a few seconds.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		_, err = conn.ExecContext(ctx, "ALTER DATABASE "+building+" RENAME TO "+name)
		if err == nil || time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("naming the template: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "ALTER DATABASE "+name+" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false"); err != nil {
		return err
	}
	return nil
}

// sqliteImage returns the bytes of a migrated SQLite database file, made once per test binary.
func sqliteImage() ([]byte, error) {
	r := &sqliteTemplate
	r.once.Do(func() { r.image, r.err = makeSQLiteImage() })
	return r.image, r.err
}

func makeSQLiteImage() ([]byte, error) {
	dir, err := os.MkdirTemp("", "ims-sqlite-template-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "ims.db")
	if err := migrate(context.Background(), "sqlite:"+path); err != nil {
		return nil, fmt.Errorf("migrating the SQLite template: %w", err)
	}
	return os.ReadFile(path)
}

// migrate applies every migration to the database at dbURL and closes it. On SQLite the write-ahead
// log is folded into the database file first, so that the file alone is the whole database.
func migrate(ctx context.Context, dbURL string) error {
	db, err := sqldb.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	_, err = db.Migrate(ctx)
	if err == nil && db.Engine == sqldb.SQLite {
		_, err = db.SQL.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

// migrationsDigest returns a short hex digest of the engine's migration files: their names and
// contents, in order.
func migrationsDigest(engine sqldb.Engine) (string, error) {
	files, err := sqldb.Migrations(engine)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	err = fs.WalkDir(files, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(files, path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", path, len(b))
		h.Write(b)
		return nil
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// withDatabase returns the PostgreSQL URL base with its database replaced by name.
func withDatabase(base, name string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}
