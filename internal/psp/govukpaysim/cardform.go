package govukpaysim

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The card page's field names, which are GOV.UK Pay's own, so browser tests written against
// GOV.UK Pay's pages fill this one too.
const (
	fieldCardNo      = "cardNo"
	fieldExpiryMonth = "expiryMonth"
	fieldExpiryYear  = "expiryYear"
	fieldName        = "cardholderName"
	fieldCVC         = "cvc"
	fieldLine1       = "addressLine1"
	fieldLine2       = "addressLine2"
	fieldCity        = "addressCity"
	fieldPostcode    = "addressPostcode"
	fieldEmail       = "email"
)

// maxText is the longest name or address line GOV.UK Pay takes.
const maxText = 255

// cardForm is what the payer typed on the card page.
type cardForm struct {
	number, month, year, name, cvc, line1, line2, city, postcode, email string
}

// readCardForm takes the card page's fields from a submitted form.
func readCardForm(v url.Values) cardForm {
	get := func(name string) string { return strings.TrimSpace(v.Get(name)) }
	return cardForm{
		number: get(fieldCardNo), month: get(fieldExpiryMonth), year: get(fieldExpiryYear),
		name: get(fieldName), cvc: get(fieldCVC),
		line1: get(fieldLine1), line2: get(fieldLine2), city: get(fieldCity), postcode: get(fieldPostcode),
		email: get(fieldEmail),
	}
}

// A fieldError is a problem with one field. The message is English; the page translates it.
type fieldError struct {
	field   string
	message string
}

// checkedCard is a card form that passed the checks: what the bank sees, and what is kept.
type checkedCard struct {
	info    cardInfo
	details cardDetails
	email   string
}

// check validates the form as the card page does before anything reaches the bank, in the order
// the fields appear, and returns the card or the problems. now decides whether the card has
// expired; askEmail whether the email field is on the form.
func (f cardForm) check(now time.Time, askEmail bool) (checkedCard, []fieldError) {
	var errs []fieldError
	fail := func(field, message string) { errs = append(errs, fieldError{field, message}) }

	number, ok := cardDigits(f.number)
	var info cardInfo
	switch {
	case f.number == "":
		fail(fieldCardNo, "Enter your card number")
	case !ok:
		fail(fieldCardNo, "Enter a valid card number")
	default:
		_, sandbox := sandboxCard(number)
		info = lookupCard(number)
		switch {
		case !sandbox && !luhnValid(number):
			fail(fieldCardNo, "Enter a valid card number")
		case info.outcome == cardNotAccepted:
			fail(fieldCardNo, "Maestro cards are not accepted. Use a different card")
		}
	}

	month, year, expiryProblem := checkExpiry(f.month, f.year, now)
	if expiryProblem != "" {
		fail(fieldExpiryMonth, expiryProblem)
	}
	if f.name == "" || utf8.RuneCountInString(f.name) > maxText {
		fail(fieldName, "Enter the name as it appears on the card")
	}
	if f.cvc == "" {
		fail(fieldCVC, "Enter the card security code")
	} else if !securityCodeValid(f.cvc, info.brand) {
		fail(fieldCVC, "Enter a valid card security code")
	}
	if f.line1 == "" || utf8.RuneCountInString(f.line1) > maxText {
		fail(fieldLine1, "Enter the first line of the billing address")
	}
	if utf8.RuneCountInString(f.line2) > maxText {
		fail(fieldLine2, "Address line 2 must be 255 characters or fewer")
	}
	if f.city == "" || utf8.RuneCountInString(f.city) > maxText {
		fail(fieldCity, "Enter the town or city")
	}
	postcode, ok := ukPostcode(f.postcode)
	switch {
	case f.postcode == "":
		fail(fieldPostcode, "Enter the postcode")
	case !ok:
		fail(fieldPostcode, "Enter a real postcode")
	}
	if askEmail && f.email != "" && !emailValid(f.email) {
		fail(fieldEmail, "Enter an email address in the correct format, like name@example.com")
	}
	if len(errs) > 0 {
		return checkedCard{}, errs
	}
	return checkedCard{
		info: info,
		details: cardDetails{
			brand: info.brand, cardType: info.cardType,
			first6: number[:6], last4: number[len(number)-4:],
			expiry: twoDigits(month) + "/" + twoDigits(year%100),
			name:   f.name,
			address: billingAddress{
				line1: f.line1, line2: f.line2, city: f.city, postcode: postcode, country: "GB",
			},
		},
		email: f.email,
	}, nil
}

// checkExpiry parses an expiry month and a two- or four-digit year, and returns them with "" or
// what is wrong. A card is valid to the end of its expiry month.
func checkExpiry(m, y string, now time.Time) (month, year int, problem string) {
	if m == "" && y == "" {
		return 0, 0, "Enter the expiry date"
	}
	month, err1 := strconv.Atoi(m)
	year, err2 := strconv.Atoi(y)
	if err1 != nil || err2 != nil || len(m) > 2 || (len(y) != 2 && len(y) != 4) || month < 1 || month > 12 {
		return 0, 0, "Enter a valid expiry date"
	}
	if len(y) == 2 {
		year += 2000
	}
	if year*12+month < now.Year()*12+int(now.Month()) {
		return 0, 0, "The card has expired. Use a different card"
	}
	return month, year, ""
}

// securityCodeValid reports whether a security code has the digits the brand uses: four for
// American Express, three for the others, either when the brand is unknown.
func securityCodeValid(code, brand string) bool {
	for i := 0; i < len(code); i++ {
		if code[i] < '0' || code[i] > '9' {
			return false
		}
	}
	switch brand {
	case "American Express":
		return len(code) == 4
	case "":
		return len(code) == 3 || len(code) == 4
	}
	return len(code) == 3
}

// ukPostcode returns a UK postcode in capitals with one space before its last three characters,
// and whether it has the shape of one: A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA or AA9A 9AA.
func ukPostcode(s string) (string, bool) {
	s = strings.ToUpper(strings.ReplaceAll(s, " ", ""))
	if len(s) < 5 || len(s) > 7 {
		return s, false
	}
	outward, inward := s[:len(s)-3], s[len(s)-3:]
	letter := func(c byte) bool { return c >= 'A' && c <= 'Z' }
	digit := func(c byte) bool { return c >= '0' && c <= '9' }
	if !digit(inward[0]) || !letter(inward[1]) || !letter(inward[2]) {
		return s, false
	}
	i := 0
	for i < len(outward) && i < 2 && letter(outward[i]) {
		i++
	}
	if i == 0 || i == len(outward) || !digit(outward[i]) {
		return s, false
	}
	rest := outward[i+1:]
	if len(rest) > 1 || (len(rest) == 1 && !letter(rest[0]) && !digit(rest[0])) {
		return s, false
	}
	return outward + " " + inward, true
}

// emailValid reports whether an address looks like one: something, an @, and a domain with a dot,
// no spaces, no longer than the 254 characters GOV.UK Pay takes.
func emailValid(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && len(s) <= 254 && !strings.ContainsAny(s, " \t") &&
		!strings.Contains(domain, "@") && strings.Contains(strings.Trim(domain, "."), ".")
}

// twoDigits formats 0–99 with a leading zero.
func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
