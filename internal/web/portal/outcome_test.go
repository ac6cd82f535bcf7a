package portal_test

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/web/portal"
)

// pay puts a bulky waste booking (20 % VAT) and a council tax bill in the basket and goes to the
// card page, returning the payment's outcome page.
func (b *browser) payTwoBills() string {
	b.s.t.Helper()
	b.add("BW", "BW-2026-0042", "45.00")
	b.add("23", b.s.ref("Council tax", "40012345"), "100")
	b.checkout("payer@example.com")
	if p := b.post("/pay/check"); p.status != http.StatusSeeOther {
		b.s.t.Fatalf("Pay: %d\n%s", p.status, p.body)
	}
	return "/pay/outcome/" + b.s.lastPayment().ID
}

// The payer comes back from the card page: while the provider has no answer they are asked to
// wait; once it succeeds they see their receipt number and what they paid, and the basket is empty.
// Nobody else's browser can see the outcome.
func TestOutcomeOfASucceededPayment(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db, portal.RateLimit{})
		b := s.browser()
		outcome := b.payTwoBills()

		b.get(outcome).mustContain(t, "pending outcome", "We are waiting for your payment to be confirmed", `href="`+outcome+`"`)
		if p := s.browser().get(outcome); p.status != http.StatusNotFound {
			t.Errorf("another browser opening the outcome page: %d, want 404", p.status)
		}

		s.provider.finish(psp.Succeeded, "Visa", "1111")
		// The provider sends the payer back through the return route, which sends them on here.
		back := b.get(strings.TrimPrefix(s.provider.lastRequest().ReturnURL, s.url))
		if back.status != http.StatusSeeOther || back.location != outcome {
			t.Fatalf("return from the card page: %d %q, want 303 to %s", back.status, back.location, outcome)
		}
		ret := b.get(outcome)
		if ret.status != http.StatusOK {
			t.Fatalf("outcome: %d\n%s", ret.status, ret.body)
		}
		pp := s.lastPayment()
		ret.mustContain(t, "succeeded outcome", "Payment complete", "Your receipt number is", pp.ReceiptNumber,
			"BW-2026-0042", "£45.00", "£37.50", "£7.50", "£145.00", "payer@example.com")
		if p := s.browser().get(outcome); p.status != http.StatusNotFound {
			t.Errorf("another browser opening a paid outcome page: %d, want 404", p.status)
		}
		b.get("/pay/basket").mustContain(t, "basket after paying", "Your basket is empty")
		b.get(outcome).mustContain(t, "outcome seen again", pp.ReceiptNumber)

		link := regexp.MustCompile(`href="(/receipts/[^"]+)"`).FindStringSubmatch(ret.body)
		if link == nil {
			t.Fatalf("no receipt link on the outcome page")
		}
		receipt := b.get(html.UnescapeString(link[1]))
		if receipt.status != http.StatusOK {
			t.Fatalf("receipt: %d", receipt.status)
		}
	})
}

// A receipt opens only with its signature, and shows what the ledger recorded.
func TestReceiptNeedsItsSignatureAndMatchesTheLedger(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db, portal.RateLimit{})
		b := s.browser()
		outcome := b.payTwoBills()
		first := s.lastPayment().ReceiptNumber
		s.provider.finish(psp.Succeeded, "Visa", "1111")
		b.get(outcome)
		posting, err := db.PostingByReceipt(context.Background(), first)
		if err != nil {
			t.Fatal(err)
		}

		stranger := s.browser() // a receipt link works in any browser: it is what the email carries
		good := stranger.get(portal.ReceiptPath(s.receiptKey, first))
		if good.status != http.StatusOK {
			t.Fatalf("receipt with its signature: %d\n%s", good.status, good.body)
		}
		good.mustContain(t, "receipt", "VAT receipt", "Demo Borough Council", "Town Hall", "DM1 1AA", "GB 123 4567 89",
			first, "10 March 2026 at 09:30", "Card self-service (GOV.UK Pay) – Visa card ending in 1111",
			"Bulky waste collection", "Council Tax", "Standard rate", "Outside the scope of VAT", "20%")
		var vat ims.LedgerEntry
		for _, e := range posting.Entries {
			if e.Fund == "BW" {
				vat = e
			}
			good.mustContain(t, "receipt line "+e.Reference, e.Reference, e.Amount.Display(), (e.Amount - e.VATAmount).Display(), e.VATAmount.Display())
		}
		if vat.VATAmount != pence("7.50") {
			t.Fatalf("ledger VAT on £45.00 at 20%% = %v, want £7.50", vat.VATAmount)
		}
		good.mustContain(t, "receipt total", "Total paid: "+posting.Total().Display())

		print := stranger.get(portal.ReceiptPath(s.receiptKey, first) + "&print=1")
		print.mustContain(t, "print view", "VAT receipt", first)
		if strings.Contains(print.body, "govuk-service-navigation") || strings.Contains(print.body, "Cymraeg") {
			t.Errorf("the print view has the site's navigation")
		}

		// A second payment, to have another receipt whose signature can be misused.
		b.payTwoBills()
		s.provider.finish(psp.Succeeded, "Mastercard", "4444")
		b.get("/pay/outcome/" + s.lastPayment().ID)
		second := s.lastPayment().ReceiptNumber
		for name, path := range map[string]string{
			"no signature":                "/receipts/" + first,
			"empty signature":             "/receipts/" + first + "?sig=",
			"not hex":                     "/receipts/" + first + "?sig=zz",
			"another receipt's":           "/receipts/" + first + "?sig=" + portal.ReceiptSignature(s.receiptKey, second),
			"another key's":               portal.ReceiptPath([]byte("another key of thirty-two bytes!!"), first),
			"signed, but no such receipt": portal.ReceiptPath(s.receiptKey, "ABCDEFGHJK"),
		} {
			if p := stranger.get(path); p.status != http.StatusNotFound || strings.Contains(p.body, first) {
				t.Errorf("%s: %d, want 404 without the receipt", name, p.status)
			}
		}
	})
}

// A declined or cancelled payment keeps the basket, and trying again starts a new payment.
func TestFailedAndCancelledPaymentsKeepTheBasket(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db, portal.RateLimit{})
		b := s.browser()
		outcome := b.payTwoBills()
		s.provider.finish(psp.Failed, "", "")
		p := b.get(outcome)
		p.mustContain(t, "failed outcome", "Your payment was not successful", "No money has been taken", `href="/pay/check"`)
		b.get("/pay/basket").mustContain(t, "basket after a failure", "BW-2026-0042")

		again := b.post("/pay/check")
		if again.location != "https://card.example/pay/prov2" {
			t.Fatalf("trying again: %d %q, want a new payment", again.status, again.location)
		}
		s.provider.finish(psp.Cancelled, "", "")
		b.get("/pay/outcome/"+s.lastPayment().ID).mustContain(t, "cancelled outcome", "Your payment was cancelled")
		b.get("/pay/basket").mustContain(t, "basket after cancelling", "BW-2026-0042")
		if n := s.pendingPayments(); n != 2 {
			t.Errorf("%d pending payments, want 2", n)
		}
	})
}
