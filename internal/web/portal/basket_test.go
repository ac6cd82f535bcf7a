package portal_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/web/portal"
)

// Each wrong answer is named in the error summary, linked to its field, and beside the field.
func TestPaymentDetailsAreValidated(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db, portal.RateLimit{})
		b := s.browser()
		tests := []struct {
			name, fund, ref, amount string
			field, message          string
		}{
			{"blank", "23", "", "", "reference", "Enter the reference from your bill"},
			{"blank amount", "23", s.ref("Council tax", "40012345"), "", "amount", "Enter the amount you want to pay"},
			{"check digit", "23", "400123452", "10", "reference", "Reference check digit is wrong"},
			{"three decimals", "23", s.ref("Council tax", "40012345"), "12.345", "amount", "Enter the amount with no more than 2 decimal places, like 125.50"},
			{"not money", "23", s.ref("Council tax", "40012345"), "ten pounds", "amount", "Enter the amount in pounds and pence, like 125.50"},
			{"euros", "23", s.ref("Council tax", "40012345"), "€5.00", "amount", "Enter the amount in pounds and pence, like 125.50"},
			{"dollars", "23", s.ref("Council tax", "40012345"), "$5.00", "amount", "Enter the amount in pounds and pence, like 125.50"},
			{"zero", "23", s.ref("Council tax", "40012345"), "0.00", "amount", "Enter an amount more than £0.00"},
			{"over the fund's maximum", "11", "BJ99518409", "600", "amount", "Amount must be £500.00 or less for Parking fine (penalty charge notice)"},
			{"under the card minimum", "11", "BJ99518409", "0.50", "amount", "Amount must be £1.00 or more for Card self-service (GOV.UK Pay)"},
			{"no such tenancy", "5", "51000678330", "10", "reference", "There is no Rent account with reference 51000678330"},
			{"account on stop", "5", "51000567209", "10", "reference", "This rent account cannot be paid online. Please contact the council&#39;s rents team."}, // the public text, not the staff's
		}
		for _, tt := range tests {
			p := b.post("/pay/details", "fund", tt.fund, "reference", tt.ref, "amount", tt.amount)
			if p.status != http.StatusUnprocessableEntity {
				t.Errorf("%s: status %d, want 422", tt.name, p.status)
				continue
			}
			p.mustContain(t, tt.name, "<title>Error: ", `class="govuk-error-summary"`,
				fmt.Sprintf(`<a href="#%s">%s</a>`, tt.field, tt.message),
				fmt.Sprintf(`<p id="%s-error" class="govuk-error-message">`, tt.field))
			if tt.amount != "" {
				p.mustContain(t, tt.name+" keeps the amount typed", fmt.Sprintf(`value="%s"`, tt.amount))
			}
		}
		if p := b.get("/pay/basket"); !strings.Contains(p.body, "Your basket is empty") {
			t.Errorf("a refused payment reached the basket:\n%s", p.body)
		}
	})
}

// A card number typed as a reference is refused and never shown back.
func TestCardNumberAsReferenceIsRefused(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db, portal.RateLimit{})
		p := s.browser().post("/pay/details", "fund", "19", "reference", "4444 3333 2222 1111", "amount", "10")
		if p.status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", p.status)
		}
		p.mustContain(t, "card number", "Reference looks like a card number. Do not enter card details here")
		if strings.Contains(p.body, "4444 3333 2222 1111") || strings.Contains(p.body, "4444333322221111") {
			t.Errorf("the card number was sent back to the browser")
		}
	})
}

// A fund that is not on the portal cannot be paid through it, whatever the form says.
func TestFundsNotOnThePortalAreRefused(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db, portal.RateLimit{})
		b := s.browser()
		if p := b.post("/pay/details", "fund", "13", "reference", "ANYTHING", "amount", "10"); p.location != "/pay" {
			t.Errorf("adding to fund 13: %d %q, want a redirect to /pay", p.status, p.location)
		}
		if p := b.post("/pay", "fund", "1"); p.status != http.StatusUnprocessableEntity ||
			!strings.Contains(p.body, `<a href="#fund">Select what you want to pay</a>`) {
			t.Errorf("choosing the suspense fund: %d\n%s", p.status, p.body)
		}
		if p := b.get("/pay/details?fund=XT"); p.location != "/pay" {
			t.Errorf("details of fund XT: %d %q", p.status, p.location)
		}
	})
}

