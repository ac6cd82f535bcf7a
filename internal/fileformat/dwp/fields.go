package dwp

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// parsePence reads the amount column: a whole number of pence without a sign. Excel may store a
// whole number as "1250" or "1250.0"; any other fraction is a fraction of a penny and an error.
func parsePence(v string) (int64, error) {
	if v == "" {
		return 0, errors.New("the amount is blank")
	}
	whole, frac, _ := strings.Cut(v, ".")
	if strings.Trim(frac, "0") != "" {
		return 0, fmt.Errorf("the amount %q is not a whole number of pence", v)
	}
	if whole == "" || !allDigits(whole) {
		if strings.HasPrefix(whole, "-") {
			return 0, fmt.Errorf("the amount %q has a sign; a negative amount is shown by \"-\" in column M", v)
		}
		return 0, fmt.Errorf("the amount %q is not a whole number of pence", v)
	}
	if len(strings.TrimLeft(whole, "0")) > 18 {
		return 0, fmt.Errorf("the amount %q is too large", v)
	}
	pence, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("the amount %q is too large", v)
	}
	return pence, nil
}

// parseDate reads the date column: an Excel date (a serial day number, perhaps with a time as a
// fraction, which is dropped) or text dd/mm/yyyy. The result is midnight UTC.
func parseDate(v string, date1904 bool) (time.Time, error) {
	if v == "" {
		return time.Time{}, errors.New("the date is blank")
	}
	if strings.Contains(v, "/") {
		d, err := time.Parse("02/01/2006", v)
		if err == nil {
			return d, nil
		}
		var pe *time.ParseError
		if errors.As(err, &pe) && pe.Message != "" {
			return time.Time{}, fmt.Errorf("the date %q does not exist (%s)", v, strings.TrimPrefix(pe.Message, ": "))
		}
		return time.Time{}, fmt.Errorf("the date %q is not in the form dd/mm/yyyy", v)
	}
	whole, frac, _ := strings.Cut(v, ".")
	serial, err := strconv.Atoi(whole)
	if err != nil || !allDigits(whole) || !allDigits(frac) {
		return time.Time{}, fmt.Errorf("the date %q is neither an Excel date nor dd/mm/yyyy", v)
	}
	return serialDate(serial, date1904, v)
}

// serialDate turns an Excel serial day number into a date. In the 1900 date system day 1 is
// 1 January 1900 and day 60 is 29 February 1900, a day that never was (Excel keeps Lotus 1-2-3's
// mistake), so later days count from 30 December 1899. In the 1904 system day 0 is 1 January 1904.
func serialDate(serial int, date1904 bool, v string) (time.Time, error) {
	const lastDay = 2958465 // 31 December 9999, Excel's last date
	switch {
	case date1904 && serial <= lastDay-1462:
		return time.Date(1904, 1, 1+serial, 0, 0, 0, 0, time.UTC), nil
	case date1904:
	case serial >= 1 && serial < 60:
		return time.Date(1899, 12, 31+serial, 0, 0, 0, 0, time.UTC), nil
	case serial == 60:
		return time.Time{}, fmt.Errorf("the date %q is Excel's 29 February 1900, which does not exist", v)
	case serial > 60 && serial <= lastDay:
		return time.Date(1899, 12, 30+serial, 0, 0, 0, 0, time.UTC), nil
	}
	return time.Time{}, fmt.Errorf("the date %q is outside the dates Excel can hold", v)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
