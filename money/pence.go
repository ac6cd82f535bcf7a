// Package money holds the one representation of money inside IMS: integer pence.
//
// Amounts are parsed and formatted only at the edges (forms, files, APIs). No floating point is used
// anywhere in this package, so a value read from a file is the value posted to the ledger.
package money

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// Pence is an amount of pounds sterling in pence. Negative values are refunds, reversals and debits.
type Pence int64

// ErrOverflow reports an amount or a sum that does not fit in 64 bits.
var ErrOverflow = errors.New("amount is too large")

// ErrNotPounds reports an amount written in another currency ("€5.00", "$5", "5.00 EUR"). Reading
// only its number would take five euros as five pounds, so it is refused instead.
var ErrNotPounds = errors.New("is not in pounds: only pounds (£) are accepted")

// Parse reads a pounds-and-pence amount as people write it: "12.34", "12.3", "12", "-12.34",
// "£1,234.56", "-£5", "(12.34)" is not accepted. Thousands separators must be well placed.
// More than two decimal places is an error, never rounded away. Any currency sign or code other
// than £ is ErrNotPounds.
func Parse(s string) (Pence, error) {
	v, err := ParseMinor(s, 2)
	return Pence(v), err
}

// MustParse is Parse for literals in tests and demo data; it panics on a malformed amount.
func MustParse(s string) Pence {
	p, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return p
}

// ParseMinor reads a decimal amount into minor units of a currency whose ISO 4217 exponent is exp
// (2 for GBP, 0 for JPY, 3 for BHD). A pound sign may follow the sign, and commas may group
// thousands. The decimal separator is a full stop. More fractional digits than exp is an error. Any
// other currency sign or code ("$5", "€5", "5.00 EUR") is ErrNotPounds: IMS's files and forms are
// in pounds, and a file in another currency gives its amounts as bare numbers.
func ParseMinor(s string, exp int) (int64, error) {
	orig := s
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("amount is blank")
	}
	neg := false
	switch s[0] {
	case '-':
		neg, s = true, s[1:]
	case '+':
		s = s[1:]
	}
	if otherCurrency(s) {
		return 0, fmt.Errorf("%q %w", orig, ErrNotPounds)
	}
	s = strings.TrimPrefix(s, "£")
	whole, frac, hasPoint := strings.Cut(s, ".")
	if whole == "" && (!hasPoint || frac == "") {
		return 0, fmt.Errorf("%q is not an amount", orig)
	}
	if strings.Contains(whole, ",") {
		groups := strings.Split(whole, ",")
		if len(groups[0]) == 0 || len(groups[0]) > 3 {
			return 0, fmt.Errorf("%q has misplaced thousands separators", orig)
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0, fmt.Errorf("%q has misplaced thousands separators", orig)
			}
		}
		whole = strings.Join(groups, "")
	}
	if !allDigits(whole) || !allDigits(frac) || (hasPoint && frac == "") {
		return 0, fmt.Errorf("%q is not an amount", orig)
	}
	if len(frac) > exp {
		if exp == 0 {
			return 0, fmt.Errorf("%q has decimal places; this currency has none", orig)
		}
		return 0, fmt.Errorf("%q has more than %d decimal places", orig, exp)
	}
	frac += strings.Repeat("0", exp-len(frac))
	digits := strings.TrimLeft(whole+frac, "0")
	if digits == "" {
		return 0, nil
	}
	if len(digits) > 18 {
		return 0, fmt.Errorf("%q: %w", orig, ErrOverflow)
	}
	v, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q: %w", orig, ErrOverflow)
	}
	if neg {
		v = -v
	}
	return v, nil
}

// otherCurrency reports whether an amount names a currency other than pounds: a currency sign other
// than £ anywhere in it ("$5", "5 €", "US$5"), or a three-letter code other than GBP before or after
// its number ("EUR 5.00", "5.00usd").
func otherCurrency(s string) bool {
	for _, r := range s {
		// '$' is the only currency sign in ASCII; the table is consulted only beyond it.
		if r == '$' || r >= 0x80 && r != '£' && unicode.Is(unicode.Sc, r) {
			return true
		}
	}
	lead := len(s) - len(strings.TrimLeftFunc(s, isASCIILetter))
	trail := len(s) - len(strings.TrimRightFunc(s, isASCIILetter))
	return otherCode(s[:lead], s[lead:]) || otherCode(s[len(s)-trail:], s[:len(s)-trail])
}

// otherCode reports whether word, written beside the number rest, is a currency code other than GBP.
func otherCode(word, rest string) bool {
	return len(word) == 3 && !strings.EqualFold(word, "GBP") && strings.ContainsAny(rest, "0123456789")
}

func isASCIILetter(r rune) bool { return 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// String formats the amount as plain decimal pounds, "1234.56" or "-0.05", the form used in files
// and APIs.
func (p Pence) String() string {
	return FormatMinor(int64(p), 2)
}

// FormatMinor formats minor units with exp decimal places, "-1234.560" for exp 3.
func FormatMinor(v int64, exp int) string {
	sign := ""
	u := uint64(v)
	if v < 0 {
		sign, u = "-", uint64(-v) // -MinInt64 wraps to itself, and as uint64 that is its magnitude
	}
	digits := strconv.FormatUint(u, 10)
	if exp == 0 {
		return sign + digits
	}
	if len(digits) <= exp {
		digits = strings.Repeat("0", exp-len(digits)+1) + digits
	}
	return sign + digits[:len(digits)-exp] + "." + digits[len(digits)-exp:]
}

// Display formats the amount for people: "£1,234.56", "-£0.05".
func (p Pence) Display() string {
	s := p.String()
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return sign + "£" + b.String() + "." + frac
}

// Add returns p+q, or ErrOverflow when the sum does not fit.
func Add(p, q Pence) (Pence, error) {
	if (q > 0 && p > math.MaxInt64-q) || (q < 0 && p < math.MinInt64-q) {
		return 0, ErrOverflow
	}
	return p + q, nil
}

// Sum adds amounts, reporting ErrOverflow rather than wrapping.
func Sum(amounts ...Pence) (Pence, error) {
	var total Pence
	for _, a := range amounts {
		var err error
		if total, err = Add(total, a); err != nil {
			return 0, err
		}
	}
	return total, nil
}
