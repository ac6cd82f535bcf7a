package sqldb_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/money"
)

// streamPosting writes np as an import does: a streamed posting in a bulk transaction, its entries
// first; meanwhile runs after they are written and before the posting takes its place in the chain.
func streamPosting(t *testing.T, db *sqldb.DB, np ims.NewPosting, meanwhile func()) ims.Posting {
	t.Helper()
	ctx := context.Background()
	var po ims.Posting
	err := db.InBulkTx(ctx, func(tx *sqldb.Tx) error {
		s, err := tx.StreamPosting(ctx, np.Posting(system.Actor(), tx.Now(), tx.Zone()))
		if err != nil {
			return err
		}
		refs, err := tx.PostingRefs(ctx, np)
		if err != nil {
			return err
		}
		built, err := ims.BuildEntries(np, s.Posting(), refs, tx.Rounding())
		if err != nil {
			return err
		}
		if err := s.Write(ctx, built); err != nil {
			return err
		}
		meanwhile()
		po, err = s.Finish(ctx, system)
		return err
	})
	must(t, err)
	return po
}

func importLines(n int) ims.NewPosting {
	np := ims.NewPosting{Kind: ims.PostingImport, Source: ims.SourceImport, SourceRef: "1"}
	for i := range n {
		np.Entries = append(np.Entries, ims.NewLedgerEntry{Kind: ims.EntryImport, Fund: "23",
			Reference: fmt.Sprintf("REF%d", i), MOP: "1", Amount: money.Pence(100 + i)})
	}
	return np
}

// A card payment posted while a large import writes its entries is not held back until the import
// commits (ADR 36): the import takes its place in the chain only at its end. The chain then runs
// in commit order, not id order, and verifies.
func TestStreamedPostingDoesNotHoldOtherPostings(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		if db.Engine == sqldb.SQLite {
			t.Skip("SQLite has one writer: every posting waits for the import's transaction")
		}
		seedLedgerData(t, db)
		ctx := context.Background()
		_, err := ledger.New(db).Post(ctx, system, payment("1.00"))
		must(t, err)
		var card ims.Posting
		imported := streamPosting(t, db, importLines(50), func() {
			pctx, cancel := context.WithTimeout(ctx, 20*time.Second)
			defer cancel()
			var err error
			card, err = ledger.New(db).Post(pctx, system, payment("2.00"))
			if err != nil {
				t.Errorf("a card payment during the import: %v (it waited for the import)", err)
			}
		})
		if imported.ID >= card.ID || imported.ChainSeq <= card.ChainSeq {
			t.Errorf("import id %d chain %d, card payment id %d chain %d: want the import's id first and its place in the chain last",
				imported.ID, imported.ChainSeq, card.ID, card.ChainSeq)
		}
		rep, err := db.VerifyLedger(ctx)
		must(t, err)
		if rep.BrokenAt != 0 || rep.Postings != 3 {
			t.Fatalf("verify = %+v; want 3 intact postings", rep)
		}
	})
}

// A streamed posting is hashed over a digest of its entries (form 2): a changed entry, or a
// posting moved in the chain, is found as in any other posting.
func TestVerifyNamesATamperedStreamedPosting(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"amount changed":  `UPDATE ledger_entries SET amount = 1 WHERE posting_id = %d AND line = 7`,
		"entry removed":   `DELETE FROM ledger_entries WHERE posting_id = %d AND line = 3`,
		"form changed":    `UPDATE postings SET hash_form = 1 WHERE id = %d`,
		"place exchanged": `UPDATE postings SET chain_seq = 100 - chain_seq WHERE id IN (%d, 1)`,
	}
	for name, stmt := range cases {
		t.Run(name, func(t *testing.T) {
			sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
				seedLedgerData(t, db)
				ctx := context.Background()
				_, err := ledger.New(db).Post(ctx, system, payment("1.00"))
				must(t, err)
				imported := streamPosting(t, db, importLines(20), func() {})
				_, err = ledger.New(db).Post(ctx, system, payment("3.00"))
				must(t, err)
				rep, err := db.VerifyLedger(ctx)
				must(t, err)
				if rep.BrokenAt != 0 || rep.Postings != 3 {
					t.Fatalf("before tampering: verify = %+v", rep)
				}
				if db.Engine == sqldb.SQLite {
					tamper(t, db, `DROP TRIGGER IF EXISTS postings_no_update`)
				}
				tamper(t, db, fmt.Sprintf(stmt, imported.ID))
				rep, err = db.VerifyLedger(ctx)
				must(t, err)
				if rep.BrokenAt == 0 || rep.Reason == "" {
					t.Fatalf("verify = %+v; want the tampering found", rep)
				}
			})
		})
	}
}

// An entry linked to one that does not exist cannot pass unnoticed: SQLite's key refuses it as it
// is written; PostgreSQL has no key on the link (migration 00031), and verify names the posting.
func TestDanglingLinkIsRefusedOrReported(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		seedLedgerData(t, db)
		ctx := context.Background()
		_, err := ledger.New(db).Post(ctx, system, payment("1.00"))
		must(t, err)
		np := payment("2.00")
		np.Entries[0].LinksEntry = 999
		po, err := ledger.New(db).Post(ctx, system, np)
		if db.Engine == sqldb.SQLite {
			if err == nil {
				t.Fatalf("SQLite wrote posting %d linked to entry 999, which does not exist", po.ID)
			}
			return
		}
		must(t, err)
		rep, err := db.VerifyLedger(ctx)
		must(t, err)
		if rep.BrokenAt != po.ID || !strings.Contains(rep.Reason, "entry 999") {
			t.Fatalf("verify = %+v; want posting %d named for its link to entry 999", rep, po.ID)
		}
	})
}
