package e2e

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims/money"
)

// Test cards GOV.UK Pay documents, which the built-in simulator honours (SPEC §5.4).
const (
	cardSucceeds = "4444333322221111"
	cardDeclined = "4000000000000002"
)

// twoBills returns two bills of the demo council: a parking fine (fund 11) and a fixed penalty
// notice (fund 2R).
func twoBills() []apiLine {
	return []apiLine{
		{FundCode: "11", Reference: "BJ99518409", Amount: "35.00"},
		{FundCode: "2R", Reference: "FP20000050", Amount: "100.00"},
	}
}

// The card page's buttons.
const (
	payButton    = `form:has(#cardNo) button`
	cancelButton = `form[action$="/cancel"] button`
)

// enterCard fills every field of the card page.
func (p *page) enterCard(number string) {
	p.t.Helper()
	p.fill("cardNo", number)
	p.fill("expiryMonth", "12")
	p.fill("expiryYear", strconv.Itoa(time.Now().Year()+2))
	p.fill("cardholderName", "Ada Lovelace")
	p.fill("cvc", "123")
	p.fill("addressLine1", "1 High Street")
	p.fill("addressCity", "Demoton")
	p.fill("addressPostcode", "DM1 1AA")
	p.fill("email", "ada@example.com")
}

// leaveCardPage presses a card page button (Pay or Cancel), which sends the payer to IMS's return
// link and on to the API caller's return_url, and waits until the payment is finished. It returns
// the browser's message when the browser refused to leave (see clickToOtherSite).
func (s *suite) leaveCardPage(t *testing.T, p *page, button, id string) (blockedByCSP string) {
	t.Helper()
	blocked := p.clickToOtherSite(button, http.StatusOK)
	if blocked == "" {
		s.wantBackAtCaller(t, p, id)
	}
	return blocked
}

// wantReturnedToCaller checks the last step of a card page journey once the outcome has been
// checked: the payer is back at the caller's return page, not stopped by the browser (IMS's
// Content-Security-Policy must let the card page's form end on the caller's site).
func wantReturnedToCaller(t *testing.T, blockedByCSP string) {
	t.Helper()
	if blockedByCSP != "" {
		t.Fatalf("the payer cannot get back to the API caller's return_url; the browser said: %s", blockedByCSP)
	}
}

// wantBackAtCaller fails the test unless the tab shows the caller's return page for payment id, as
// IMS sends the payer there after asking the provider for the outcome.
func (s *suite) wantBackAtCaller(t *testing.T, p *page, id string) {
	t.Helper()
	loc := p.location()
	u, err := url.Parse(loc)
	if err != nil || !strings.HasPrefix(loc, s.caller+"?") || u.Query().Get("payment_id") != id {
		t.Fatalf("after the card page the payer is at %s, want %s?payment_id=%s", loc, s.caller, id)
	}
}

func (s *suite) testCardSuccess(t *testing.T) {
	pay := s.api.createPayment(t, apiPaymentRequest{Lines: twoBills(), ReturnURL: s.caller})
	p := s.page(t)
	p.open(pay.NextURL, http.StatusOK)
	if p.lang() != "en" {
		t.Errorf("the card page's language is %q, want en", p.lang())
	}
	p.wantHeading("Enter card details")
	p.wantText("header", "Demo Borough Council")
	p.wantText("main", "Total amount: £135.00")
	p.checkAccessible("the simulator's card page")

	p.enterCard(cardSucceeds)
	blocked := s.leaveCardPage(t, p, payButton, pay.ID)

	got := s.api.payment(t, pay.ID)
	if got.State != "succeeded" || got.ReceiptNumber == "" || got.CardLast4 != "1111" || got.CardBrand == "" {
		t.Fatalf("the API shows the paid payment as %+v, want succeeded with a receipt number and card ending 1111", got)
	}

	// The ledger holds one posting under the receipt number, one entry per bill, card payment.
	posting, err := s.db.PostingByReceipt(context.Background(), got.ReceiptNumber)
	if err != nil {
		t.Fatalf("the ledger has no posting for receipt %s: %v", got.ReceiptNumber, err)
	}
	bills := twoBills()
	if len(posting.Entries) != len(bills) {
		t.Fatalf("receipt %s has %d ledger entries, want one per bill (%d): %+v", got.ReceiptNumber, len(posting.Entries), len(bills), posting.Entries)
	}
	for i, e := range posting.Entries {
		want := money.MustParse(bills[i].Amount)
		if e.Fund != bills[i].FundCode || e.Reference != bills[i].Reference || e.Amount != want || e.CardLast4 != "1111" {
			t.Errorf("ledger entry %d is fund %s ref %s %s card …%s, want fund %s ref %s %s card …1111",
				i+1, e.Fund, e.Reference, e.Amount, e.CardLast4, bills[i].FundCode, bills[i].Reference, bills[i].Amount)
		}
	}
	if total := posting.Total().String(); total != got.Amount {
		t.Errorf("the ledger's total for receipt %s is %s, the API's %s", got.ReceiptNumber, total, got.Amount)
	}

	// A payer who comes back to the card page is sent on (a plain link, which the CSP does not
	// restrict): the payment cannot be paid twice.
	p.open(pay.NextURL, http.StatusOK)
	s.wantBackAtCaller(t, p, pay.ID)

	wantReturnedToCaller(t, blocked)
}

