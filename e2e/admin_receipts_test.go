package e2e

import (
	"net/http"
	"testing"
)

// The demo finance officer finds a Welsh payer's card payment by its receipt number and emails the
// receipt again: the payer gave no address, so a blank answer is named in the error summary; with
// an address typed the receipt page says it is on its way, and its audit trail names the finance
// officer. Every page passes axe-core, the error state included.
func (s *suite) testAdminReceiptEmail(t *testing.T) {
	pay := s.api.createPayment(t, apiPaymentRequest{ReturnURL: s.caller, Language: "cy", Lines: []apiLine{
		{FundCode: "11", Reference: "BJ99518409", Amount: "35.00"},
	}})
	card := s.page(t)
	card.open(pay.NextURL, http.StatusOK)
	card.enterCard(cardSucceeds)
	wantReturnedToCaller(t, s.leaveCardPage(t, card, payButton, pay.ID))
	got := s.api.payment(t, pay.ID)
	if got.State != "succeeded" {
		t.Fatalf("the payment is %s, want succeeded", got.State)
	}

	p := s.page(t)
	s.signIn(t, p, "finance@demo.example")
	p.clickText("Transactions", http.StatusOK)
	p.fill("f-receipt", got.ReceiptNumber)
	p.clickText("Search", http.StatusOK)
	p.clickText(got.ReceiptNumber, http.StatusOK)
	p.wantHeading(got.ReceiptNumber)
	p.clickText("Email the receipt again", http.StatusOK)
	p.wantHeading("Email the receipt again")
	p.wantText("main", "The payer gave no email address", "written in Welsh")
	p.checkAccessible("email the receipt again")
	p.clickText("Send the receipt", http.StatusUnprocessableEntity)
	p.wantText(".govuk-error-summary", "Enter the email address to send the receipt to")
	p.checkAccessible("email the receipt again with an error")
	p.fill("f-email", "talwr@example.com")
	p.clickText("Send the receipt", http.StatusOK)
	p.wantHeading(got.ReceiptNumber)
	p.wantText(".govuk-notification-banner--success", "The receipt is on its way to talwr@example.com")
	p.wantText("#audit", "Demo Finance", "receipt.email")
	p.checkAccessible("receipt after emailing it again")
}
