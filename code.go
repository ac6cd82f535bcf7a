package ims

import (
	"strings"
	"unicode"
)

// checkCode records a problem when code is blank, longer than max, or holds anything but letters and
// digits. Codes are what councils already use (fund 23, MOP 90, VAT W0), so case is kept as given.
func checkCode(p Problems, field, code string, max int) {
	switch {
	case code == "":
		p.Add(field, "Enter a code")
	case len(code) > max:
		p.Add(field, "Code must be %d characters or fewer", max)
	case strings.IndexFunc(code, func(r rune) bool {
		return r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r))
	}) >= 0:
		p.Add(field, "Code must contain only letters and digits")
	}
}
