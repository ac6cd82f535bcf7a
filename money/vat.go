package money

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
)

// Rate is a VAT rate held exactly in hundredths of a percent (basis points): 20 % is 2000.
// Basis points represent every UK VAT rate there has ever been (17.5 % is 1750) without floats.
type Rate int64

// Percent returns the rate as "20", "17.5" or "0", as shown on receipts.
func (r Rate) Percent() string {
	s := FormatMinor(int64(r), 2)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// ParseRate reads a percentage such as "20", "17.5" or "0" into a Rate. At most two decimal places
// are accepted and rates outside 0–100 % are refused.
func ParseRate(s string) (Rate, error) {
	v, err := ParseMinor(strings.TrimSuffix(strings.TrimSpace(s), "%"), 2)
	if err != nil {
		return 0, fmt.Errorf("VAT rate: %w", err)
	}
	if v < 0 || v > 10000 {
		return 0, fmt.Errorf("VAT rate %q must be between 0 and 100 %%", s)
	}
	return Rate(v), nil
}

// Rounding chooses how a VAT amount that falls exactly on a half penny is rounded.
type Rounding int

const (
	// HalfUp rounds halves away from zero, as HMRC VAT Notice 700 §17.5 allows; it is the default.
	HalfUp Rounding = iota
	// HalfEven rounds halves to the even penny (banker's rounding), for parity with data migrated
	// from systems that used it.
	HalfEven
)

// ParseRounding reads "half-up" or "half-even".
func ParseRounding(s string) (Rounding, error) {
	switch s {
	case "", "half-up":
		return HalfUp, nil
	case "half-even":
		return HalfEven, nil
	}
	return 0, fmt.Errorf("VAT rounding %q is not one of half-up, half-even", s)
}

func (r Rounding) String() string {
	if r == HalfEven {
		return "half-even"
	}
	return "half-up"
}

// ErrBadRate reports a negative VAT rate.
var ErrBadRate = errors.New("VAT rate cannot be negative")

// VAT returns the VAT contained in a VAT-inclusive amount: amount × rate / (1 + rate), rounded to
// the penny once. Negative amounts give negative VAT of the same magnitude as the positive amount
// would. This is the only VAT calculation in IMS; every path that needs VAT calls it.
func VAT(amount Pence, rate Rate, mode Rounding) (Pence, error) {
	if rate < 0 {
		return 0, ErrBadRate
	}
	if rate == 0 || amount == 0 {
		return 0, nil
	}
	neg := amount < 0
	// vat = amount·r / (10000 + r), computed exactly in big integers: amount·r overflows int64
	// for amounts above about £9 × 10^12.
	num := new(big.Int).Mul(big.NewInt(int64(amount)), big.NewInt(int64(rate)))
	if neg {
		num.Neg(num)
	}
	den := big.NewInt(int64(10000 + rate))
	q, rem := new(big.Int).QuoRem(num, den, new(big.Int))
	twice := new(big.Int).Mul(rem, big.NewInt(2))
	switch c := twice.Cmp(den); {
	case c > 0:
		q.Add(q, big.NewInt(1))
	case c == 0:
		if mode == HalfUp || q.Bit(0) == 1 {
			q.Add(q, big.NewInt(1))
		}
	}
	v := q.Int64()
	if neg {
		v = -v
	}
	return Pence(v), nil
}

// Split returns the net and VAT parts of a VAT-inclusive amount; net + vat == amount always.
func Split(amount Pence, rate Rate, mode Rounding) (net, vat Pence, err error) {
	vat, err = VAT(amount, rate, mode)
	return amount - vat, vat, err
}
