package govukpaysim

import (
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// typedCard is what a payer types on the card page, with a card number.
func typedCard(number string) url.Values {
	return url.Values{
		"cardNo": {number}, "expiryMonth": {"12"}, "expiryYear": {"29"}, "cardholderName": {"Ada Lovelace"},
		"cvc": {"739"}, "addressLine1": {"10 Harbour Road"}, "addressCity": {"Cardiff"},
		"addressPostcode": {"cf10 1aa"}, "email": {"ada@example.com"},
	}
}

// formActions returns the action of each form on a page, in order.
func formActions(t *testing.T, page string) []string {
	t.Helper()
	var out []string
	for _, m := range regexp.MustCompile(`<form method="post" action="([^"]+)"`).FindAllStringSubmatch(page, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	if len(out) != 2 {
		t.Fatalf("the card page has %d forms, want the card form and the cancel form:\n%s", len(out), page)
	}
	return out
}

// checkPageMarkup checks what every card page must be: well-formed, with no inline script or style
// (the CSP forbids them), and with every input labelled.
func checkPageMarkup(t *testing.T, page string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(page))
	d.Strict = true
	for {
		if _, err := d.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("the page is not well-formed: %v\n%s", err, page)
		}
	}
	if regexp.MustCompile(`<script(?:\s[^>]*)?>[^<]|<style|\sstyle=|\son[a-z]+=`).MatchString(page) {
		t.Error("the page has an inline script, style or event handler")
	}
	for _, m := range regexp.MustCompile(`<input [^>]*id="([^"]+)"`).FindAllStringSubmatch(page, -1) {
		if !strings.Contains(page, `for="`+m[1]+`"`) {
			t.Errorf("input %s has no label", m[1])
		}
	}
}

func TestCardJourney(t *testing.T) {
	h := newHarness(t, nil)
	p := h.create(paymentBody(14500, "en"))

	status, _, page := h.page(p.Links["next_url"].Href)
	if status != http.StatusOK {
		t.Fatalf("card page: %d\n%s", status, page)
	}
	checkPageMarkup(t, page)
	for _, want := range []string{
		`<html lang="en"`, "Enter card details", "Council tax", "£145.00", "Demo Borough Council",
		`name="cardNo"`, `autocomplete="cc-number"`, `name="expiryMonth"`, `autocomplete="cc-exp-month"`,
		`name="expiryYear"`, `autocomplete="cc-exp-year"`, `name="cardholderName"`, `autocomplete="cc-name"`,
		`name="cvc"`, `autocomplete="cc-csc"`, `name="addressLine1"`, `name="addressCity"`,
		`name="addressPostcode"`, `autocomplete="postal-code"`, `name="email"`, "Cancel payment",
		"No real money is taken",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the card page lacks %s", want)
		}
	}
	if got := h.get(p.PaymentID); got.State.Status != "started" {
		t.Errorf("after opening the card page the payment is %s, want started", got.State.Status)
	}

	action := formActions(t, page)[0]
	status, location, _ := h.submit(action, typedCard("4444 3333 2222 1111"))
	if status != http.StatusSeeOther || location != "https://ims.example/return/tok123" {
		t.Fatalf("paying: %d to %q, want 303 to the return_url", status, location)
	}

	got := h.get(p.PaymentID)
	if got.State.Status != "success" || !got.State.Finished || got.State.Code != "" {
		t.Errorf("state %+v, want success", got.State)
	}
	c := got.Card
	if c == nil {
		t.Fatal("no card_details after success")
	}
	if c.Brand != "Visa" || c.Type != "credit" || c.First6 != "444433" || c.Last4 != "1111" || c.Expiry != "12/29" ||
		c.Name != "Ada Lovelace" || c.BillingAdd.Line1 != "10 Harbour Road" || c.BillingAdd.City != "Cardiff" ||
		c.BillingAdd.Postcode != "CF10 1AA" {
		t.Errorf("card_details %+v", *c)
	}
	if got.Email != "ada@example.com" {
		t.Errorf("email %q, want the one the payer typed", got.Email)
	}
	if got.Settlement.CapturedDate != "2026-03-14" {
		t.Errorf("settlement_summary.captured_date %q", got.Settlement.CapturedDate)
	}
	if got.RefundSummary.Status != "available" || got.RefundSummary.AmountAvailable != 14500 {
		t.Errorf("refund_summary %+v, want all of it available", got.RefundSummary)
	}
	if _, ok := got.Links["next_url"]; ok {
		t.Error("a paid payment still offers next_url")
	}
	if got.Fee != nil {
		t.Error("an account that does not report fees reported one")
	}

	// Nothing the simulator keeps, or says, holds the card number or the security code.
	h.sim.mu.Lock()
	kept := fmt.Sprintf("%+v %+v", *h.sim.payments[p.PaymentID], *h.sim.payments[p.PaymentID].card)
	h.sim.mu.Unlock()
	_, body := h.api("GET", "/v1/payments/"+p.PaymentID, keyA, "")
	for _, secret := range []string{"4444333322221111", "739"} {
		if strings.Contains(kept, secret) || strings.Contains(string(body), secret) {
			t.Errorf("%s is kept or reported", secret)
		}
	}

	// Coming back to the card page, or submitting it again, leads back to the service.
	if status, location, _ := h.page(p.Links["next_url"].Href); status != http.StatusSeeOther || location != got.ReturnURL {
		t.Errorf("card page after paying: %d to %q", status, location)
	}
	if status, _, _ := h.submit(action, typedCard("4444333322221111")); status != http.StatusSeeOther {
		t.Errorf("second submission: %d", status)
	}
	if again := h.get(p.PaymentID); len(again.Links) != len(got.Links) || again.State.Status != "success" {
		t.Errorf("the second submission changed the payment: %+v", again.State)
	}
}

