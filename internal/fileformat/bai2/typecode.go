package bai2

import (
	"fmt"
	"strconv"
)

// A kind is what a BAI2 type code reports, from the ranges the specification assigns.
type kind int

const (
	status      kind = iota // 001–099, 900–919: a balance or other account status
	credit                  // 100–399, 920–959: money in (a summary total on 03, a transaction on 16)
	debit                   // 400–699, 960–999: money out
	loan                    // 700–799: loan summary and detail, which the ranges do not sign
	nonMonetary             // 890: information with no money
	unassigned              // 800–889, 891–899: not used by the specification
)

// classify reads a type code, three digits.
func classify(code string) (kind, error) {
	if len(code) != 3 || !digits(code) || code == "000" {
		return 0, fmt.Errorf("type code %q is not three digits from 001 to 999", code)
	}
	n, _ := strconv.Atoi(code)
	switch {
	case n < 100, n >= 900 && n < 920:
		return status, nil
	case n < 400, n >= 920 && n < 960:
		return credit, nil
	case n < 700, n >= 960:
		return debit, nil
	case n < 800:
		return loan, nil
	case n == 890:
		return nonMonetary, nil
	}
	return unassigned, nil
}

// funds is the availability a funds type gives an amount.
type funds struct {
	valueDate string // V: the value date, YYMMDD
	// parts are the availability amounts (S: immediate, one day, two or more days; D: one per
	// distribution), which must add up to the amount they distribute.
	parts    []int64
	hasParts bool
}

// readFunds reads a funds type and the fields it brings: none for blank, 0, 1, 2 and Z; a value date
// and time for V; three availability amounts for S; a count and that many (days, amount) pairs for D.
func readFunds(f *fieldList) (funds, error) {
	var fd funds
	switch code := f.take(); code {
	case "", "0", "1", "2", "Z":
	case "V":
		fd.valueDate = f.take()
		if _, err := parseDate("value date", fd.valueDate); err != nil {
			return fd, err
		}
		if _, err := parseTime("value time", f.take()); err != nil {
			return fd, err
		}
	case "S":
		fd.hasParts = true
		for _, what := range []string{"immediate availability", "one-day availability", "two-or-more-day availability"} {
			v, _, err := parseAmount(f.take())
			if err != nil {
				return fd, fmt.Errorf("%s: %w", what, err)
			}
			fd.parts = append(fd.parts, v)
		}
	case "D":
		fd.hasParts = true
		n, ok, err := parseCount("number of distributions", f.take())
		if err != nil {
			return fd, err
		}
		if !ok {
			return fd, fmt.Errorf("funds type D needs the number of distributions")
		}
		for i := 0; i < n; i++ {
			if f.done() {
				return fd, fmt.Errorf("funds type D announces %d distributions but the record holds %d", n, i)
			}
			if _, _, err := parseCount("availability days", f.take()); err != nil {
				return fd, err
			}
			v, _, err := parseAmount(f.take())
			if err != nil {
				return fd, fmt.Errorf("distribution %d: %w", i+1, err)
			}
			fd.parts = append(fd.parts, v)
		}
	default:
		return fd, fmt.Errorf("funds type %q is not one of 0, 1, 2, S, V, D or Z", code)
	}
	return fd, nil
}
