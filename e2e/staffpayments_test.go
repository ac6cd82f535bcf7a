package e2e

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

// A member of staff holding every role takes a cheque by post for a rent account found by its
// postcode (name and address filled in from it), ending on the cheque's receipt; then a council
// tax payment by card over the phone: the simulator's MOTO card page asks for no email, and the
// officer comes back to the back office's result page and opens the receipt. Every page passes
// axe-core, the look-up and the form with errors included.
func (s *suite) testAdminStaffPayments(t *testing.T) {
	p := s.page(t)
	s.signIn(t, p, "super@demo.example")
	p.open(s.srv.URL+"/admin/payments/new", http.StatusOK)
	p.wantHeading("Take a payment")
	p.checkAccessible("staff payment form")
	p.fill("f-find_postcode", "DM1 2AB")
	p.clickText("Find account holder", http.StatusOK)
	p.wantText("#found", "Ms A Patel", "51000123017")
	p.checkAccessible("account holders found")
	p.click(`#found a[href*="51000123017"]`, http.StatusOK)
	if got := p.value("f-payer-name"); got != "Ms A Patel" {
		t.Fatalf("payer's name %q; want the account holder's", got)
	}
	p.fill("f-lines-0-amount", "85.50")
	p.check("#f-kind-cheque")
	p.clickText("Take the payment", http.StatusUnprocessableEntity)
	p.wantText(".govuk-error-summary", "Enter the cheque number", "Choose the office")
	p.checkAccessible("staff payment form with errors")
	p.fill("f-mop_code", "24")
	p.fill("f-office", "PR")
	p.fill("f-cheque-number", "100234")
	p.fill("f-cheque-drawer", "A Patel")
	p.clickText("Take the payment", http.StatusOK)
	p.wantText(".govuk-panel", "Payment taken")
	p.wantText("main", "100234", "A Patel", "£85.50")
	p.checkAccessible("cheque taken")
	p.click(`#payment a[href^="/admin/receipts/"]`, http.StatusOK)
	p.wantText("main", "51000123017", "£85.50")
	p.checkAccessible("cheque's receipt")

	p.open(s.srv.URL+"/admin/payments/new", http.StatusOK)
	p.fill("f-payer-name", "Mr F Williams")
	p.fill("f-lines-0-fund_code", "23")
	p.fill("f-lines-0-reference", "400123451")
	p.fill("f-lines-0-amount", "42.00")
	p.check("#f-kind")
	p.clickText("Take the payment", http.StatusOK) // to the simulator's card page
	if p.value("cardNo") != "" || len(p.texts("#email")) != 0 {
		t.Fatalf("the MOTO card page is not the simulator's without the email field (%s)", p.location())
	}
	p.fill("cardNo", cardSucceeds)
	p.fill("expiryMonth", "12")
	p.fill("expiryYear", strconv.Itoa(time.Now().Year()+2))
	p.fill("cardholderName", "F Williams")
	p.fill("cvc", "123")
	p.fill("addressLine1", "5 Park Avenue")
	p.fill("addressCity", "Demoton")
	p.fill("addressPostcode", "DM2 1JK")
	p.click(payButton, http.StatusOK)
	p.wantText(".govuk-panel", "Payment taken")
	p.wantText("main", "400123451", "£42.00")
	p.checkAccessible("card payment over the phone taken")
	p.click(`#payment a[href^="/admin/receipts/"]`, http.StatusOK)
	p.wantText("main", "400123451", "£42.00")
}
