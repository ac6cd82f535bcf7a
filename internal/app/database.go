package app

import (
	"context"

	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/secretbox"
	"github.com/ims-council/ims/internal/sqldb"
)

// OpenDatabase opens cfg's database as every command uses it: with the pool size, the VAT rounding
// and, when cfg has a secret key, the box that seals stored provider secrets. It neither creates
// tables nor checks migrations.
func OpenDatabase(ctx context.Context, cfg config.Config) (*sqldb.DB, error) {
	db, err := sqldb.OpenWithPool(ctx, cfg.DatabaseURL, sqldb.Pool{MaxConns: cfg.DBMaxConns})
	if err != nil {
		return nil, err
	}
	db.Rounding = cfg.VATRounding
	if cfg.SecretKey != "" {
		if db.Secrets, err = secretbox.New(cfg.SecretKey); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}