func TestTestCards(t *testing.T) {
	tests := []struct {
		number, cvc            string
		status, code           string
		brand, cardType, last4 string
	}{
		{"4444333322221111", "123", "success", "", "Visa", "credit", "1111"},
		{"4242424242424242", "123", "success", "", "Visa", "credit", "4242"},
		{"4000056655665556", "123", "success", "", "Visa", "debit", "5556"},
		{"5105105105105100", "123", "success", "", "Mastercard", "debit", "5100"},
		{"371449635398431", "1234", "success", "", "American Express", "credit", "8431"},
		{"4000000000000002", "123", "failed", "P0010", "Visa", "debit", "0002"}, // declined
		{"4000000000000069", "123", "failed", "P0010", "Visa", "debit", "0069"}, // card expired
		{"4000000000000127", "123", "failed", "P0010", "Visa", "debit", "0127"}, // wrong security code
		{"4000000000000119", "123", "error", "P0050", "Visa", "debit", "0119"},  // processing error
		{"4111111111111111", "123", "error", "P0050", "Visa", "credit", "1111"}, // not a sandbox card
	}
	h := newHarness(t, nil)
	for _, tt := range tests {
		t.Run(tt.number, func(t *testing.T) {
			p := h.create(paymentBody(1000, "en"))
			form := typedCard(tt.number)
			form.Set("cvc", tt.cvc)
			status, location, page := h.submit(p.Links["next_url"].Href, form)
			if status != http.StatusSeeOther || location != p.ReturnURL {
				t.Fatalf("%d to %q, want 303 to return_url\n%s", status, location, page)
			}
			got := h.get(p.PaymentID)
			if got.State.Status != tt.status || got.State.Code != tt.code || !got.State.Finished {
				t.Errorf("state %+v, want %s %s", got.State, tt.status, tt.code)
			}
			if got.Card == nil || got.Card.Brand != tt.brand || got.Card.Type != tt.cardType || got.Card.Last4 != tt.last4 {
				t.Errorf("card_details %+v", got.Card)
			}
			if tt.status != "success" && got.RefundSummary.Status != "unavailable" {
				t.Errorf("refund_summary %+v after a failure", got.RefundSummary)
			}
		})
	}
}

