package main

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
)

// openLedger opens the database through sqldb, migrates it and adds the reference data the generated
// lines name. On SQLite it swaps sqldb's pool for one with the same settings plus the bench's page
// cache and WAL size limit (and synchronous=FULL for a durable measurement), so the ledger is
// measured under the settings of its baseline.
func openLedger(ctx context.Context, d *database) (*sqldb.DB, error) {
	db, err := sqldb.Open(ctx, d.url)
	if err != nil {
		return nil, err
	}
	if d.engine == sqldb.SQLite {
		pool, err := d.openPool(ctx)
		if err == nil {
			err = checkSameSQLiteSettings(ctx, db.SQL, pool, d.durable)
		}
		db.SQL.Close()
		if err != nil {
			if pool != nil {
				pool.Close()
			}
			return nil, err
		}
		db.SQL = pool
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrating: %w", err)
	}
	if err := seed(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("adding reference data: %w", err)
	}
	return db, nil
}

// checkSameSQLiteSettings fails when the bench pool's connections differ from sqldb.Open's in a
// setting that affects write speed, so a change to sqldb.Open cannot silently make the bench
// measure something else. A durable pool differs in synchronous on purpose (see sqliteDSN).
func checkSameSQLiteSettings(ctx context.Context, app, bench *sql.DB, durable bool) error {
	names := []string{"journal_mode", "busy_timeout", "foreign_keys"}
	if !durable {
		names = append(names, "synchronous")
	}
	for _, name := range names {
		a, err := setting(ctx, app, sqldb.SQLite, name)
		if err != nil {
			return err
		}
		b, err := setting(ctx, bench, sqldb.SQLite, name)
		if err != nil {
			return err
		}
		if a != b {
			return fmt.Errorf("sqldb.Open sets %s=%s but the bench pool has %s=%s: update sqliteDSN in bench/database.go", name, a, name, b)
		}
	}
	return nil
}

// seed adds the VAT codes, funds and method of payment that genLine uses.
func seed(ctx context.Context, db *sqldb.DB) error {
	p := ims.System()
	for _, v := range []ims.VATCode{{Code: "W0", Name: "Standard", Rate: 2000}, {Code: "M0", Name: "Outside scope"}} {
		if err := refdata.Put(ctx, p, db.VATCodes(), v); err != nil {
			return err
		}
	}
	for _, f := range []ims.Fund{{Code: "23", Name: "Council Tax", VATCode: "M0"}, {Code: "11", Name: "Parking", VATCode: "M0"},
		{Code: "13", Name: "Misc cash", VATCode: "W0"}} {
		if err := refdata.Put(ctx, p, db.Funds(), f); err != nil {
			return err
		}
	}
	return refdata.Put(ctx, p, db.MOPs(), ims.MOP{Code: "AP", Name: "Allpay", Kind: ims.KindPaymentNetwork})
}
