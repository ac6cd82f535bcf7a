package mt940

import (
	"fmt"
	"strings"

	"github.com/ims-council/ims"
)

// parseStatementLine reads a :61: field into an entry in currency ccy. Its first line is
//
//	value date YYMMDD, entry date MMDD (optional; some banks leave four spaces), mark C, D, RC or
//	RD, funds code (optional third currency letter), amount with decimal comma, transaction type
//	(N, F or S and three characters), customer reference (NONREF when none), //bank reference
//
// and any further lines are supplementary details. RC reverses a credit, so it takes money out of the
// account and is booked as a debit; RD reverses a debit and is booked as a credit.
func parseStatementLine(lines []string, ccy string) (ims.Entry, error) {
	v := lines[0]
	if len(v) < 6 {
		return ims.Entry{}, fmt.Errorf("statement line %q is too short: it must start with the value date YYMMDD", v)
	}
	value, err := parseDate(v[:6])
	if err != nil {
		return ims.Entry{}, fmt.Errorf("value %w", err)
	}
	e := ims.Entry{ValueDate: value, BookingDate: value, Currency: ccy}
	rest := v[6:]
	switch {
	case len(rest) >= 4 && digits(rest[:4]):
		if e.BookingDate, err = entryDate(rest[:4], value); err != nil {
			return ims.Entry{}, err
		}
		rest = rest[4:]
	case strings.HasPrefix(rest, "    "):
		rest = rest[4:] // the entry date left blank, as Citi writes it
	}

	sign := int64(1)
	switch {
	case strings.HasPrefix(rest, "RC"):
		sign, e.Reversal, rest = -1, true, rest[2:]
	case strings.HasPrefix(rest, "RD"):
		e.Reversal, rest = true, rest[2:]
	case strings.HasPrefix(rest, "C"):
		rest = rest[1:]
	case strings.HasPrefix(rest, "D"):
		sign, rest = -1, rest[1:]
	default:
		return ims.Entry{}, fmt.Errorf("expected the mark C, D, RC or RD after the dates, found %q", clip(rest))
	}
	if rest != "" && rest[0] >= 'A' && rest[0] <= 'Z' {
		rest = rest[1:] // funds code: the third letter of the currency code, which the account already gives
	}

	n := 0
	for n < len(rest) && (rest[n] >= '0' && rest[n] <= '9' || rest[n] == ',') {
		n++
	}
	minor, err := parseAmount(rest[:n], ccy)
	if err != nil {
		return ims.Entry{}, err
	}
	e.Minor = sign * minor
	rest = rest[n:]

	if len(rest) < 4 || !strings.ContainsRune("NFS", rune(rest[0])) || !alnumAnyCase(rest[1:4]) {
		return ims.Entry{}, fmt.Errorf("expected a transaction type (N, F or S and three letters or digits) after the amount, found %q", clip(rest))
	}
	e.BankCode, rest = rest[:4], rest[4:]

	cust, bank, _ := strings.Cut(rest, "//")
	if cust = strings.TrimSpace(cust); cust != "NONREF" {
		e.CustomerRef = cust
	}
	e.BankRef = strings.TrimSpace(bank)
	e.Narrative = joinText(lines[1:])
	return e, nil
}

// alnumAnyCase reports whether s is ASCII letters and digits.
func alnumAnyCase(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
