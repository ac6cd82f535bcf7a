package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver for database/sql
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"github.com/ims-council/ims/internal/sqldb"
)

// SQLite's page cache and WAL size limit for every measurement (SPEC §13 measures SQLite with "a
// large page cache and a WAL size limit"). sqldb.Open sets neither, so the ledger measurements open
// their own pool with these added; see openLedger.
const (
	sqliteCacheKiB      = 64 * 1024 // 64 MiB: room for the hot index pages of a million-row import
	sqliteWALLimitBytes = 64 << 20
)

// A database is a fresh, empty database made for one measurement and removed after it.
type database struct {
	engine  sqldb.Engine
	url     string // in IMS_DATABASE_URL form: sqlite:PATH or postgres://…
	path    string // the SQLite file
	durable bool   // commits must be durable: see measurement.durable
	remove  func()
}

// freshDatabase creates an empty database on cfg's engine: a SQLite file in a new directory under
// the work directory, or a new PostgreSQL database on the server at cfg.pgURL.
func freshDatabase(ctx context.Context, cfg config) (*database, error) {
	if cfg.engine == sqldb.SQLite {
		dir, err := os.MkdirTemp(cfg.workdir, "sqlite-")
		if err != nil {
			return nil, err
		}
		path := filepath.Join(dir, "bench.db")
		return &database{engine: sqldb.SQLite, url: "sqlite:" + path, path: path, durable: cfg.durable,
			remove: func() { os.RemoveAll(dir) }}, nil
	}
	if cfg.pgURL == "" {
		return nil, fmt.Errorf("IMS_BENCH_POSTGRES_URL is not set")
	}
	var b [6]byte
	rand.Read(b[:])
	name := "ims_bench_" + hex.EncodeToString(b[:])
	if err := pgAdmin(ctx, cfg.pgURL,
		"CREATE DATABASE "+name,
		// A throwaway test cluster runs with synchronous_commit off; commits are measured with
		// PostgreSQL's default instead, for every session of this database. (fsync and
		// full_page_writes are server-wide: describe reports them and refuses a durable
		// measurement on a server that has them off.)
		"ALTER DATABASE "+name+" SET synchronous_commit = on"); err != nil {
		return nil, err
	}
	u, err := url.Parse(cfg.pgURL)
	if err != nil {
		return nil, err
	}
	u.Path = "/" + name
	return &database{engine: sqldb.Postgres, url: u.String(), durable: cfg.durable, remove: func() {
		pgAdmin(context.Background(), cfg.pgURL, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	}}, nil
}

// pgAdmin runs statements on the server's maintenance database.
func pgAdmin(ctx context.Context, pgURL string, stmts ...string) error {
	conn, err := pgx.Connect(ctx, pgURL)
	if err != nil {
		return fmt.Errorf("connecting to PostgreSQL: %w", err)
	}
	defer conn.Close(ctx)
	for _, s := range stmts {
		if _, err := conn.Exec(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

// openPool opens a database/sql pool on the database: for SQLite with the settings sqldb.Open uses
// (synchronous=FULL instead for a durable measurement) plus the bench's page cache and WAL size
// limit; for PostgreSQL as sqldb.Open does. It keeps as many idle connections as sqldb.Open's pool:
// with database/sql's default of 2, eight writers closed and opened connections all the time (a
// new PostgreSQL backend, or SQLite parsing the schema again), which slowed the baseline of every
// measurement of concurrent writers and the ledger they are compared with.
func (d *database) openPool(ctx context.Context) (*sql.DB, error) {
	var db *sql.DB
	var err error
	if d.engine == sqldb.SQLite {
		db, err = sql.Open("sqlite", sqliteDSN(d.path, d.durable))
	} else {
		db, err = sql.Open("pgx", d.url)
	}
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(sqldb.DefaultMaxConns)
	db.SetMaxIdleConns(sqldb.DefaultMaxConns)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// sqliteDSN returns the modernc.org/sqlite DSN for a bench pool: the pragmas and transaction lock of
// sqldb.Open (internal/sqldb/db.go; checkSameSQLiteSettings catches drift) plus the page cache and
// WAL size limit. Pragmas in the DSN run on every new connection of the pool.
//
// IMS ships with synchronous=NORMAL, under which a WAL commit is not synced: it survives a crash of
// the process but not of the machine, and a commit costs no fsync. A durable pool uses
// synchronous=FULL, which syncs the WAL at every commit, so that commit-bound measurements measure
// durable commits on both sides of their ratio.
func sqliteDSN(path string, durable bool) string {
	sync := "NORMAL"
	if durable {
		sync = "FULL"
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous("+sync+")")
	q.Add("_pragma", fmt.Sprintf("cache_size(-%d)", sqliteCacheKiB))
	q.Add("_pragma", fmt.Sprintf("journal_size_limit(%d)", sqliteWALLimitBytes))
	q.Add("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

// describe writes into res the settings a connection of db runs with, for the output, since the
// same figure means little under different settings: Durability the ones a commit's durability
// depends on, Settings those and the cache settings. For a durable database it fails unless every
// commit is synced to disk, rather than report a commit rate that is not one.
func (d *database) describe(ctx context.Context, db *sql.DB, res *Result) error {
	durability := []string{"synchronous_commit", "fsync", "full_page_writes"}
	others := []string{"wal_sync_method", "shared_buffers"}
	durable := map[string]string{"synchronous_commit": "on", "fsync": "on", "full_page_writes": "on"}
	if d.engine == sqldb.SQLite {
		durability = []string{"journal_mode", "synchronous"}
		others = []string{"cache_size", "journal_size_limit", "busy_timeout", "foreign_keys"}
		durable = map[string]string{"journal_mode": "wal", "synchronous": "full"}
	}
	var dur, all, notDurable []string
	for i, n := range append(durability, others...) {
		v, err := setting(ctx, db, d.engine, n)
		if err != nil {
			return err
		}
		if i < len(durability) {
			dur = append(dur, n+"="+v)
			if v != durable[n] {
				notDurable = append(notDurable, n+"="+v)
			}
		}
		all = append(all, n+"="+v)
	}
	if d.durable && len(notDurable) > 0 {
		hint := "; scripts/bench.sh starts a PostgreSQL server with durable settings"
		if d.engine == sqldb.SQLite {
			hint = " (see sqliteDSN)"
		}
		return fmt.Errorf("a commit-bound measurement needs durable commits, but the %s database runs with %s (want %s)%s",
			d.engine, strings.Join(notDurable, ", "), wantSettings(durability, durable), hint)
	}
	res.Durability, res.Settings = strings.Join(dur, ","), strings.Join(all, " ")
	return nil
}

// wantSettings writes the durable value of each setting, in order.
func wantSettings(names []string, want map[string]string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n + "=" + want[n]
	}
	return strings.Join(parts, ", ")
}

// setting reads one pragma (SQLite) or run-time parameter (PostgreSQL).
func setting(ctx context.Context, db *sql.DB, engine sqldb.Engine, name string) (string, error) {
	var v string
	q := "SHOW " + name
	if engine == sqldb.SQLite {
		q = "PRAGMA " + name
	}
	if err := db.QueryRowContext(ctx, q).Scan(&v); err != nil {
		return "", fmt.Errorf("reading %s: %w", name, err)
	}
	if engine == sqldb.SQLite && name == "synchronous" {
		// SQLite reports the level as a number.
		if i := strings.IndexByte("0123", v[0]); len(v) == 1 && i >= 0 {
			v = []string{"off", "normal", "full", "extra"}[i]
		}
	}
	return v, nil
}