// The basket holds ten payments, refuses the same reference twice, and lines can be removed one at
// a time or all at once.
func TestBasketLimitsAndRemoval(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db, portal.RateLimit{})
		b := s.browser()
		var refs []string
		for i := range 11 {
			refs = append(refs, s.ref("Council tax", fmt.Sprintf("400123%02d", 10+i)))
		}
		b.add("23", refs[0], "10")
		p := b.post("/pay/details", "fund", "23", "reference", strings.ToLower(" "+refs[0]+" "), "amount", "5")
		if p.status != http.StatusUnprocessableEntity {
			t.Fatalf("same reference again: %d", p.status)
		}
		p.mustContain(t, "duplicate", `<a href="#reference">You have already added this reference to your basket</a>`)
		b.add("24", refs[0], "5") // the same number in another fund is another bill

		for _, ref := range refs[1:9] {
			b.add("23", ref, "1")
		}
		full := b.post("/pay/details", "fund", "23", "reference", refs[10], "amount", "1")
		if full.status != http.StatusUnprocessableEntity {
			t.Fatalf("11th payment: %d, want 422", full.status)
		}
		full.mustContain(t, "11th payment", "Your basket already has 10 payments")
		if p := b.post("/pay", "fund", "23"); p.status != http.StatusUnprocessableEntity {
			t.Errorf("choosing an 11th payment: %d, want 422", p.status)
		}
		basket := b.get("/pay/basket")
		if n := strings.Count(basket.body, `action="/pay/basket/remove"`); n != 10 {
			t.Fatalf("basket shows %d lines, want 10", n)
		}
		if strings.Contains(basket.body, "Add another payment") {
			t.Errorf("a full basket offers to add another payment")
		}

		if p := b.post("/pay/basket/remove", "line", "23:"+refs[1]); p.location != "/pay/basket" {
			t.Fatalf("remove: %d %q", p.status, p.location)
		}
		basket = b.get("/pay/basket")
		if strings.Contains(basket.body, refs[1]) || !strings.Contains(basket.body, refs[2]) {
			t.Errorf("removing %s removed the wrong line:\n%s", refs[1], basket.body)
		}
		if n := strings.Count(basket.body, `action="/pay/basket/remove"`); n != 9 {
			t.Errorf("basket shows %d lines after a removal, want 9", n)
		}
		b.add("23", refs[10], "1") // room again

		b.post("/pay/basket/empty")
		b.get("/pay/basket").mustContain(t, "emptied basket", "Your basket is empty")
		if p := b.get("/pay/check"); p.location != "/pay/basket" {
			t.Errorf("check page with an empty basket: %d %q", p.status, p.location)
		}
	})
}

// A fund that needs the payer's address leads to the address page, where the postcode must be a
// UK one; the address then goes with the payment.
func TestAddressWhenAFundNeedsIt(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db, portal.RateLimit{})
		b := s.browser()
		b.add("19", "SI/26/00412", "250")
		b.get("/pay/basket").mustContain(t, "basket", `href="/pay/address"`)
		if p := b.get("/pay/check"); p.location != "/pay/address" {
			t.Errorf("check page without an address: %d %q", p.status, p.location)
		}
		bad := b.post("/pay/address", "name", "Ann Other", "address-line-1", "2 Low Road", "address-town", "Demoton", "postcode", "XYZ 123")
		if bad.status != http.StatusUnprocessableEntity {
			t.Fatalf("bad postcode: %d", bad.status)
		}
		bad.mustContain(t, "bad postcode", `<a href="#postcode">Enter a real UK postcode, like SW1A 1AA</a>`, `value="Ann Other"`)
		blank := b.post("/pay/address")
		blank.mustContain(t, "blank address", `<a href="#name">Enter your full name</a>`,
			`<a href="#address-line-1">Enter the first line of your address</a>`, `<a href="#address-town">Enter your town or city</a>`,
			`<a href="#postcode">Enter your postcode</a>`)

		if p := b.post("/pay/address", "name", "Ann Other", "address-line-1", "2 Low Road", "address-town", "Demoton", "postcode", "dm1 2ab"); p.location != "/pay/email" {
			t.Fatalf("good address: %d %q\n%s", p.status, p.location, p.body)
		}
		b.checkout("ann@example.com")
		b.get("/pay/check").mustContain(t, "check page", "Ann Other", "2 Low Road, Demoton, DM1 2AB", "ann@example.com")
		if p := b.post("/pay/check"); p.status != http.StatusSeeOther {
			t.Fatalf("Pay: %d\n%s", p.status, p.body)
		}
		pp := s.lastPayment()
		if pp.Payer.Name != "Ann Other" || pp.Payer.Postcode != "DM1 2AB" || strings.Join(pp.Payer.Address, "|") != "2 Low Road|Demoton" || pp.Payer.Email != "ann@example.com" {
			t.Errorf("payer = %+v", pp.Payer)
		}
	})
}
