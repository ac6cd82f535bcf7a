package main

import (
	"context"
	"fmt"

	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/secretbox"
	"github.com/ims-council/ims/internal/sqldb"
)

// openDatabase reads the configuration and opens its database. Unless unmigrated is allowed (for
// migrate itself) it refuses a database whose migrations are not current, so no command works on a
// schema it does not expect.
func (m *Main) openDatabase(ctx context.Context, defaultURL string, allowUnmigrated bool) (*sqldb.DB, config.Config, error) {
	cfg, err := config.FromEnv(m.Getenv)
	if err != nil {
		return nil, cfg, err
	}
	if cfg.DatabaseURL == "" {
		cfg.DatabaseURL = defaultURL
	}
	db, err := sqldb.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, cfg, err
	}
	db.Rounding = cfg.VATRounding
	if cfg.SecretKey != "" {
		if db.Secrets, err = secretbox.New(cfg.SecretKey); err != nil {
			db.Close()
			return nil, cfg, err
		}
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

const defaultDatabaseURL = "sqlite:ims.db"
