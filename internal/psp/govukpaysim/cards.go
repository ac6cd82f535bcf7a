package govukpaysim

import "strings"

// What the simulated bank does with a card.
type cardOutcome int

const (
	cardAuthorised    cardOutcome = iota // the payment succeeds
	cardRejected                         // the bank declines it: failed, P0010
	cardProviderError                    // the provider fails: error, P0050
	cardNotAccepted                      // the card page refuses the card type before anything is sent
)

// cardInfo is what the simulator knows about a card number.
type cardInfo struct {
	brand    string // as GOV.UK Pay names it: "Visa", "Mastercard"…
	cardType string // "credit" or "debit"
	outcome  cardOutcome
}

// sandboxCard returns the behaviour of one of GOV.UK Pay's documented sandbox card numbers, and
// whether the number is one of them. GOV.UK Pay's sandbox rejects the declined, expired-card and
// wrong-security-code cards alike (P0010), and answers the processing-error card with a provider
// error (P0050).
func sandboxCard(number string) (cardInfo, bool) {
	switch number {
	case "4444333322221111", "4242424242424242", "4000620000000007":
		return cardInfo{"Visa", "credit", cardAuthorised}, true
	case "4000056655665556", "4988080000000000", "4000160000000004", "4131840000000003", "4000000000000010":
		return cardInfo{"Visa", "debit", cardAuthorised}, true
	case "5101110000000004":
		return cardInfo{"Mastercard", "credit", cardAuthorised}, true
	case "5105105105105100", "5200828282828210":
		return cardInfo{"Mastercard", "debit", cardAuthorised}, true
	case "371449635398431":
		return cardInfo{"American Express", "credit", cardAuthorised}, true
	case "3566002020360505":
		return cardInfo{"JCB", "credit", cardAuthorised}, true
	case "6011000990139424":
		return cardInfo{"Discover", "credit", cardAuthorised}, true
	case "6759649826438453":
		return cardInfo{"Maestro", "debit", cardNotAccepted}, true
	case "4000000000000002", "4000000000000069", "4000000000000127":
		return cardInfo{"Visa", "debit", cardRejected}, true
	case "4000000000000119":
		return cardInfo{"Visa", "debit", cardProviderError}, true
	}
	return cardInfo{}, false
}

// lookupCard returns what the simulator does with a card number of digits only. Numbers that are
// not sandbox cards get the brand their first digits imply, and a provider error, because GOV.UK
// Pay's sandbox does not support them; Maestro cards are not accepted at all, as in GOV.UK Pay.
func lookupCard(number string) cardInfo {
	if c, ok := sandboxCard(number); ok {
		return c
	}
	b := brandOf(number)
	if b == "Maestro" {
		return cardInfo{b, "debit", cardNotAccepted}
	}
	return cardInfo{b, "credit", cardProviderError}
}

// brandOf names the card scheme of a number from its first digits, or "" when unknown.
func brandOf(number string) string {
	if number == "" {
		return ""
	}
	prefix := func(n int) int {
		if len(number) < n {
			return -1
		}
		v := 0
		for _, c := range number[:n] {
			v = v*10 + int(c-'0')
		}
		return v
	}
	switch p2, p4 := prefix(2), prefix(4); {
	case number[0] == '4':
		return "Visa"
	case p2 == 34 || p2 == 37:
		return "American Express"
	case (p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720):
		return "Mastercard"
	case p2 == 35:
		return "JCB"
	case p4 == 6011 || p2 == 65:
		return "Discover"
	case p2 == 36 || p2 == 38 || p2 == 30:
		return "Diners Club"
	case p2 == 50 || (p2 >= 56 && p2 <= 69):
		return "Maestro"
	}
	return ""
}

// luhnValid reports whether a number of digits only passes the Luhn check that every card number
// carries.
func luhnValid(number string) bool {
	sum := 0
	double := false
	for i := len(number) - 1; i >= 0; i-- {
		d := int(number[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// cardDigits returns a card number typed by the payer with the spaces and hyphens they are allowed
// to type taken out, and whether what remains is 12 to 19 digits.
func cardDigits(typed string) (string, bool) {
	number := strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, typed)
	if len(number) < 12 || len(number) > 19 {
		return number, false
	}
	for i := 0; i < len(number); i++ {
		if number[i] < '0' || number[i] > '9' {
			return number, false
		}
	}
	return number, true
}

// cardDetails is what the simulator keeps of a card: what GOV.UK Pay reports, never the full
// number or the security code.
type cardDetails struct {
	brand    string
	cardType string
	first6   string
	last4    string
	expiry   string // MM/YY
	name     string
	address  billingAddress
}

// billingAddress is the payer's billing address as entered on the card page.
type billingAddress struct {
	line1, line2, city, postcode, country string
}
