// Package sqldb is the storage kernel of IMS on database/sql, for SQLite (modernc.org/sqlite, pure
// Go) and PostgreSQL (pgx): opening, migrations, transactions (Tx, which the services of the feature
// packages make their units of work with), the hash chains of the ledger and the audit trail, group
// commit, and the SQL that reads what the rules of package ims need and stores what they decide. It
// holds no business rules. One SQL text serves both engines wherever it can; the few differences
// are named by Engine.
package sqldb

import (
	"cmp"
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/secretbox"
	"github.com/ims-council/ims/money"
)

// Engine names a database engine.
type Engine string

// The supported engines.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// DB is an open IMS database with everything its services need: the clock, the Europe/London zone
// for business dates, a source of randomness for receipt numbers, and the VAT rounding mode.
type DB struct {
	SQL      *sql.DB
	Engine   Engine
	Clock    ims.Clock
	London   *time.Location
	Rand     io.Reader
	Rounding money.Rounding
	Secrets  *secretbox.Box // seals provider API keys and webhook secrets; nil refuses to store them
	// Jobs enqueues the background jobs a change causes, in the change's transaction (internal/jobs,
	// on River); nil enqueues none: emails then wait in the outbox.
	Jobs JobQueue
	// Ledger hears of every commit that appended postings (internal/metrics); nil: nobody does.
	Ledger LedgerObserver

	writer *ledgerWriter
	stmts  *stmtCache // SQLite only
	// sqliteWrite serialises this process's SQLite write transactions. SQLite allows one writer;
	// without this, waiting writers poll in SQLite's busy handler, which sleeps up to 100 ms between
	// tries, instead of being woken the moment the writer finishes. One process per SQLite file
	// (documented) makes an in-process lock enough.
	sqliteWrite     sync.Mutex
	apiTokens       apiTokenCache         // apiclients_cache.go
	requestRefs     requestReferenceCache // referencedata_requestcache.go
	versionsAtStart versionsAtStart       // referencedata_atstart.go
	stagedOnRead    stagedOnRead          // audit_staged_onread.go
}

// Pool sizes the connection pool.
type Pool struct {
	// MaxConns is the most connections open at once; every one of them is kept open while idle (up
	// to connMaxIdleTime), so a steady load reuses its connections instead of opening new ones.
	// DefaultMaxConns when zero.
	MaxConns int
}

// DefaultMaxConns is the pool size when none is configured (IMS_DB_MAX_CONNS).
const DefaultMaxConns = 20

// connMaxIdleTime closes a connection unused for this long, so the connections a burst opened are
// given back to PostgreSQL once it has passed.
const connMaxIdleTime = 5 * time.Minute

// Open connects to the database named by a URL: "sqlite:PATH" (PATH may be ":memory:" only for
// throwaway use) or "postgres://…", with a pool of DefaultMaxConns connections. It does not migrate.
func Open(ctx context.Context, dbURL string) (*DB, error) {
	return OpenWithPool(ctx, dbURL, Pool{})
}

// OpenWithPool is Open with the pool sized by pool.
func OpenWithPool(ctx context.Context, dbURL string, pool Pool) (*DB, error) {
	london, err := ims.LondonLocation()
	if err != nil {
		return nil, fmt.Errorf("loading Europe/London: %w", err)
	}
	db := &DB{Clock: ims.SystemClock{}, London: london, Rand: rand.Reader}
	switch {
	case strings.HasPrefix(dbURL, "sqlite:"):
		db.Engine = SQLite
		path := sqlitePath(dbURL)
		if path == "" {
			return nil, fmt.Errorf("IMS_DATABASE_URL %q names no file: use sqlite:PATH", dbURL)
		}
		// Immediate transactions take the write lock at BEGIN, so two writers queue on the busy
		// timeout instead of failing when a reader tries to upgrade. WAL lets readers run alongside.
		q := url.Values{}
		q.Add("_pragma", "busy_timeout(10000)")
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "foreign_keys(1)")
		q.Add("_pragma", "synchronous(NORMAL)")
		q.Add("_txlock", "immediate")
		db.SQL, err = sql.Open("sqlite", "file:"+path+"?"+q.Encode())
		if err != nil {
			return nil, err
		}
		db.stmts = &stmtCache{}
	case strings.HasPrefix(dbURL, "postgres://"), strings.HasPrefix(dbURL, "postgresql://"):
		db.Engine = Postgres
		db.SQL, err = sql.Open("pgx", dbURL)
		if err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("IMS_DATABASE_URL %q is not sqlite:PATH or postgres://…", redact(dbURL))
	}
	// database/sql keeps only 2 idle connections unless told otherwise: under load every other
	// request then opens a connection (and, on SQLite, prepares its statements again) and closes it.
	maxConns := cmp.Or(pool.MaxConns, DefaultMaxConns)
	db.SQL.SetMaxOpenConns(maxConns)
	db.SQL.SetMaxIdleConns(maxConns)
	db.SQL.SetConnMaxIdleTime(connMaxIdleTime)
	if err := db.SQL.PingContext(ctx); err != nil {
		db.SQL.Close()
		return nil, fmt.Errorf("connecting to %s: %w", redact(dbURL), err)
	}
	db.startLedgerWriter()
	return db, nil
}

// Close closes the connection pool.
func (db *DB) Close() error {
	db.stopLedgerWriter()
	if db.stmts != nil {
		db.stmts.close()
	}
	return db.SQL.Close()
}

// now returns the clock's time truncated to microseconds, the precision both engines store, so a
// value hashed before writing is the value read back.
func (db *DB) now() time.Time { return db.Clock.Now().UTC().Truncate(time.Microsecond) }

// redact hides a password in a database URL before it is printed.
func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Ping reports whether the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.SQL.PingContext(ctx) }
