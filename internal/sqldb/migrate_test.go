package sqldb_test

import (
	"context"
	"testing"

	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

func TestMigrationsCurrent(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ok, err := db.MigrationsCurrent(context.Background())
		if err != nil || !ok {
			t.Fatalf("MigrationsCurrent after Migrate = %v, %v", ok, err)
		}
		n, err := db.Migrate(context.Background())
		if err != nil || n != 0 {
			t.Fatalf("second Migrate applied %d, %v; want 0", n, err)
		}
	})
}