func TestCardPageShowsErrorsAgain(t *testing.T) {
	h := newHarness(t, nil)
	tests := []struct {
		name    string
		change  url.Values
		field   string
		message string
	}{
		{"Maestro", url.Values{"cardNo": {"6759649826438453"}}, "cardNo", "Maestro cards are not accepted"},
		{"mistyped number", url.Values{"cardNo": {"4444333322221112"}}, "cardNo", "Enter a valid card number"},
		{"letters", url.Values{"cardNo": {"4444 3333 2222 111O"}}, "cardNo", "Enter a valid card number"},
		{"expired", url.Values{"expiryMonth": {"02"}, "expiryYear": {"2026"}}, "expiryMonth", "The card has expired"},
		{"month 13", url.Values{"expiryMonth": {"13"}}, "expiryMonth", "Enter a valid expiry date"},
		{"short security code", url.Values{"cvc": {"12"}}, "cvc", "Enter a valid card security code"},
		{"no postcode", url.Values{"addressPostcode": {""}}, "addressPostcode", "Enter the postcode"},
		{"not a postcode", url.Values{"addressPostcode": {"CF10"}}, "addressPostcode", "Enter a real postcode"},
		{"bad email", url.Values{"email": {"ada.example.com"}}, "email", "Enter an email address in the correct format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := h.create(paymentBody(1000, "en"))
			form := typedCard("4444333322221111")
			for k, v := range tt.change {
				form[k] = v
			}
			status, _, page := h.submit(p.Links["next_url"].Href, form)
			if status != http.StatusOK {
				t.Fatalf("%d, want the form again", status)
			}
			checkPageMarkup(t, page)
			if !strings.Contains(page, "<title>Error: Enter card details") || !strings.Contains(page, "There is a problem") {
				t.Error("the page title or error summary does not say there is a problem")
			}
			if !strings.Contains(page, `href="#`+tt.field+`">`+tt.message) {
				t.Errorf("the error summary does not link %q to #%s", tt.message, tt.field)
			}
			if n := strings.Count(page, tt.message); n != 2 {
				t.Errorf("%q appears %d times, want in the summary and beside the field", tt.message, n)
			}
			if strings.Contains(page, form.Get("cardNo")) || strings.Contains(page, `value="739"`) {
				t.Error("the card number or security code was written back into the page")
			}
			if !strings.Contains(page, `value="Ada Lovelace"`) {
				t.Error("the name the payer typed was lost")
			}
			if got := h.get(p.PaymentID); got.State.Status != "started" || got.Card != nil {
				t.Errorf("a refused form changed the payment: %+v", got.State)
			}
		})
	}

	t.Run("empty form", func(t *testing.T) {
		p := h.create(paymentBody(1000, "en"))
		_, _, page := h.submit(p.Links["next_url"].Href, url.Values{})
		for _, field := range []string{"cardNo", "expiryMonth", "cardholderName", "cvc", "addressLine1", "addressCity", "addressPostcode"} {
			if !strings.Contains(page, `href="#`+field+`"`) {
				t.Errorf("no error for %s", field)
			}
		}
		if strings.Contains(page, `href="#email"`) {
			t.Error("the optional email was reported missing")
		}
		if !strings.Contains(page, `aria-describedby="expiry-hint expiry-error"`) || !strings.Contains(page, `aria-describedby="cardNo-error"`) {
			t.Error("fields in error are not described by their error messages")
		}
	})
}

func TestPayerCancels(t *testing.T) {
	h := newHarness(t, nil)
	p := h.create(paymentBody(1000, "en"))
	_, _, page := h.page(p.Links["next_url"].Href)
	status, location, _ := h.submit(formActions(t, page)[1], url.Values{})
	if status != http.StatusSeeOther || location != p.ReturnURL {
		t.Fatalf("cancel: %d to %q, want 303 to return_url", status, location)
	}
	if got := h.get(p.PaymentID); got.State.Status != "failed" || got.State.Code != "P0030" {
		t.Errorf("state %+v, want failed P0030", got.State)
	}
	// GOV.UK Pay's cancel endpoint cannot undo it.
	if status, _ := h.api("POST", "/v1/payments/"+p.PaymentID+"/cancel", keyA, ""); status != http.StatusBadRequest {
		t.Errorf("service cancel after the payer's: %d, want 400", status)
	}
}

