package govukpaysim

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/ims-council/ims/money"
)

// The card page written from its first showing is, byte for byte, the page html/template renders
// for the same payment: in English and Welsh, for each account's service name, with and without
// an email, for MOTO payments, and with a description and email html/template must escape.
func TestFirstShowingIsTheRenderedPage(t *testing.T) {
	t.Parallel()
	sim := newHarness(t, nil).sim
	descriptions := []string{"Parking fine", `Fine <PCN> & "late" fee + 'admin'`, ""}
	emails := []string{"", "payer@example.com", "o'neil+fines@example.com"}
	for _, lang := range []string{"en", "cy"} {
		for account := range sim.accounts {
			for _, moto := range []bool{false, true} {
				for i, description := range descriptions {
					p := payment{token: randomID(sim.opts.Rand, tokenLength), account: account, amount: money.Pence(123_456_78 + i),
						description: description, language: lang, email: emails[i], moto: moto}
					name := fmt.Sprintf("%s/account %d/moto %v/%q", lang, account, moto, description)
					first, err := sim.firstShowingOf(p)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					var got, want bytes.Buffer
					if err := first.write(&got, p.description, p.amount.Display(), p.token, p.email); err != nil {
						t.Fatal(err)
					}
					page := sim.cardPageFor(&p, cardForm{email: p.email}, nil)
					if err := sim.pages.Render(&want, pageCard, sim.layoutFor(&p, page.Heading, false), page); err != nil {
						t.Fatal(err)
					}
					if got.String() != want.String() {
						t.Errorf("%s: the first showing differs from the rendered page at byte %d:\n%s\nwant\n%s",
							name, firstDifference(got.String(), want.String()), got.String(), want.String())
					}
				}
			}
		}
	}
	if n := len(sim.first.pages); n != 2*len(sim.accounts)*2 {
		t.Errorf("%d first showings kept; want one per language, service name and kind of payment", n)
	}
}

// A template that no longer shows a stand-in where the card page puts it is refused, so the
// simulator renders the page instead of showing another payment's values.
func TestFirstShowingRefusesAPageWithoutItsStandIns(t *testing.T) {
	t.Parallel()
	amount := standInAmount.Display()
	whole := "<p>" + standInDescription + " " + amount + "</p><form action=\"/secure/" + standInToken + "\">" +
		`<input value="` + standInEmail + `"/>` + amount + "</form><form action=\"/secure/" + standInToken + "/cancel\"></form>"
	if _, err := cutAtStandIns(whole, true); err != nil {
		t.Fatalf("a page with every stand-in: %v", err)
	}
	for name, page := range map[string]string{
		"no description":            strings.Replace(whole, standInDescription, "", 1),
		"a token shown as text":     whole + standInToken,
		"the email outside a value": strings.Replace(whole, `value="`+standInEmail+`"`, standInEmail, 1),
	} {
		if _, err := cutAtStandIns(page, true); err == nil {
			t.Errorf("%s: cut without an error", name)
		}
	}
	if _, err := cutAtStandIns(whole, false); err == nil {
		t.Error("an email input on a MOTO payment's page: cut without an error")
	}
}

func firstDifference(a, b string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
