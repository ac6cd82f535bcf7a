package mail_test

import (
	"strings"
	"testing"

	"github.com/ims-council/ims/internal/mail"
)

func TestReceiptInEnglish(t *testing.T) {
	m, err := mail.RenderReceipt(testReceipt("en"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Your payment to Demo Borough Council: receipt ABCDE-FGHJK" {
		t.Errorf("subject %q", m.Subject)
	}
	for _, want := range []string{"Thank you for your payment to Demo Borough Council.", "Receipt number: ABCDE-FGHJK",
		"Date: 2 March 2026 15:04", "Parking Fines, reference BJ99518409: £35.00 (VAT £0.00 at 0%)",
		"Sundry Invoices, reference SI/26/00401: £12.50 (VAT £2.08 at 20%)", "Total paid: £47.50", "of which VAT: £2.08",
		"Paid by Visa card ending 1111", "VAT registration number: GB123456789",
		"View or print your VAT receipt: https://council.example/receipts/ABCDE-FGHJK?sig=00ff"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, m.Text)
		}
	}
	for _, want := range []string{`<html lang="en">`, "<td>Sundry Invoices</td><td>SI/26/00401</td><td>£12.50</td><td>£2.08 at 20%</td>",
		`<a href="https://council.example/receipts/ABCDE-FGHJK?sig=00ff">View or print your VAT receipt</a>`} {
		if !strings.Contains(m.HTML, want) {
			t.Errorf("HTML lacks %q:\n%s", want, m.HTML)
		}
	}
}

func TestReceiptInWelsh(t *testing.T) {
	m, err := mail.RenderReceipt(testReceipt("cy"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Demo Borough Council: derbynneb ABCDE-FGHJK am eich taliad" {
		t.Errorf("subject %q", m.Subject)
	}
	for _, want := range []string{"Diolch am eich taliad. Mae Demo Borough Council wedi'i dderbyn.", "Rhif y dderbynneb: ABCDE-FGHJK",
		"Dyddiad: 2 Mawrth 2026 15:04", "Sundry Invoices, cyfeirnod SI/26/00401: £12.50 (TAW £2.08 ar gyfradd o 20%)",
		"Cyfanswm a dalwyd: £47.50", "Yn cynnwys TAW: £2.08", "Talwyd â cherdyn Visa yn gorffen gyda 1111",
		"Rhif cofrestru TAW: GB123456789", "Gweld neu argraffu eich derbynneb TAW: https://council.example/receipts/"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, m.Text)
		}
	}
	for _, want := range []string{`<html lang="cy">`, "<th>Talwyd am</th><th>Cyfeirnod</th><th>Swm</th><th>TAW</th>",
		"Gweld neu argraffu eich derbynneb TAW</a>"} {
		if !strings.Contains(m.HTML, want) {
			t.Errorf("HTML lacks %q:\n%s", want, m.HTML)
		}
	}
}

// A receipt whose language the templates do not have is in English.
func TestReceiptInAnUnknownLanguageIsInEnglish(t *testing.T) {
	m, err := mail.RenderReceipt(testReceipt(""))
	if err != nil || !strings.HasPrefix(m.Subject, "Your payment to") {
		t.Errorf("subject %q, %v", m.Subject, err)
	}
}

// Names come from the council's reference data and references from payers: the HTML body escapes
// them, and the subject stays one line.
func TestReceiptEscapesWhatItShows(t *testing.T) {
	r := testReceipt("en")
	r.Organisation = "Smith & <b>Sons</b>\r\nBcc: x@example.com"
	r.Lines[0].Reference = `<script>alert("x")</script>`
	r.Link = `javascript:alert(1)`
	m, err := mail.RenderReceipt(r)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		t.Errorf("subject %q is more than one line", m.Subject)
	}
	for _, unsafe := range []string{"<b>Sons</b>", "<script>", `href="javascript:`} {
		if strings.Contains(m.HTML, unsafe) {
			t.Errorf("HTML contains %q unescaped:\n%s", unsafe, m.HTML)
		}
	}
	for _, want := range []string{"Smith &amp; &lt;b&gt;Sons&lt;/b&gt;", "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"} {
		if !strings.Contains(m.HTML, want) {
			t.Errorf("HTML lacks %q:\n%s", want, m.HTML)
		}
	}
}
