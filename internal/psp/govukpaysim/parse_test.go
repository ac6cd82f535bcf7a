package govukpaysim

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestPostcodes(t *testing.T) {
	for in, want := range map[string]string{
		"sw1a 1aa": "SW1A 1AA", "M1 1AE": "M1 1AE", "b33 8th": "B33 8TH", "cr26xh": "CR2 6XH",
		"DN55 1PT": "DN55 1PT", "W1A 0AX": "W1A 0AX", "ec1a1bb": "EC1A 1BB",
	} {
		if got, ok := ukPostcode(in); !ok || got != want {
			t.Errorf("ukPostcode(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "CF10", "12345", "SW1A 1A", "SW1A 1AAA", "ABC1 1AA", "1A 1AA", "SW1A-1AA"} {
		if _, ok := ukPostcode(in); ok {
			t.Errorf("ukPostcode accepted %q", in)
		}
	}
}

func TestCardNumbers(t *testing.T) {
	for in, want := range map[string]string{
		"4444 3333 2222 1111": "4444333322221111", "4444-3333-2222-1111": "4444333322221111",
	} {
		if got, ok := cardDigits(in); !ok || got != want {
			t.Errorf("cardDigits(%q) = %q, %v", in, got, ok)
		}
	}
	for _, in := range []string{"4444.3333.2222.1111", "44443333", "4444333322221111222233"} {
		if _, ok := cardDigits(in); ok {
			t.Errorf("cardDigits accepted %q", in)
		}
	}
	for number, brand := range map[string]string{
		"4111111111111111": "Visa", "5555555555554444": "Mastercard", "2221000000000009": "Mastercard",
		"378282246310005": "American Express", "6011111111111117": "Discover", "3530111333300000": "JCB",
		"6759649826438453": "Maestro",
	} {
		if !luhnValid(number) {
			t.Errorf("%s fails the Luhn check", number)
		}
		if got := brandOf(number); got != brand {
			t.Errorf("brandOf(%s) = %q, want %q", number, got, brand)
		}
	}
	if luhnValid("4111111111111112") {
		t.Error("a mistyped number passes the Luhn check")
	}
}

// FuzzCreateRequest checks that any body is either refused with GOV.UK Pay's error or becomes a
// payment within GOV.UK Pay's limits.
func FuzzCreateRequest(f *testing.F) {
	f.Add(paymentBody(1000, "en"))
	f.Add(`{"amount":1,"reference":"r","description":"d","return_url":"http://x.example","metadata":{"k":1.5,"b":false}}`)
	f.Add(`{"amount":1e3}`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, body string) {
		req, problem := parseCreateRequest([]byte(body))
		if problem != nil {
			if problem.body.Code == "" || problem.body.Description == "" || problem.status < 400 {
				t.Errorf("refusal without a code: %+v", problem)
			}
			return
		}
		if req.Amount < 1 || req.Amount > maxAmount || (req.Language != "en" && req.Language != "cy") {
			t.Errorf("accepted %+v", req)
		}
		if _, err := json.Marshal(req); err != nil {
			t.Errorf("an accepted request does not marshal: %v", err)
		}
	})
}

// FuzzCardForm checks that any card form is either refused with errors for named fields or
// accepted with only the first 6 and last 4 digits of the card kept.
func FuzzCardForm(f *testing.F) {
	f.Add("4444 3333 2222 1111", "12", "29", "739", "SW1A 1AA")
	f.Add("6759649826438453", "1", "2020", "1", "")
	f.Add("", "", "", "", "CR2")
	f.Fuzz(func(t *testing.T, number, month, year, cvc, postcode string) {
		v := url.Values{"cardNo": {number}, "expiryMonth": {month}, "expiryYear": {year}, "cvc": {cvc},
			"cardholderName": {"A"}, "addressLine1": {"1 Road"}, "addressCity": {"Town"}, "addressPostcode": {postcode}}
		card, problems := readCardForm(v).check(time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC), true)
		if len(problems) > 0 {
			for _, p := range problems {
				if p.field == "" || p.message == "" {
					t.Errorf("problem %+v", p)
				}
			}
			return
		}
		d := card.details
		if len(d.first6) != 6 || len(d.last4) != 4 || !strings.HasPrefix(strings.ReplaceAll(strings.ReplaceAll(number, " ", ""), "-", ""), d.first6) {
			t.Errorf("card details %+v for %q", d, number)
		}
		if len(d.expiry) != 5 || d.expiry[2] != '/' {
			t.Errorf("expiry %q", d.expiry)
		}
	})
}
