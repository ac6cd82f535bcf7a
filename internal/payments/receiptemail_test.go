package payments_test

import (
	"strings"
	"testing"

	"github.com/ims-council/ims/internal/psp/govukpaysim"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// The receipt email names what was paid for as the payer knows it, the fund's name, with the
// reference from their bill; fund codes mean nothing to them.
func TestReceiptEmailNamesTheFunds(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		status, created := r.apiCreate(t, "receipt-names", basket)
		if status != 201 {
			t.Fatalf("create: %d %v", status, created)
		}
		id := created["id"].(string)
		must(t, r.sim.Pay(r.providerPaymentID(t, id), "4444333322221111"))
		if got := r.apiGet(t, id); got["state"] != "succeeded" {
			t.Fatalf("after paying: %v", got)
		}
		var text, htm string
		must(t, db.SQL.QueryRow(`SELECT text_body, html_body FROM email_outbox WHERE purpose = 'receipt' AND purpose_ref = $1`, id).Scan(&text, &htm))
		for _, want := range []string{"Parking Fines, reference BJ99518409: £35.00", "Sundry Invoices, reference SI/26/00401: £12.50"} {
			if !strings.Contains(text, want) {
				t.Errorf("the text receipt lacks %q:\n%s", want, text)
			}
		}
		for _, want := range []string{"<td>Parking Fines</td><td>BJ99518409</td>", "<td>Sundry Invoices</td><td>SI/26/00401</td>"} {
			if !strings.Contains(htm, want) {
				t.Errorf("the HTML receipt lacks %q:\n%s", want, htm)
			}
		}
		if strings.Contains(text, "11 BJ99518409") || strings.Contains(htm, "<td>11</td>") {
			t.Errorf("the receipt shows fund codes:\n%s\n%s", text, htm)
		}
	})
}
