package fileformat

import (
	"math"
	"strconv"

	"github.com/ims-council/ims/internal/fileformat/internal/currency"
	"github.com/ims-council/ims/money"
)

// reconcile checks opening + credits - debits = closing. It returns nil with the reason when the check
// is impossible: a balance is missing, the two balances are in different currencies, or some entries
// are in a currency other than the balances' (IMS never converts currencies).
func reconcile(d StatementSummary) (*bool, string) {
	switch {
	case d.Opening == nil && d.Closing == nil:
		return nil, "cannot be checked: the statement has no opening or closing balance"
	case d.Opening == nil:
		return nil, "cannot be checked: the statement has no opening balance"
	case d.Closing == nil:
		return nil, "cannot be checked: the statement has no closing balance"
	case d.Opening.Currency != d.Closing.Currency:
		return nil, "cannot be checked: the opening balance is in " + orNone(d.Opening.Currency) +
			" and the closing balance in " + orNone(d.Closing.Currency)
	}
	ccy := d.Opening.Currency
	for other := range d.Totals {
		if other != ccy {
			return nil, "cannot be checked: some entries are in " + orNone(other) +
				" and the balances in " + orNone(ccy)
		}
	}
	t := d.Totals[ccy]
	expected, ok := add(d.Opening.Minor, t.CreditMinor)
	if ok {
		expected, ok = sub(expected, t.DebitMinor)
	}
	if !ok {
		return nil, "cannot be checked: opening balance plus entries overflows a 64-bit total"
	}
	yes := expected == d.Closing.Minor
	if yes {
		return &yes, ""
	}
	diff, ok := sub(d.Closing.Minor, expected)
	note := "opening balance " + amountText(d.Opening.Minor, ccy) +
		" + credits " + amountText(t.CreditMinor, ccy) +
		" - debits " + amountText(t.DebitMinor, ccy) +
		" = " + amountText(expected, ccy) +
		", but the closing balance is " + amountText(d.Closing.Minor, ccy)
	if ok {
		note += " (difference " + amountText(diff, ccy) + ")"
	}
	return &yes, note
}

// amountText writes minor units as a decimal amount followed by the currency code, for messages.
func amountText(minor int64, ccy string) string {
	if ccy == "" {
		return decimal(minor, ccy)
	}
	return decimal(minor, ccy) + " " + ccy
}

// decimal writes minor units as a decimal amount with the currency's own number of decimal places
// (2 when the code is unknown, as most currencies have).
func decimal(minor int64, ccy string) string {
	exp, ok := currency.Exponent(ccy)
	if !ok {
		exp = 2
	}
	return money.FormatMinor(minor, exp)
}

func orNone(ccy string) string {
	if ccy == "" {
		return "no stated currency"
	}
	return ccy
}

// add returns a+b and whether it fitted in an int64.
func add(a, b int64) (int64, bool) {
	if (b > 0 && a > math.MaxInt64-b) || (b < 0 && a < math.MinInt64-b) {
		return 0, false
	}
	return a + b, true
}

// sub returns a-b and whether it fitted in an int64.
func sub(a, b int64) (int64, bool) {
	if (b < 0 && a > math.MaxInt64+b) || (b > 0 && a < math.MinInt64+b) {
		return 0, false
	}
	return a - b, true
}

func itoa(i int) string { return strconv.Itoa(i) }
