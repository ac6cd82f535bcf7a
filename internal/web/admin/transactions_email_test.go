package admin_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/app"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// welshPayment pays £25.00 to fund 19 on the portal as a payer who chose Welsh and gave an email
// address, and returns its receipt number.
func welshPayment(t *testing.T, a *app.App) string {
	t.Helper()
	ctx := context.Background()
	pp, _, err := a.Payments.Start(ctx, ims.Principal{Name: "portal"}, ims.PaymentRequest{Source: ims.SourcePortal, Language: "cy",
		Payer: ims.Payer{Name: "Mr B Talwr", Address: []string{"1 Stryd Fawr"}, Postcode: "CF10 1AA", Email: "talwr@example.com"},
		Lines: []ims.PaymentLine{{Fund: "19", Reference: "INVCY", Amount: 2500}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Simulator.Pay(pp.ProviderPaymentID, "4444333322221111"); err != nil {
		t.Fatal(err)
	}
	if pp, err = a.Payments.Get(ctx, ims.System(), pp.ID); err != nil || pp.State != ims.PaymentSucceeded {
		t.Fatalf("payment %+v %v; want succeeded", pp, err)
	}
	return pp.ReceiptNumber
}

// receiptEmails returns the addresses and languages of the receipt emails in the outbox for a
// receipt number, oldest first.
func receiptEmails(t *testing.T, db *sqldb.DB, receipt string) (to, lang []string) {
	t.Helper()
	rows, err := db.SQL.Query(`SELECT to_address, payload FROM email_outbox WHERE purpose = 'receipt' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var addr, payload string
		if err := rows.Scan(&addr, &payload); err != nil {
			t.Fatal(err)
		}
		var r ims.Receipt
		if err := json.Unmarshal([]byte(payload), &r); err != nil {
			t.Fatal(err)
		}
		if r.Number == receipt {
			to, lang = append(to, addr), append(lang, r.Language)
		}
	}
	return to, lang
}

// A clerk emails a Welsh payer's receipt again, in Welsh, to the address the payer gave and then to
// one the payer tells them; a form sent twice sends once; a mistyped address is named on its field;
// the receipt's audit trail says it was sent; a user of another fund group cannot, and a user
// without TransactionDetails is refused.
func TestReceiptEmailAgain(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s, a := serveWithSimulator(t, db, config.Config{})
		s.addUserWithGroups("clerk@council.example", []string{"sundry"}, ims.TransactionList, ims.TransactionDetails)
		s.addUserWithGroups("parking@council.example", []string{"environ"}, ims.TransactionList, ims.TransactionDetails)
		s.addUserWithGroups("finance@council.example", []string{"all"}, ims.Finance)
		receipt := welshPayment(t, a)
		if to, _ := receiptEmails(t, db, receipt); len(to) != 1 {
			t.Fatalf("the payment queued %d receipt emails; want 1", len(to))
		}

		clerk := s.browser()
		clerk.signIn("clerk@council.example", "/admin")
		clerk.get("/admin/receipts/"+receipt).want(t, http.StatusOK, `href="/admin/receipts/`+receipt+`/email">Email the receipt again`)
		form := clerk.get("/admin/receipts/" + receipt + "/email")
		form.want(t, http.StatusOK, "talwr@example.com", "written in Welsh")
		key := between(form.body, `name="key" value="`, `"`)
		if key == "" {
			t.Fatalf("form without a key:\n%s", form.body)
		}

		clerk.post("/admin/receipts/"+receipt+"/email", url.Values{"key": {key}, "email": {"talwr.example.com"}}).want(t, http.StatusUnprocessableEntity,
			`href="#f-email"`, "Enter an email address in the correct format", `value="talwr.example.com"`)
		for range 2 {
			r := clerk.post("/admin/receipts/"+receipt+"/email", url.Values{"key": {key}, "email": {""}})
			if r.status != http.StatusSeeOther || r.location != "/admin/receipts/"+receipt {
				t.Fatalf("sending: %d to %q\n%s", r.status, r.location, r.body)
			}
		}
		clerk.get("/admin/receipts/"+receipt).want(t, http.StatusOK, "The receipt is on its way to talwr@example.com", "receipt.email")
		r := clerk.post("/admin/receipts/"+receipt+"/email", url.Values{"key": {"another"}, "email": {" new@example.org "}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("sending to a new address: %d\n%s", r.status, r.body)
		}
		to, lang := receiptEmails(t, db, receipt)
		if len(to) != 3 || to[1] != "talwr@example.com" || to[2] != "new@example.org" {
			t.Errorf("receipt emails to %q; want the payment's, one again to the payer's address, one to the new address", to)
		}
		for _, l := range lang {
			if l != "cy" {
				t.Errorf("receipt emails in %q; want all in Welsh", lang)
				break
			}
		}

		parking := s.browser()
		parking.signIn("parking@council.example", "/admin")
		parking.get("/admin/receipts/"+receipt+"/email").want(t, http.StatusNotFound)
		parking.post("/admin/receipts/"+receipt+"/email", url.Values{"key": {"p"}, "email": {"x@example.com"}}).want(t, http.StatusNotFound)
		finance := s.browser()
		finance.signIn("finance@council.example", "/admin")
		finance.post("/admin/receipts/"+receipt+"/email", url.Values{"key": {"f"}}).want(t, http.StatusForbidden)
		if to, _ := receiptEmails(t, db, receipt); len(to) != 3 {
			t.Errorf("%d receipt emails after others tried; want still 3", len(to))
		}
	})
}
