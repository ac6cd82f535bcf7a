package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/ims-council/ims/internal/app"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/sqldb"
)

// openDatabase reads the configuration and opens its database. Unless unmigrated is allowed (for
// migrate itself and the demo, which migrate) it refuses a database whose migrations are not
// current, so no command works on a schema it does not expect, and it refuses a SQLite file that
// does not exist rather than create an empty one.
func (m *Main) openDatabase(ctx context.Context, defaultURL string, allowUnmigrated bool) (*sqldb.DB, config.Config, error) {
	cfg, err := m.config(defaultURL)
	if err != nil {
		return nil, cfg, err
	}
	if !allowUnmigrated {
		if err := requireSQLiteFile(cfg.DatabaseURL); err != nil {
			return nil, cfg, err
		}
	}
	db, err := app.OpenDatabase(ctx, cfg)
	if err != nil {
		return nil, cfg, err
	}
	if allowUnmigrated {
		return db, cfg, nil
	}
	if current, err := db.MigrationsCurrent(ctx); err != nil || !current {
		db.Close()
		return nil, cfg, fmt.Errorf("the database is not migrated to this version: run ims migrate first")
	}
	return db, cfg, nil
}

// config reads the configuration from the environment, with defaultURL as the database when
// IMS_DATABASE_URL is not set.
func (m *Main) config(defaultURL string) (config.Config, error) {
	cfg, err := config.FromEnv(m.Getenv)
	if err == nil && cfg.DatabaseURL == "" {
		cfg.DatabaseURL = defaultURL
	}
	return cfg, err
}

const defaultDatabaseURL = "sqlite:ims.db"

// requireSQLiteFile refuses a SQLite database URL whose file does not exist. Opening it would create
// an empty database, which the next command calls unmigrated and where, say, a new API client's token
// would be stored out of reach of the server using the real database.
func requireSQLiteFile(dbURL string) error {
	path, ok := sqldb.SQLiteFile(dbURL)
	if !ok {
		return nil
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("there is no database at %s: run ims migrate to create it, or set IMS_DATABASE_URL to the database you mean (the demo's is sqlite:ims-demo.db)", path)
	}
	return nil
}