func (s *suite) testCardDeclined(t *testing.T) {
	pay := s.api.createPayment(t, apiPaymentRequest{Lines: twoBills(), ReturnURL: s.caller})
	p := s.page(t)
	p.open(pay.NextURL, http.StatusOK)
	p.enterCard(cardDeclined)
	blocked := s.leaveCardPage(t, p, payButton, pay.ID)

	got := s.api.payment(t, pay.ID)
	if got.State != "failed" || got.FailureCode != "P0010" || got.ReceiptNumber != "" {
		t.Fatalf("the API shows the declined payment as %+v, want failed with code P0010 and no receipt number", got)
	}
	wantReturnedToCaller(t, blocked)
}

func (s *suite) testCardCancelled(t *testing.T) {
	pay := s.api.createPayment(t, apiPaymentRequest{Lines: twoBills(), ReturnURL: s.caller})
	p := s.page(t)
	p.open(pay.NextURL, http.StatusOK)
	blocked := s.leaveCardPage(t, p, cancelButton, pay.ID)

	got := s.api.payment(t, pay.ID)
	if got.State != "cancelled" || got.ReceiptNumber != "" {
		t.Fatalf("the API shows the cancelled payment as %+v, want cancelled with no receipt number", got)
	}
	wantReturnedToCaller(t, blocked)
}

// testCardPageErrors sends the card form empty, then with a card number that fails the Luhn check:
// the page says what is wrong next to each field and in an error summary, and stays accessible.
func (s *suite) testCardPageErrors(t *testing.T) {
	pay := s.api.createPayment(t, apiPaymentRequest{Lines: twoBills(), ReturnURL: s.caller})
	p := s.page(t)
	p.open(pay.NextURL, http.StatusOK)
	p.fill("email", "")
	p.click(payButton, http.StatusOK)
	p.wantText(".govuk-error-summary", "There is a problem", "Enter your card number", "Enter the expiry date",
		"Enter the name as it appears on the card", "Enter the card security code")
	if title := p.title(); !strings.HasPrefix(title, "Error: ") {
		t.Errorf("the title of a page with errors is %q, want it to start with \"Error: \"", title)
	}
	p.checkAccessible("the card page with every field missing")

	p.enterCard("4444333322221112")
	p.click(payButton, http.StatusOK)
	p.wantText("#cardNo-error", "Enter a valid card number")
	if got := p.value("cardNo"); got != "" {
		t.Errorf("the card page writes the card number back into the form: %q", got)
	}
	p.checkAccessible("the card page with an invalid card number")

	if got := s.api.payment(t, pay.ID); got.State != "in_progress" {
		t.Errorf("after form errors the API shows the payment as %s, want in_progress", got.State)
	}
}

// testCardPageWelsh starts a payment in Welsh: the provider is asked for its Welsh pages.
func (s *suite) testCardPageWelsh(t *testing.T) {
	pay := s.api.createPayment(t, apiPaymentRequest{Lines: twoBills(), ReturnURL: s.caller, Language: "cy"})
	p := s.page(t)
	p.open(pay.NextURL, http.StatusOK)
	if got := p.lang(); got != "cy" {
		t.Errorf("the Welsh card page's language is %q, want cy", got)
	}
	p.wantHeading("Rhowch fanylion y cerdyn")
	p.wantText("main", "Rhif y cerdyn", "Cyfanswm:", "£135.00")
	p.checkAccessible("the simulator's Welsh card page")

	p.fill("email", "")
	p.click(payButton, http.StatusOK)
	p.wantText(".govuk-error-summary", "Rhowch rif eich cerdyn")
	p.checkAccessible("the Welsh card page with errors")
}
