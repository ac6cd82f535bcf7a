package ims

import (
	"regexp"
	"strings"
)

// postcodeShape is the shape of a UK postcode with its space removed: the outward code's letters and
// digits in the patterns the Royal Mail uses, then the inward digit and two letters.
var postcodeShape = regexp.MustCompile(`^(GIR0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRV-Y])[0-9][ABD-HJLNP-UW-Z]{2})$`)

// ValidUKPostcode reports whether s has the shape of a UK postcode, ignoring case and spaces
// ("sw1a 1aa", "SW1A1AA"). The portal and the payment service use it, so both accept the same.
func ValidUKPostcode(s string) bool {
	return postcodeShape.MatchString(strings.ToUpper(strings.Join(strings.Fields(s), "")))
}
