package imscsv

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ims-council/ims/internal/fileformat/internal/quickvalue"
	"github.com/ims-council/ims/money"
)

// parseAmount reads pounds and pence into pence. More than two decimal places is an error, never
// rounded away.
func parseAmount(v string) (int64, error) {
	if minor, ok := quickvalue.Minor2(v); ok {
		return minor, nil // the usual "12.50", which money.ParseMinor reads the same, only slower
	}
	if v == "" {
		return 0, errors.New("the amount is blank")
	}
	minor, err := money.ParseMinor(v, 2)
	if err != nil {
		return 0, fmt.Errorf("the amount %w", err)
	}
	return minor, nil
}

// isoDate reads a YYYY-MM-DD date as midnight UTC through dates, when there is one, which knows the
// dates the file has repeated so far.
func isoDate(dates *quickvalue.DateMemo, v string) (time.Time, error) {
	if dates != nil {
		if d, ok := dates.Date(v); ok {
			return d, nil
		}
	}
	return parseISODate(v)
}

// parseISODate reads a YYYY-MM-DD date as midnight UTC.
func parseISODate(v string) (time.Time, error) {
	if d, ok := quickvalue.Date(v, quickvalue.YMD); ok {
		return d, nil // what time.Parse gives, only faster
	}
	if v == "" {
		return time.Time{}, errors.New("the date is blank")
	}
	return parseDate(v, "2006-01-02", "YYYY-MM-DD")
}

// parseLocalGovDate reads a LocalGov IMS transaction date: YYYY-MM-DD or dd/mm/yyyy, either
// optionally followed by a time (after a space or a "T"), which is dropped.
func parseLocalGovDate(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, errors.New("the date is blank")
	}
	day := v
	if i := strings.IndexAny(v, " T"); i >= 0 {
		day = v[:i]
		if _, err := parseTime(v[i+1:]); err != nil {
			return time.Time{}, fmt.Errorf("the date %q has a time that is not hh:mm or hh:mm:ss", v)
		}
	}
	if strings.Contains(day, "/") {
		return parseDate(day, "02/01/2006", "dd/mm/yyyy")
	}
	return parseDate(day, "2006-01-02", "YYYY-MM-DD")
}

// parseTime checks a time of day written hh:mm or hh:mm:ss, with optional fractional seconds.
func parseTime(v string) (time.Time, error) {
	for _, layout := range []string{"15:04:05.999999999", "15:04"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errors.New("not a time")
}

// parseDate reads a date in one layout, saying why a well-formed date does not exist.
func parseDate(v, layout, human string) (time.Time, error) {
	d, err := time.Parse(layout, v)
	if err == nil {
		return d, nil
	}
	var pe *time.ParseError
	if errors.As(err, &pe) && pe.Message != "" {
		return time.Time{}, fmt.Errorf("the date %q does not exist (%s)", v, strings.TrimPrefix(pe.Message, ": "))
	}
	return time.Time{}, fmt.Errorf("the date %q is not in the form %s", v, human)
}