func TestWelshCardPage(t *testing.T) {
	h := newHarness(t, nil)
	p := h.create(paymentBody(1000, "cy"))
	_, _, page := h.page(p.Links["next_url"].Href)
	checkPageMarkup(t, page)
	for _, want := range []string{`<html lang="cy"`, "Rhowch fanylion y cerdyn", "Rhif y cerdyn", "Dyddiad dod i ben",
		"Cod diogelwch y cerdyn", "Cyfeiriad bilio", "Talu £10.00", "Canslo&#39;r taliad", "Neidio i&#39;r prif gynnwys"} {
		if !strings.Contains(page, want) {
			t.Errorf("the Welsh page lacks %s", want)
		}
	}
	for _, english := range []string{"Enter card details", "Card number", "Billing address", "Cancel payment", "Postcode"} {
		if strings.Contains(page, ">"+english) {
			t.Errorf("the Welsh page shows %q in English", english)
		}
	}
	_, _, page = h.submit(p.Links["next_url"].Href, url.Values{})
	for _, want := range []string{"<title>Gwall: Rhowch fanylion y cerdyn", "Mae problem wedi codi", "Rhowch rif eich cerdyn", "Rhowch y cod post"} {
		if !strings.Contains(page, want) {
			t.Errorf("the Welsh error page lacks %s", want)
		}
	}
}

// Every error the card form can give has its Welsh.
func TestCardFormErrorsAreTranslated(t *testing.T) {
	forms := []cardForm{
		{},
		{number: "12", month: "13", year: "1", cvc: "x", postcode: "nope", email: "x", line2: strings.Repeat("a", 256)},
		{number: "6759649826438453", month: "1", year: "2020", cvc: "1"},
		{number: "4444333322221112"},
	}
	seen := make(map[string]bool)
	for _, f := range forms {
		_, problems := f.check(time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC), true)
		for _, p := range problems {
			seen[p.message] = true
		}
	}
	if len(seen) < 14 {
		t.Errorf("only %d distinct errors exercised", len(seen))
	}
	for msg := range seen {
		if _, ok := welsh(msg); !ok {
			t.Errorf("no Welsh for %q", msg)
		}
	}
}

func TestMOTOPageDoesNotAskForEmail(t *testing.T) {
	h := newHarness(t, nil)
	p := h.create(strings.Replace(paymentBody(1000, "en"), `{`, `{"moto":true,`, 1))
	if !p.Moto {
		t.Error("moto not reported")
	}
	_, _, page := h.page(p.Links["next_url"].Href)
	if strings.Contains(page, `name="email"`) {
		t.Error("the MOTO card page asks for the payer's email")
	}
	form := typedCard("4444333322221111")
	form.Del("email")
	if status, _, _ := h.submit(p.Links["next_url"].Href, form); status != http.StatusSeeOther {
		t.Errorf("MOTO payment: %d", status)
	}
}

func TestCardPageEntrances(t *testing.T) {
	h := newHarness(t, nil)
	p := h.create(paymentBody(1000, "en"))
	post := p.Links["next_url_post"]
	status, location, _ := h.submit(post.Href, url.Values{"chargeTokenId": {post.Params["chargeTokenId"]}})
	if status != http.StatusSeeOther || location != p.Links["next_url"].Href {
		t.Errorf("next_url_post: %d to %q, want the card page", status, location)
	}
	if status, _, _ := h.submit(post.Href, url.Values{"chargeTokenId": {"guess"}}); status != http.StatusNotFound {
		t.Errorf("next_url_post with a wrong token: %d", status)
	}
	for _, path := range []string{"/secure/guess", "/secure/" + p.PaymentID} {
		if status, _, page := h.page(h.base + path); status != http.StatusNotFound || !strings.Contains(page, "Page not found") {
			t.Errorf("GET %s: %d, want the not-found page", path, status)
		}
	}
	if status, _, _ := h.submit(h.base+"/secure/"+p.PaymentID+"/cancel", url.Values{}); status != http.StatusNotFound {
		t.Errorf("cancelling by payment id: %d, want 404", status)
	}
	if got := h.get(p.PaymentID); got.State.Status != "created" {
		t.Errorf("wrong tokens changed the payment: %s", got.State.Status)
	}
}

func TestFeesWhenTheAccountReportsThem(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.Accounts[0].ReportFees = true
		o.Accounts[0].Fee = 23
	})
	p := h.create(paymentBody(10000, "en"))
	if p.Fee != nil {
		t.Error("an unpaid payment reports a fee")
	}
	if err := h.sim.Pay(p.PaymentID, "4242424242424242"); err != nil {
		t.Fatal(err)
	}
	got := h.get(p.PaymentID)
	if got.Fee == nil || *got.Fee != 23 || got.NetAmount == nil || *got.NetAmount != 9977 {
		t.Errorf("fee %v net_amount %v, want 23 and 9977", got.Fee, got.NetAmount)
	}
}
