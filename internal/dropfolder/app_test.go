package dropfolder_test

import (
	"context"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/app/apptest"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// The application watches IMS_IMPORT_DIR from RunBackground, and the import's background job (on
// River) posts the file: the wiring ims serve runs.
func TestTheApplicationImportsAFileDroppedInIMSImportDir(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		a, _ := apptest.ServeConfig(t, db, config.Config{ImportDir: e.dir, ImportPollInterval: interval})
		stop, err := a.RunBackground(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(stop) // before the application closes
		e.drop(t, "from-the-bank.csv", csvHeader+csvLine(3)+csvLine(4)+csvLine(5))
		rep := e.waitFor(t, "done", 1)[0]
		if rep.State != ims.ImportPosted || rep.Totals.Ledger.Count != 3 || rep.Receipt == "" {
			t.Fatalf("report %+v, want posted with 3 lines to the ledger and a receipt", rep)
		}
	})
}
