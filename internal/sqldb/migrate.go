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

func (db *DB) migrationProvider() (*goose.Provider, error) {
	dialect := goose.DialectSQLite3
	if db.Engine == Postgres {
		dialect = goose.DialectPostgres
	}
	dir, err := fs.Sub(migrations, "migrations/"+string(db.Engine))
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
