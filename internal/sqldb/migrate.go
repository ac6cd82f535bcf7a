package sqldb

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
)

//go:embed migrations
var migrations embed.FS

// Migrations returns the engine's migration files, as Migrate applies them. Tests hash them to
// tell whether a migrated template database is still current.
func Migrations(engine Engine) (fs.FS, error) {
	return fs.Sub(migrations, "migrations/"+string(engine))
}

func (db *DB) migrationProvider() (*goose.Provider, error) {
	dialect := goose.DialectSQLite3
	if db.Engine == Postgres {
		dialect = goose.DialectPostgres
	}
	dir, err := Migrations(db.Engine)
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(dialect, db.SQL, dir)
}

// Migrate applies every pending migration and returns how many it applied.
func (db *DB) Migrate(ctx context.Context) (int, error) {
	p, err := db.migrationProvider()
	if err != nil {
		return 0, err
	}
	results, err := p.Up(ctx)
	if err != nil {
		return len(results), fmt.Errorf("migrating: %w", err)
	}
	return len(results), nil
}

// MigrationsCurrent reports whether the database has every migration this binary knows, as
// /readyz needs: an instance must not serve a schema it does not expect.
func (db *DB) MigrationsCurrent(ctx context.Context) (bool, error) {
	p, err := db.migrationProvider()
	if err != nil {
		return false, err
	}
	pending, err := p.HasPending(ctx)
	if err != nil {
		return false, err
	}
	return !pending, nil
}
