package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
)

// The portal's buttons, each the only button of its form.
const (
	chooseButton  = `form[action="/pay"] button`
	detailsButton = `form[action="/pay/details"] button`
	addressButton = `form[action="/pay/address"] button`
	emailButton   = `form[action="/pay/email"] button`
	portalPay     = `form[action="/pay/check"] button`
)

// portal is a payer's tab on the citizen portal, in English or Welsh.
type portal struct {
	*page
	base string
	lang string // "en" or "cy"
}

func (s *suite) portal(t *testing.T, lang string) *portal {
	return &portal{page: s.page(t), base: s.srv.URL, lang: lang}
}

// tr is the text the payer should see for a fixed English text in the page's language. In Welsh
// the text must have a translation, so that a page still in English fails wantHeading and
// wantText.
func (p *portal) tr(english string) string {
	p.t.Helper()
	s := govukfrontend.Translate(p.lang, english)
	if p.lang == "cy" && s == english {
		p.t.Fatalf("govukfrontend.Translate has no Welsh for %q", english)
	}
	return s
}

// addBill chooses what to pay on /pay and enters its reference and amount, ending on the basket.
func (p *portal) addBill(fund, reference, amount string) {
	p.t.Helper()
	p.open(p.base+"/pay", http.StatusOK)
	p.choose(fund)
	p.click(chooseButton, http.StatusOK)
	p.fill("reference", reference)
	p.fill("amount", amount)
	p.click(detailsButton, http.StatusOK)
	p.wantHeading(p.tr("Your basket"))
}

// choose picks the fund's radio button on "What do you want to pay?".
func (p *portal) choose(fund string) {
	p.t.Helper()
	p.check(`input[name="fund"][value="` + fund + `"]`)
}

// continueToPayment goes from the basket through the email question (no email) to the check page,
// and presses Pay, ending on the card page.
func (p *portal) continueToPayment() {
	p.t.Helper()
	p.clickText(p.tr("Continue"), http.StatusOK)
	p.wantHeading(p.tr("Do you want a receipt by email?"))
	p.click(emailButton, http.StatusOK)
	p.wantHeading(p.tr("Check your answers before paying"))
	p.click(portalPay, http.StatusOK)
	p.wantCardPage()
}

// wantCardPage fails the test unless the tab shows the simulator's card page, in the portal's
// language: the portal asks the provider for Welsh pages when the payer reads Welsh.
func (p *portal) wantCardPage() {
	p.t.Helper()
	want := "Enter card details"
	if p.lang == "cy" {
		want = "Rhowch fanylion y cerdyn"
	}
	p.wantHeading(want)
	if got := p.page.lang(); got != p.lang {
		p.t.Errorf("the card page's language is %q, want %q", got, p.lang)
	}
}

// paidRow is one row of the "What you paid" table of the outcome page and the receipt.
type paidRow struct{ label, reference, amount string }

// paidRows reads the "What you paid" table: its payment rows and its total.
func (p *portal) paidRows() (rows []paidRow, total string) {
	p.t.Helper()
	for _, c := range p.tableRows(p.tr("What you paid")) {
		if len(c) != 6 {
			p.t.Fatalf("a row of the paid table has %d cells, want 6: %q", len(c), c)
		}
		if c[0] == p.tr("Total") {
			total = c[5]
			continue
		}
		rows = append(rows, paidRow{label: c[0], reference: c[1], amount: c[5]})
	}
	return rows, total
}

// wantPaidAsLedger fails the test unless the page's "What you paid" table shows exactly the ledger
// entries of the receipt, in order, and their total, and the receipt has that many lines.
func (s *suite) wantPaidAsLedger(t *testing.T, p *portal, receipt string, lines int) {
	t.Helper()
	posting, err := s.db.PostingByReceipt(context.Background(), receipt)
	if err != nil {
		t.Fatalf("the ledger has no posting for receipt %s: %v", receipt, err)
	}
	rows, total := p.paidRows()
	var entries []ims.LedgerEntry
	for _, e := range posting.Entries {
		if e.Kind != ims.EntryFee {
			entries = append(entries, e)
		}
	}
	if len(entries) != lines {
		t.Fatalf("the ledger has %d entries for receipt %s, want %d: %+v", len(entries), receipt, lines, entries)
	}
	if len(rows) != len(entries) {
		t.Fatalf("%s shows %d paid lines %+v; the ledger has %d entries for receipt %s: %+v", p.location(), len(rows), rows, len(entries), receipt, entries)
	}
	for i, e := range entries {
		if rows[i].reference != e.Reference || rows[i].amount != e.Amount.Display() {
			t.Errorf("%s line %d shows %s %s; the ledger has %s %s", p.location(), i+1, rows[i].reference, rows[i].amount, e.Reference, e.Amount.Display())
		}
	}
	if want := posting.Total().Display(); total != want {
		t.Errorf("%s shows the total %s; the ledger's total for receipt %s is %s", p.location(), total, receipt, want)
	}
}

