package mt940

import (
	"fmt"
	"strings"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat/internal/currency"
	"github.com/ims-council/ims/money"
)

// parseAmount reads a SWIFT amount ("1234,56", "9,", "11,8") into minor units of ccy. SWIFT always
// writes the decimal comma, even with no decimals after it; more decimals than the currency has are
// an error, never rounded.
func parseAmount(s, ccy string) (int64, error) {
	exp, ok := currency.Exponent(ccy)
	if !ok {
		return 0, fmt.Errorf("unknown currency code %q", ccy)
	}
	whole, frac, hasComma := strings.Cut(s, ",")
	switch {
	case s == "":
		return 0, fmt.Errorf("the amount is missing")
	case !hasComma:
		return 0, fmt.Errorf("amount %q has no decimal comma (SWIFT writes 100 as \"100,\")", s)
	case whole == "" || !digits(whole) || !digits(frac):
		return 0, fmt.Errorf("amount %q is not digits with one decimal comma", s)
	case len(frac) > exp:
		return 0, fmt.Errorf("amount %q has %d decimal places but %s has %d", s, len(frac), ccy, exp)
	}
	if frac == "" {
		return money.ParseMinor(whole, exp)
	}
	return money.ParseMinor(whole+"."+frac, exp)
}

// parseDate reads a SWIFT date YYMMDD. Years 80–99 are 1980–1999 and 00–79 are 2000–2079: SWIFT
// gives only two digits, and electronic statements do not predate 1980.
func parseDate(s string) (time.Time, error) {
	if len(s) != 6 || !digits(s) {
		return time.Time{}, fmt.Errorf("date %q is not YYMMDD", s)
	}
	yy := atoi(s[0:2])
	year := 2000 + yy
	if yy >= 80 {
		year = 1900 + yy
	}
	d, ok := calendarDate(year, atoi(s[2:4]), atoi(s[4:6]))
	if !ok {
		return time.Time{}, fmt.Errorf("date %q (YYMMDD) does not exist", s)
	}
	return d, nil
}

// entryDate reads the MMDD entry (booking) date of a :61: line, which has no year: it is taken from
// the value date, moved a year back or forward when that puts the two dates closer together (an
// entry booked on 31 December for value on 2 January, or the other way round).
func entryDate(mmdd string, value time.Time) (time.Time, error) {
	if len(mmdd) != 4 || !digits(mmdd) {
		return time.Time{}, fmt.Errorf("entry date %q is not MMDD", mmdd)
	}
	var best time.Time
	for _, y := range []int{value.Year() - 1, value.Year(), value.Year() + 1} {
		d, ok := calendarDate(y, atoi(mmdd[0:2]), atoi(mmdd[2:4]))
		if ok && (best.IsZero() || absDays(d.Sub(value)) < absDays(best.Sub(value))) {
			best = d
		}
	}
	if best.IsZero() {
		return time.Time{}, fmt.Errorf("entry date %q (MMDD) does not exist near value date %s", mmdd, value.Format("2006-01-02"))
	}
	return best, nil
}

func absDays(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// calendarDate returns midnight UTC on the date, and false when the date does not exist.
func calendarDate(y, m, d int) (time.Time, bool) {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t, t.Year() == y && int(t.Month()) == m && t.Day() == d
}

// parseBalance reads a balance field (:60F:, :62F:, :64:, …): mark C or D, date YYMMDD, currency and
// amount, as in "C110522EUR3236,28". A D (debit) balance is negative.
func parseBalance(tag, v string) (ims.Balance, error) {
	v = strings.TrimSpace(v)
	if len(v) < 11 {
		return ims.Balance{}, fmt.Errorf("balance %q is too short: expected C or D, date YYMMDD, currency and amount", v)
	}
	sign := int64(1)
	switch v[0] {
	case 'C':
	case 'D':
		sign = -1
	default:
		return ims.Balance{}, fmt.Errorf("balance %q must start with C (credit) or D (debit)", v)
	}
	date, err := parseDate(v[1:7])
	if err != nil {
		return ims.Balance{}, err
	}
	ccy := v[7:10]
	if !upperLetters(ccy) {
		return ims.Balance{}, fmt.Errorf("currency %q is not a three-letter ISO 4217 code", ccy)
	}
	minor, err := parseAmount(v[10:], ccy)
	if err != nil {
		return ims.Balance{}, err
	}
	return ims.Balance{Type: tag, Date: date, Currency: ccy, Minor: sign * minor}, nil
}

// balanceCurrency returns the currency of a balance field that parseBalance refused, when it can
// still be read where SWIFT puts it, after the mark and the date.
func balanceCurrency(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if len(v) < 10 || !upperLetters(v[7:10]) {
		return "", false
	}
	_, ok := currency.Exponent(v[7:10])
	return v[7:10], ok
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func upperLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// atoi converts a string already checked to be a few digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
