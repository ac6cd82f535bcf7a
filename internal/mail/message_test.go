package mail_test

import (
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
)

// testReceipt is a receipt of two payments, in the language given.
func testReceipt(lang string) ims.Receipt {
	return ims.Receipt{Language: lang, Organisation: "Demo Borough Council", VATNumber: "GB123456789", Number: "ABCDE-FGHJK",
		Time: time.Date(2026, time.March, 2, 15, 4, 0, 0, time.UTC), Total: 4750, VAT: 208, CardBrand: "Visa", CardLast4: "1111",
		Link: "https://council.example/receipts/ABCDE-FGHJK?sig=00ff",
		Lines: []ims.ReceiptLine{{Fund: "11", Name: "Parking Fines", Reference: "BJ99518409", Amount: 3500},
			{Fund: "19", Name: "Sundry Invoices", Reference: "SI/26/00401", Amount: 1250, VATRate: 2000, VAT: 208}}}
}

func receiptPayload(t *testing.T, r ims.Receipt) string {
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// delivered is a message as a mail client shows it, its encodings undone.
type delivered struct{ to, subject, text, html string }

// readMessage reads a message the SMTP sink received, as a mail client would.
func readMessage(t *testing.T, raw string) delivered {
	t.Helper()
	msg, err := netmail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		t.Fatalf("reading the message: %v\n%s", err, raw)
	}
	var d delivered
	d.to = strings.Trim(msg.Header.Get("To"), "<>")
	if d.subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatal(err)
	}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/alternative" {
		t.Fatalf("content type %q (%v); want multipart/alternative", mediaType, err)
	}
	parts := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := parts.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		var body io.Reader = p
		if p.Header.Get("Content-Transfer-Encoding") == "quoted-printable" {
			body = quotedprintable.NewReader(p)
		}
		b, err := io.ReadAll(body)
		if err != nil {
			t.Fatal(err)
		}
		switch typ, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type")); typ {
		case "text/plain":
			d.text = string(b)
		case "text/html":
			d.html = string(b)
		}
	}
	return d
}