// testPortalPaysTwoBills is the whole happy path: two bills in one basket, paid by card, with the
// mistakes a payer makes on the way, ending on a receipt that matches the ledger.
func (s *suite) testPortalPaysTwoBills(t *testing.T) {
	p := s.portal(t, "en")
	p.open(s.srv.URL+"/", http.StatusOK)
	p.clickText("Start now", http.StatusOK)
	p.wantHeading("What do you want to pay?")
	p.checkAccessible("What do you want to pay?")

	p.click(chooseButton, http.StatusUnprocessableEntity)
	p.wantText(".govuk-error-summary", "There is a problem")
	p.checkAccessible("What do you want to pay? with an error")

	p.choose("11")
	p.click(chooseButton, http.StatusOK)
	p.wantHeading("Parking fine")
	p.checkAccessible("the parking fine's reference and amount")

	p.fill("reference", "BJ99518408") // a wrong check digit
	p.fill("amount", "twelve")
	p.click(detailsButton, http.StatusUnprocessableEntity)
	p.wantText(".govuk-error-summary", "There is a problem")
	if n := len(p.texts(".govuk-error-summary__list li")); n != 2 {
		t.Errorf("the error summary lists %d problems, want 2 (reference and amount):\n%s", n, p.text(".govuk-error-summary"))
	}
	if !strings.HasPrefix(p.title(), "Error: ") {
		t.Errorf("the title of a page with errors is %q, want it to start with \"Error: \"", p.title())
	}
	p.checkAccessible("the reference and amount page with errors")

	p.fill("reference", "BJ99518409")
	p.fill("amount", "35.00")
	p.click(detailsButton, http.StatusOK)
	p.wantHeading("Your basket")
	p.checkAccessible("the basket with one payment")

	p.clickText("Add another payment", http.StatusOK)
	p.choose("2R")
	p.click(chooseButton, http.StatusOK)
	p.fill("reference", "FP20000050")
	p.fill("amount", "100")
	p.click(detailsButton, http.StatusOK)
	p.wantText("main", "BJ99518409", "FP20000050", "£135.00")
	p.checkAccessible("the basket with two payments")

	p.clickText("Continue", http.StatusOK)
	p.wantHeading("Do you want a receipt by email?")
	p.checkAccessible("the email question")
	p.fill("email", "not an email address")
	p.click(emailButton, http.StatusUnprocessableEntity)
	p.wantText(".govuk-error-summary", "There is a problem")
	p.checkAccessible("the email question with an error")
	p.fill("email", "ada@example.com")
	p.click(emailButton, http.StatusOK)

	p.wantHeading("Check your answers before paying")
	p.wantText("main", "BJ99518409", "FP20000050", "£135.00", "ada@example.com")
	p.checkAccessible("check your answers")
	p.click(portalPay, http.StatusOK)
	p.wantCardPage()
	p.wantText("main", "£135.00")
	if got := p.value("email"); got != "ada@example.com" {
		t.Errorf("the card page's email is %q, want the payer's ada@example.com", got)
	}

	p.enterCard(cardSucceeds)
	p.click(payButton, http.StatusOK)
	p.wantHeading("Payment complete")
	receipt := strings.TrimSpace(p.text(".govuk-panel .ims-reference"))
	if receipt == "" {
		t.Fatalf("the outcome page shows no receipt number:\n%s", p.text("main"))
	}
	p.wantText("main", "ada@example.com")
	s.wantPaidAsLedger(t, p, receipt, 2)
	p.checkAccessible("the payment complete page")

	p.clickText("View and print your receipt", http.StatusOK)
	p.wantHeading("VAT receipt")
	p.wantText("main", receipt, "Demo Borough Council")
	s.wantPaidAsLedger(t, p, receipt, 2)
	p.checkAccessible("the VAT receipt")
	p.clickText("Print-friendly version", http.StatusOK)
	p.wantHeading("VAT receipt")
	p.checkAccessible("the printable VAT receipt")

	p.open(s.srv.URL+"/pay/basket", http.StatusOK)
	p.wantText("main", "Your basket is empty.")
}

// testPortalDeclined: a declined card shows the failure page with "Try again"; the basket is kept,
// and trying again with a good card pays it.
func (s *suite) testPortalDeclined(t *testing.T) {
	p := s.portal(t, "en")
	p.addBill("11", "BJ99514805", "20.00")
	p.continueToPayment()
	p.enterCard(cardDeclined)
	p.click(payButton, http.StatusOK)
	p.wantHeading("Your payment was not successful")
	p.wantText("main", "No money has been taken")
	p.checkAccessible("the payment failed page")

	p.clickText("Try again", http.StatusOK)
	p.wantHeading("Check your answers before paying")
	p.wantText("main", "BJ99514805", "£20.00")
	p.click(portalPay, http.StatusOK)
	p.wantCardPage()
	p.enterCard(cardSucceeds)
	p.click(payButton, http.StatusOK)
	p.wantHeading("Payment complete")
	s.wantPaidAsLedger(t, p, strings.TrimSpace(p.text(".govuk-panel .ims-reference")), 1)
}

