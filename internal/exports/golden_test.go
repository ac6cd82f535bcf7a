package exports_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

var update = flag.Bool("update", false, "rewrite the golden export files in testdata/golden")

// TestDemoLayoutsGolden writes two days of the demo council's takings through each demo layout and
// compares every file with its golden copy, byte for byte, on both engines: the same ledger gives
// the same files whatever the database.
func TestDemoLayoutsGolden(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		dir := t.TempDir()
		s := rig(t, db, dir)
		db.Clock.(*sqldbtest.Clock).Set(time.Date(2026, 3, 9, 10, 15, 0, 0, time.UTC))
		pay(t, db, "23", "100000125", "90", 12550)
		pay(t, db, "23", "100000137", "1", 4000)
		pay(t, db, "5", "51000123017", "24", 45600)
		pay(t, db, "13", "INV-2231", "BK", 12000) // standard-rated: VAT in the journal
		advance(db, 24*time.Hour)
		pay(t, db, "24", "200000116", "BK", 250000)
		pay(t, db, "5", "51000123029", "1", 3000)
		pay(t, db, "11", "BJ12345678", "91", 7000)
		pay(t, db, "23", "100000125", "90", -2550) // a refund: negative in every layout
		advance(db, 2*time.Hour)
		made, err := s.Run(ctx, finance, "")
		must(t, err)
		if len(made) != 3 {
			t.Fatalf("made %d batches, want one for each demo target: %+v", len(made), made)
		}
		for _, b := range made {
			_, content, err := s.Batch(ctx, finance, b.ID)
			must(t, err)
			written, err := os.ReadFile(filepath.Join(dir, b.FileName))
			must(t, err)
			if string(written) != string(content) {
				t.Errorf("%s: the file in the export folder differs from the batch kept", b.ID)
			}
			golden := filepath.Join("testdata", "golden", b.FileName)
			if *update && db.Engine == sqldb.SQLite {
				must(t, os.WriteFile(golden, content, 0o644))
				continue
			}
			want, err := os.ReadFile(golden)
			must(t, err)
			if string(content) != string(want) {
				t.Errorf("%s differs from %s:\n%s\nwant:\n%s", b.ID, golden, content, want)
			}
		}
		if got := ids(made); got != "CTAX-000001 GL-000001 RENTS-000001" {
			t.Errorf("batches %s", got)
		}
	})
}

func ids(bs []ims.ExportBatch) string {
	s := ""
	for i, b := range bs {
		if i > 0 {
			s += " "
		}
		s += b.ID
	}
	return s
}
