package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// A journal officer finds a £100.00 invoice payment by its receipt, moves £30.00 of it to two new
// lines (after a line of the wrong total and an amount that is not money are named on their fields),
// sees only £70.00 left to move, undoes the journal once, and makes a transfer whose sides must
// balance; a sundry clerk cannot open another group's receipt and a finance officer is refused.
func TestJournalPages(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := serve(t, db, config.Config{})
		demotest.Council(t, db)
		s.addUserWithGroups("journal@council.example", []string{"all"}, ims.Journal, ims.Transfer, ims.TransactionDetails)
		s.addUserWithGroups("sundry@council.example", []string{"environ"}, ims.Journal)
		s.addUserWithGroups("finance@council.example", []string{"all"}, ims.Finance)
		po, err := ledger.New(db).Post(context.Background(), ims.System(), ims.NewPosting{Kind: ims.PostingManual, Source: ims.SourceStaff,
			Entries: []ims.NewLedgerEntry{{Kind: ims.EntryPayment, Fund: "19", Reference: "SI/26/00412", MOP: "1", Amount: 10000}}})
		if err != nil {
			t.Fatal(err)
		}
		var entry string
		if err := db.SQL.QueryRow(`SELECT CAST(id AS TEXT) FROM ledger_entries WHERE posting_id = $1`, po.ID).Scan(&entry); err != nil {
			t.Fatal(err)
		}

		b := s.browser()
		b.signIn("journal@council.example", "/admin")
		b.get("/admin").want(t, http.StatusOK, `href="/admin/journals"`)
		b.get("/admin/journals").want(t, http.StatusOK, `href="/admin/journals/new"`, `href="/admin/transfers/new"`)
		b.get("/admin/journals/new?receipt=NOSUCHRCPT").want(t, http.StatusNotFound, "There is a problem", `href="#receipt"`)
		b.get("/admin/journals/new?receipt="+po.ReceiptNumber).want(t, http.StatusOK, "SI/26/00412", "£100.00", `name="take_`+entry+`"`)

		form := url.Values{"receipt": {po.ReceiptNumber}, "key": {"j1"}, "entry": {entry}, "take_" + entry: {"30.00"}, "target_count": {"3"},
			"targets[0].fund_code": {"13"}, "targets[0].reference": {"MISC 7"}, "targets[0].amount": {"20.00"},
			"targets[2].fund_code": {"19"}, "targets[2].reference": {"SI/26/00413"}, "targets[2].amount": {"lots"},
			"reason": {"Paid to the wrong invoice"}}
		b.post("/admin/journals/new", form).want(t, http.StatusUnprocessableEntity, `href="#f-targets-2-amount"`, "Enter the amount in pounds and pence")
		form.Set("targets[2].amount", "9.99")
		b.post("/admin/journals/new", form).want(t, http.StatusUnprocessableEntity, "they must be equal", `value="MISC 7"`)
		add := url.Values{}
		for k, v := range form {
			add[k] = v
		}
		add.Set("add", "line")
		b.post("/admin/journals/new", add).want(t, http.StatusOK, `name="targets[3].fund_code"`, `value="SI/26/00413"`)
		form.Set("targets[2].amount", "10.00")
		r := b.post("/admin/journals/new", form)
		if r.status != http.StatusSeeOther || !regexp.MustCompile(`^/admin/journals/\d+$`).MatchString(r.location) {
			t.Fatalf("making the journal: %d to %q\n%s", r.status, r.location, r.body)
		}
		journal := r.location
		b.get(journal).want(t, http.StatusOK, "£30.00 moved by journal", "Paid to the wrong invoice", "Sam journal on 5 January 2026 at 09:00", "journal debit", "-£30.00", "MISC 7", "Undo journal")
		b.get("/admin/journals/new?receipt="+po.ReceiptNumber).want(t, http.StatusOK, "£70.00")
		// The receipt offers the journal form with its lines, and names who journalled its money away.
		b.get("/admin/receipts/"+po.ReceiptNumber).want(t, http.StatusOK, `href="/admin/journals/new?receipt=`+po.ReceiptNumber+`">Journal these lines`,
			"Sam journal (journal@council.example)")

		b.get(journal+"/undo").want(t, http.StatusOK, "Undo journal", "It can be undone only once")
		r = b.post(journal+"/undo", url.Values{"key": {"u1"}, "reason": {"Was right after all"}})
		if r.status != http.StatusSeeOther || r.location != journal {
			t.Fatalf("undoing: %d to %q\n%s", r.status, r.location, r.body)
		}
		b.get(journal).want(t, http.StatusOK, "undone, receipt", "Undone by", "Sam journal on")
		b.get("/admin/journals").want(t, http.StatusOK, `href="`+journal+`"`, "Paid to the wrong invoice", "Undone", "£30.00")
		b.post(journal+"/undo", url.Values{"key": {"u2"}}).want(t, http.StatusConflict, "was undone already")
		b.get("/admin/journals/new?receipt="+po.ReceiptNumber).want(t, http.StatusOK, "£100.00")

		transfer := url.Values{"key": {"t1"}, "from_count": {"1"}, "to_count": {"1"}, "reason": {"Support award"},
			"from[0].fund_code": {"XT"}, "from[0].reference": {"SUPPORT"}, "from[0].amount": {"50.00"},
			"to[0].fund_code": {"13"}, "to[0].reference": {"MISC 1"}, "to[0].amount": {"49.99"}}
		b.post("/admin/transfers/new", transfer).want(t, http.StatusUnprocessableEntity, "must balance exactly")
		transfer.Set("to[0].amount", "50.00")
		if r := b.post("/admin/transfers/new", transfer); r.status != http.StatusSeeOther {
			t.Fatalf("making the transfer: %d\n%s", r.status, r.body)
		} else {
			b.get(r.location).want(t, http.StatusOK, "£50.00 transferred by transfer", "transfer out", "transfer in")
		}

		sundry := s.browser()
		sundry.signIn("sundry@council.example", "/admin")
		sundry.get("/admin/journals/new?receipt="+po.ReceiptNumber).want(t, http.StatusNotFound, "No receipt")
		sundry.get(journal).want(t, http.StatusNotFound)
		if r := sundry.get("/admin/journals"); r.status != http.StatusOK || strings.Contains(r.body, `href="`+journal+`"`) {
			t.Errorf("another group's journal is listed: %d\n%s", r.status, r.body)
		}
		sundry.get("/admin/transfers/new").want(t, http.StatusForbidden)

		finance := s.browser()
		finance.signIn("finance@council.example", "/admin")
		finance.get("/admin/journals/new").want(t, http.StatusForbidden)
	})
}