// testPortalCancelled: the card page's cancel button shows the cancellation page; the basket is
// kept.
func (s *suite) testPortalCancelled(t *testing.T) {
	p := s.portal(t, "en")
	p.addBill("11", "BJ9951434A", "15.50")
	p.continueToPayment()
	p.click(cancelButton, http.StatusOK)
	p.wantHeading("Your payment was cancelled")
	p.checkAccessible("the payment cancelled page")
	p.clickText("Change your payments", http.StatusOK)
	p.wantHeading("Your basket")
	p.wantText("main", "BJ9951434A", "£15.50")
}

// testPortalAddress: an invoice needs the payer's name and address, with a UK postcode.
func (s *suite) testPortalAddress(t *testing.T) {
	p := s.portal(t, "en")
	p.addBill("19", "SI/26/00412", "60.00")
	p.clickText("Continue", http.StatusOK)
	p.wantHeading("What is your name and address?")
	p.checkAccessible("the name and address page")

	p.fill("postcode", "not a postcode")
	p.click(addressButton, http.StatusUnprocessableEntity)
	p.wantText(".govuk-error-summary", "There is a problem")
	p.checkAccessible("the name and address page with errors")

	p.fill("name", "Ada Lovelace")
	p.fill("address-line-1", "1 High Street")
	p.fill("address-town", "Demoton")
	p.fill("postcode", "dm1 1aa")
	p.click(addressButton, http.StatusOK)
	p.wantHeading("Do you want a receipt by email?")
	p.click(emailButton, http.StatusOK)
	p.wantHeading("Check your answers before paying")
	p.wantText("main", "Ada Lovelace", "1 High Street", "SI/26/00412", "£60.00")
}

// testPortalWelsh walks the portal in Welsh from the language link: every page in Welsh, the card
// page in Welsh too, and a Welsh outcome.
func (s *suite) testPortalWelsh(t *testing.T) {
	p := s.portal(t, "cy")
	p.open(s.srv.URL+"/pay", http.StatusOK)
	p.clickText("Cymraeg", http.StatusOK)
	if got := p.page.lang(); got != "cy" {
		t.Fatalf("after the Cymraeg link the page's language is %q, want cy", got)
	}
	p.wantHeading(p.tr("What do you want to pay?"))
	// The demo council's funds by their Welsh names and hints (reference data name_cy, portal_*_cy).
	p.wantText("main", "Hysbysiad cosb benodedig", "Rhent cartref cyngor", "Mae rhif yr hysbysiad yn dechrau gyda FP")
	p.checkAccessible("What do you want to pay? in Welsh")

	p.choose("2R")
	p.click(chooseButton, http.StatusOK)
	p.wantHeading("Hysbysiad cosb benodedig")
	p.wantText("main", "Rhif yr hysbysiad cosb benodedig")
	p.fill("reference", "FP2000005")
	p.click(detailsButton, http.StatusUnprocessableEntity)
	p.wantText(".govuk-error-summary", p.tr("There is a problem"))
	p.checkAccessible("the reference and amount page in Welsh with errors")
	p.fill("reference", "FP20000050")
	p.fill("amount", "100.00")
	p.click(detailsButton, http.StatusOK)
	p.wantHeading(p.tr("Your basket"))
	p.checkAccessible("the basket in Welsh")

	p.clickText(p.tr("Continue"), http.StatusOK)
	p.wantHeading(p.tr("Do you want a receipt by email?"))
	p.checkAccessible("the email question in Welsh")
	p.click(emailButton, http.StatusOK)
	p.wantHeading(p.tr("Check your answers before paying"))
	p.checkAccessible("check your answers in Welsh")
	p.click(portalPay, http.StatusOK)
	p.wantCardPage()

	p.enterCard(cardSucceeds)
	p.click(payButton, http.StatusOK)
	p.wantHeading(p.tr("Payment complete"))
	if got := p.page.lang(); got != "cy" {
		t.Errorf("the outcome page's language is %q, want cy", got)
	}
	p.checkAccessible("the payment complete page in Welsh")
	s.wantPaidAsLedger(t, p, strings.TrimSpace(p.text(".govuk-panel .ims-reference")), 1)

	p.clickText("English", http.StatusOK)
	p.lang = "en"
	p.wantHeading("Payment complete")
}

// testPortalNotFound: a page that does not exist, and someone else's outcome page.
func (s *suite) testPortalNotFound(t *testing.T) {
	p := s.portal(t, "en")
	p.open(s.srv.URL+"/pay/outcome/pay-nobodys", http.StatusNotFound)
	p.wantHeading("Page not found")
	p.checkAccessible("page not found")
}
