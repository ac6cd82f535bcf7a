package payments_test

import (
	"strings"
	"testing"

	"github.com/ims-council/ims/internal/mail"
	"github.com/ims-council/ims/internal/psp/govukpaysim"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// queuedReceipt returns the receipt email queued for a payment, rendered as it would be sent.
func queuedReceipt(t *testing.T, db *sqldb.DB, paymentID string) mail.Message {
	t.Helper()
	var payload string
	must(t, db.SQL.QueryRow(`SELECT payload FROM email_outbox WHERE purpose = 'receipt' AND purpose_ref = $1`, paymentID).Scan(&payload))
	m, err := mail.Render("receipt", payload)
	must(t, err)
	return m
}

// paid creates a payment of the test basket through the API, with the body changed by edit, and pays it.
func (r *rig) paid(t *testing.T, key string, edit func(string) string) string {
	t.Helper()
	status, created := r.apiCreate(t, key, edit(basket))
	if status != 201 {
		t.Fatalf("create: %d %v", status, created)
	}
	id := created["id"].(string)
	must(t, r.sim.Pay(r.providerPaymentID(t, id), "4444333322221111"))
	if got := r.apiGet(t, id); got["state"] != "succeeded" {
		t.Fatalf("after paying: %v", got)
	}
	return id
}

// The receipt email names what was paid for as the payer knows it, the fund's name, with the
// reference from their bill; fund codes mean nothing to them.
func TestReceiptEmailNamesTheFunds(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		id := r.paid(t, "receipt-names", func(b string) string { return b })
		m := queuedReceipt(t, db, id)
		text, htm := m.Text, m.HTML
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
		if !strings.HasPrefix(m.Subject, "Your payment to ") || !strings.Contains(text, "Thank you for your payment") {
			t.Errorf("an English payment's receipt is not in English: %q\n%s", m.Subject, text)
		}
	})
}

// A payer who paid in Welsh gets their receipt email in Welsh, subject and body, text and HTML.
func TestReceiptEmailIsInThePayersLanguage(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		id := r.paid(t, "receipt-welsh", func(b string) string {
			return strings.Replace(b, `"reference":"ORDER-7"`, `"reference":"ORDER-7","language":"cy"`, 1)
		})
		m := queuedReceipt(t, db, id)
		if !strings.Contains(m.Subject, "derbynneb") || strings.Contains(m.Subject, "Your payment") {
			t.Errorf("subject not in Welsh: %q", m.Subject)
		}
		for _, want := range []string{"Diolch am eich taliad", "Rhif y dderbynneb: ", "Parking Fines, cyfeirnod BJ99518409: £35.00",
			"Cyfanswm a dalwyd: £47.50", "Talwyd â cherdyn"} {
			if !strings.Contains(m.Text, want) {
				t.Errorf("the Welsh text receipt lacks %q:\n%s", want, m.Text)
			}
		}
		for _, want := range []string{`<html lang="cy">`, "<th>Cyfeirnod</th>", "Gweld neu argraffu eich derbynneb TAW</a>"} {
			if !strings.Contains(m.HTML, want) {
				t.Errorf("the Welsh HTML receipt lacks %q:\n%s", want, m.HTML)
			}
		}
		for _, english := range []string{"Thank you", "Receipt number", "Total paid", "reference BJ"} {
			if strings.Contains(m.Text+m.HTML, english) {
				t.Errorf("the Welsh receipt has English %q:\n%s\n%s", english, m.Text, m.HTML)
			}
		}
	})
}
