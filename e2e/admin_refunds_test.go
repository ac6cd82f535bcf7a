package e2e

import (
	"net/http"
	"testing"
)

// A card payment of £700.00 is found by its receipt and refunded in full by a user holding every
// role (first without a reason, named in the error summary); above the demo's £500.00 limit it waits
// for approval, which the asker is not offered; the demo refund approver approves it and the receipt
// then shows it succeeded. Every page passes axe-core, the error state included.
func (s *suite) testAdminRefunds(t *testing.T) {
	pay := s.api.createPayment(t, apiPaymentRequest{ReturnURL: s.caller, Lines: []apiLine{
		{FundCode: "11", Reference: "BJ99518409", Amount: "400.00"},
		{FundCode: "2R", Reference: "FP20000050", Amount: "300.00"},
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
	s.signIn(t, p, "super@demo.example")
	p.open(s.srv.URL+"/admin/transactions", http.StatusOK)
	p.fill("f-receipt", got.ReceiptNumber)
	p.clickText("Search", http.StatusOK)
	p.clickText(got.ReceiptNumber, http.StatusOK)
	p.wantHeading(got.ReceiptNumber)
	p.clickText("Refund", http.StatusOK)
	p.wantText("main", "£700.00 of this payment can still be refunded", "BJ99518409", "FP20000050")
	p.checkAccessible("refund form")
	p.clickText("Continue", http.StatusUnprocessableEntity)
	p.wantText(".govuk-error-summary", "Enter the reason for the refund")
	p.checkAccessible("refund form with an error")
	p.fill("f-reason", "Paid the wrong notices")
	p.clickText("Continue", http.StatusOK)
	p.wantHeading("Check the refund")
	p.wantText("main", "£700.00 to the payer's card")
	p.checkAccessible("refund confirmation")
	p.clickText("Request refund", http.StatusOK)
	p.wantText(".govuk-notification-banner--success", "above the approval limit")
	p.wantText("#refunds", "Awaiting approval", "Paid the wrong notices")
	p.checkAccessible("receipt with a refund awaiting approval")
	p.open(s.srv.URL+"/admin/refunds/approvals", http.StatusOK)
	p.wantText("main", "You asked for this refund, so another refund approver must decide on it")

	a := s.page(t)
	s.signIn(t, a, "refundapprover@demo.example")
	a.clickText("Refund approvals", http.StatusOK)
	a.wantText("main", got.ReceiptNumber, "£700.00", "Paid the wrong notices", "Demo All Roles")
	a.checkAccessible("refunds awaiting approval")
	a.click(`form[action$="/reject"] button`, http.StatusUnprocessableEntity)
	a.wantText(".govuk-error-summary", "Enter the reason for rejecting the refund")
	a.checkAccessible("refunds awaiting approval with an error")
	a.click(`form[action$="/approve"] button`, http.StatusOK)
	a.wantText(".govuk-notification-banner--success", "Approved.", "£700.00")
	a.wantText("main", "No refund is waiting for approval")

	p.open(s.srv.URL+"/admin/receipts/"+got.ReceiptNumber, http.StatusOK)
	p.wantText("#refunds", "Succeeded (approved by")
	p.checkAccessible("receipt with a refund approved and succeeded")
}
