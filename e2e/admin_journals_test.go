package e2e

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/ledger"
)

// The demo journal officer finds a £45.00 cash payment by its receipt, moves £20.00 of it to another
// reference (first with new lines that do not add up, named in the error summary), undoes the
// journal after confirming; the demo transfer officer makes a transfer once its sides balance. Every
// page passes axe-core, the error states included.
func (s *suite) testAdminJournals(t *testing.T) {
	po, err := ledger.New(s.db).Post(context.Background(), ims.System(), ims.NewPosting{Kind: ims.PostingManual, Source: ims.SourceStaff,
		Entries: []ims.NewLedgerEntry{{Kind: ims.EntryPayment, Fund: "13", Reference: "MISC E2E 1", MOP: "1", Amount: 4500}}})
	if err != nil {
		t.Fatal(err)
	}
	var entry int64
	if err := s.db.SQL.QueryRow(`SELECT id FROM ledger_entries WHERE posting_id = $1`, po.ID).Scan(&entry); err != nil {
		t.Fatal(err)
	}
	take := "f-take_" + strconv.FormatInt(entry, 10)

	p := s.page(t)
	s.signIn(t, p, "journal@demo.example")
	p.open(s.srv.URL+"/admin/journals", http.StatusOK)
	p.wantHeading("Journals")
	p.checkAccessible("journals section")
	p.clickText("Make a journal", http.StatusOK)
	p.fill("receipt", "NOSUCH1234")
	p.clickText("Find the receipt", http.StatusNotFound)
	p.wantText(".govuk-error-summary", "No receipt")
	p.checkAccessible("journal form with an unknown receipt")
	p.fill("receipt", po.ReceiptNumber)
	p.clickText("Find the receipt", http.StatusOK)
	p.wantText("main", "MISC E2E 1", "£45.00")
	p.checkAccessible("journal form")

	p.fill(take, "20.00")
	p.chooseFund("f-targets-0-fund_code", "Miscellaneous")
	p.fill("f-targets-0-reference", "MISC E2E 2")
	p.fill("f-targets-0-amount", "25.00")
	p.fill("f-reason", "Paid to the wrong reference")
	p.clickText("Make the journal", http.StatusUnprocessableEntity)
	p.wantText(".govuk-error-summary", "they must be equal")
	p.checkAccessible("journal form with errors")
	p.fill("f-targets-0-amount", "20.00")
	p.clickText("Make the journal", http.StatusOK)
	p.wantText(".govuk-notification-banner--success", "£20.00 moved by journal")
	p.wantText("main", "journal debit", "MISC E2E 2", "-£20.00")
	p.checkAccessible("journal page")

	p.clickText("Undo journal", http.StatusOK)
	p.wantText("main", "It can be undone only once")
	p.checkAccessible("undo confirmation")
	p.fill("f-reason", "Was right after all")
	p.clickText("Undo journal", http.StatusOK)
	p.wantText(".govuk-notification-banner--success", "undone")
	p.wantText("main", "Undone by")
	p.checkAccessible("undone journal")

	tp := s.page(t)
	s.signIn(t, tp, "transfer@demo.example")
	tp.open(s.srv.URL+"/admin/transfers/new", http.StatusOK)
	tp.wantHeading("Transfer")
	tp.checkAccessible("transfer form")
	tp.chooseFund("f-from-0-fund_code", "Transfers")
	tp.fill("f-from-0-reference", "SUPPORT E2E")
	tp.fill("f-from-0-amount", "50.00")
	tp.chooseFund("f-to-0-fund_code", "Miscellaneous")
	tp.fill("f-to-0-reference", "MISC E2E 3")
	tp.fill("f-to-0-amount", "49.99")
	tp.fill("f-reason", "Support award")
	tp.clickText("Make the transfer", http.StatusUnprocessableEntity)
	tp.wantText(".govuk-error-summary", "must balance exactly")
	tp.checkAccessible("transfer form with errors")
	tp.fill("f-to-0-amount", "50.00")
	tp.clickText("Make the transfer", http.StatusOK)
	tp.wantText(".govuk-notification-banner--success", "£50.00 transferred by transfer")
	tp.checkAccessible("transfer page")
	tp.open(s.srv.URL+"/admin/journals", http.StatusOK)
	tp.wantText("main", "Latest journals and transfers", "Support award")
	tp.checkAccessible("journals section with the latest journals")
}
