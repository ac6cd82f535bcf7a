package payments_test

import (
	"context"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/psp/govukpaysim"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// TestJournalledMoneyCannotBeRefunded journals £10.00 of a £35.00 card payment line to another fund:
// only £25.00 of the line is left to refund (SPEC §6: the line amount less refunds less amounts
// journalled away). Once the journal is undone, the £10.00 can be refunded again.
func TestJournalledMoneyCannotBeRefunded(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		id := r.paidBasket(t, "p1")
		var entry int64
		var fund, ref string
		must(t, db.SQL.QueryRow(`SELECT e.id, e.fund, e.reference FROM ledger_entries e JOIN postings p ON p.id = e.posting_id
			WHERE p.source_ref = $1 AND e.line = 1`, id).Scan(&entry, &fund, &ref))
		journal, err := ledger.New(db).Post(ctx, ims.System(), ims.NewPosting{Kind: ims.PostingJournal, Source: ims.SourceStaff,
			Narrative: "Paid to the wrong fund", Entries: []ims.NewLedgerEntry{
				{Kind: ims.EntryJournalDebit, Fund: fund, Reference: ref, MOP: "90", Amount: -1000, LinksEntry: entry},
				{Kind: ims.EntryJournalCredit, Fund: "19", Reference: "SI/26/00402", MOP: "90", Amount: 1000}}})
		must(t, err)

		status, body := r.apiRefund(t, id, "r1", `{"reason":"Paid twice","lines":[{"line":1,"amount":"25.01"}]}`)
		if errs, _ := body["errors"].(map[string]any); status != 422 || errs["lines[0].amount"] == nil {
			t.Fatalf("refund of 25.01 of a 35.00 line 10.00 of which was journalled away: %d %v; want 422 on lines[0].amount", status, body)
		}
		if status, body := r.apiRefund(t, id, "r2", `{"reason":"Paid twice","lines":[{"line":1,"amount":"25.00"}]}`); status != 201 {
			t.Fatalf("refund of the 25.00 left: %d %v", status, body)
		}

		// Undo the journal: its debit no longer counts, so the 10.00 is refundable again.
		journal, err = db.PostingByReceipt(ctx, journal.ReceiptNumber) // with its entries' ids
		must(t, err)
		_, err = ledger.New(db).Post(ctx, ims.System(), ims.UndoPosting(ims.JournalRecord{ID: 1, Kind: ims.KindOfJournal}, journal, ""))
		must(t, err)
		if status, body := r.apiRefund(t, id, "r3", `{"reason":"Paid twice","lines":[{"line":1,"amount":"10.01"}]}`); status != 422 {
			t.Errorf("refund of 10.01 after the undo: %d %v; want 422", status, body)
		}
		if status, body := r.apiRefund(t, id, "r4", `{"reason":"Paid twice","lines":[{"line":1,"amount":"10.00"}]}`); status != 201 {
			t.Errorf("refund of the 10.00 the undone journal gave back: %d %v", status, body)
		}
	})
}
