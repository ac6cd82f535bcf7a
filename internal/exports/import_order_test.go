package exports_test

import (
	"context"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// An import's posting takes its id when it starts and its place in the chain when it commits
// (ADR 36): an export run while it writes takes the card payments committed meanwhile, whose ids
// are higher, and the next run still takes the import.
func TestAnImportCommittedAfterAnExportGoesInTheNext(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		if db.Engine == sqldb.SQLite {
			t.Skip("SQLite has one writer: nothing commits while an import writes")
		}
		s := rig(t, db, "")
		ctx := context.Background()
		_, err := s.Run(ctx, finance, "GL")
		must(t, err)
		np := ims.NewPosting{Kind: ims.PostingImport, Source: ims.SourceImport, SourceRef: "1", Office: "CO",
			Entries: []ims.NewLedgerEntry{{Kind: ims.EntryImport, Fund: "23", Reference: "400123451", MOP: "BK", Amount: 700},
				{Kind: ims.EntryImport, Fund: "23", Reference: "400123451", MOP: "BK", Amount: 800}}}
		var during []ims.ExportBatch
		err = db.InBulkTx(ctx, func(tx *sqldb.Tx) error {
			st, err := tx.StreamPosting(ctx, np.Posting(ims.System().Actor(), tx.Now(), tx.Zone()))
			if err != nil {
				return err
			}
			refs, err := tx.PostingRefs(ctx, np)
			if err != nil {
				return err
			}
			built, err := ims.BuildEntries(np, st.Posting(), refs, tx.Rounding())
			if err != nil {
				return err
			}
			if err := st.Write(ctx, built); err != nil {
				return err
			}
			pay(t, db, "23", "400123451", "BK", 500)
			if during, err = s.Run(ctx, finance, "GL"); err != nil {
				return err
			}
			_, err = st.Finish(ctx, ims.System())
			return err
		})
		must(t, err)
		if len(during) != 1 || during[0].Entries != 1 {
			t.Fatalf("the run during the import made %+v; want one batch of the card payment's entry", during)
		}
		after, err := s.Run(ctx, finance, "GL")
		must(t, err)
		if len(after) != 1 || after[0].Entries != 2 {
			t.Fatalf("the run after the import made %+v; want one batch of the import's two entries", after)
		}
	})
}
