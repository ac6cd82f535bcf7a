package sqldb

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Database errors are told apart by the codes the engines give them (PostgreSQL's SQLSTATE, SQLite's
// extended result codes), never by their message text, which changes between versions and languages.

// PostgreSQL SQLSTATEs IMS acts on (https://www.postgresql.org/docs/current/errcodes-appendix.html).
const (
	pgUniqueViolation      = "23505"
	pgForeignKeyViolation  = "23503"
	pgSerializationFailure = "40001"
	pgDeadlockDetected     = "40P01"
	pgRaiseException       = "P0001" // RAISE EXCEPTION without a code: only the append-only triggers raise
)

// sqlState returns err's PostgreSQL SQLSTATE, or "" when err did not come from PostgreSQL.
func sqlState(err error) string {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code
	}
	return ""
}

// sqliteCode returns err's SQLite extended result code, or 0 when err did not come from SQLite.
func sqliteCode(err error) int {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Code()
	}
	return 0
}

// lostToAnotherTransaction reports whether err means the database rolled the transaction back so
// that a concurrent one could go on: a deadlock or a serialization failure. Nothing of it was
// committed, so running the whole transaction again (its reads too) is safe.
func lostToAnotherTransaction(err error) bool {
	switch sqlState(err) {
	case pgDeadlockDetected, pgSerializationFailure:
		return true
	}
	return false
}

// IsDuplicate reports whether err (classified or not) is a duplicate key in a unique index or
// primary key: a record with that key exists already.
func IsDuplicate(err error) bool { return uniqueViolation(err) }

// uniqueViolation reports whether err is a duplicate key in a unique index or primary key.
func uniqueViolation(err error) bool {
	switch sqliteCode(err) {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return true
	}
	return sqlState(err) == pgUniqueViolation
}

// foreignKeyViolation reports whether err is a reference to a missing row, or the removal of a row
// that is still referred to.
func foreignKeyViolation(err error) bool {
	return sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY || sqlState(err) == pgForeignKeyViolation
}

// appendOnlyViolation reports whether a trigger refused the statement. The only triggers that raise
// errors are those keeping postings, ledger entries and audit events append-only.
func appendOnlyViolation(err error) bool {
	return sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT_TRIGGER || sqlState(err) == pgRaiseException
}

// unavailable reports whether err means the database could not be reached or stayed locked by
// another process past the busy timeout.
func unavailable(err error) bool {
	switch sqliteCode(err) & 0xff { // the primary code of any extended BUSY or LOCKED code
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return true
	}
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, sql.ErrConnDone) || errors.Is(err, driver.ErrBadConn)
}
