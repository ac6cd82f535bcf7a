package admin_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// An officer journals £10.00 of a £30.00 card payment to another invoice from the receipt's
// "Journal these lines"; the refund form then offers only the £20.00 left and refuses a penny more.
func TestRefundFormAfterAJournal(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s, a := serveWithSimulator(t, db, config.Config{})
		s.addUserWithGroups("officer@council.example", []string{"all"}, ims.TransactionList, ims.TransactionDetails,
			ims.Journal, ims.Refund, ims.PartialRefund)
		receipt := portalPayment(t, a, 3000)
		b := s.browser()
		b.signIn("officer@council.example", "/admin")
		form := b.get("/admin/journals/new?receipt=" + receipt)
		form.want(t, http.StatusOK, "£30.00")
		m := regexp.MustCompile(`name="take_(\d+)"`).FindStringSubmatch(form.body)
		if m == nil {
			t.Fatalf("journal form without a line:\n%s", form.body)
		}
		entry := m[1]
		r := b.post("/admin/journals/new", url.Values{"receipt": {receipt}, "key": {"j1"}, "entry": {entry}, "take_" + entry: {"10.00"},
			"target_count": {"1"}, "targets[0].fund_code": {"19"}, "targets[0].reference": {"SI/26/00413"}, "targets[0].amount": {"10.00"},
			"reason": {"Part paid the wrong invoice"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("journal: %d\n%s", r.status, r.body)
		}

		key, entries := b.refundForm(receipt)
		b.get("/admin/receipts/"+receipt+"/refund").want(t, http.StatusOK, "£20.00 of this payment can still be refunded")
		refund := url.Values{"key": {key}, "line": entries, "amount-" + entries[0]: {"20.01"}, "reason": {"Paid twice"}}
		b.post("/admin/receipts/"+receipt+"/refund", refund).want(t, http.StatusUnprocessableEntity, "Only £20.00 of this line can still be refunded")
		refund.Set("amount-"+entries[0], "20.00")
		b.post("/admin/receipts/"+receipt+"/refund", refund).want(t, http.StatusOK, "Check the refund", "£20.00 to the payer's card")
	})
}
