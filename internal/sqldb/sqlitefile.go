package sqldb

import "strings"

// SQLiteFile returns the file a "sqlite:PATH" database URL names, read as Open reads it, and whether
// the URL names one: false for PostgreSQL URLs and for SQLite's in-memory databases. Commands that
// must not create a database check that the file exists first, because opening SQLite creates it.
func SQLiteFile(dbURL string) (path string, ok bool) {
	if !strings.HasPrefix(dbURL, "sqlite:") {
		return "", false
	}
	path = sqlitePath(dbURL)
	if path == "" || path == ":memory:" {
		return "", false
	}
	return path, true
}

// sqlitePath returns what follows "sqlite:" (or "sqlite://") in a database URL.
func sqlitePath(dbURL string) string {
	return strings.TrimPrefix(strings.TrimPrefix(dbURL, "sqlite:"), "//")
}
