package bai2

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// splitFields splits the fields of a record that has no text field (every record but 16): fields
// are separated by commas, and a slash ends the record, defaulting any fields after it.
func splitFields(content string) []string {
	content = strings.TrimSpace(content)
	if i := strings.IndexByte(content, '/'); i >= 0 {
		content = content[:i]
	}
	return strings.Split(content, ",")
}

// A fieldList hands out a record's fields in order; past the end every field is blank, as a slash
// that ends a record early defaults the fields after it.
type fieldList struct {
	fields []string
	next   int
	ends   []int // the index after the last field of each physical record
}

// lastOfRecord reports whether the field take returns next is the last one of its physical record.
func (f *fieldList) lastOfRecord() bool {
	// Fields are taken in order, so the records already passed can be dropped.
	for len(f.ends) > 0 && f.ends[0] <= f.next {
		f.ends = f.ends[1:]
	}
	return len(f.ends) > 0 && f.next == f.ends[0]-1
}

func (f *fieldList) take() string {
	if f.next >= len(f.fields) {
		f.next++
		return ""
	}
	s := strings.TrimSpace(f.fields[f.next])
	f.next++
	return s
}

func (f *fieldList) done() bool { return f.next >= len(f.fields) }

// parseAmount reads a BAI2 amount: an optional sign and digits, in minor units of the currency (the
// decimal point is implied by the currency, so "2500" is 25.00 GBP or 2500 JPY). Blank is no
// amount, reported by ok false.
func parseAmount(s string) (minor int64, ok bool, err error) {
	if s == "" {
		return 0, false, nil
	}
	digitsPart := strings.TrimLeft(s, "+-")
	if len(s)-len(digitsPart) > 1 || digitsPart == "" || !digits(digitsPart) {
		if strings.ContainsAny(s, ".,") {
			return 0, false, fmt.Errorf("amount %q has a decimal point; BAI2 amounts are whole minor units (2500 for 25.00)", s)
		}
		return 0, false, fmt.Errorf("amount %q is not a signed whole number", s)
	}
	v, err := strconv.ParseInt(strings.TrimPrefix(s, "+"), 10, 64)
	if err != nil {
		return 0, false, fmt.Errorf("amount %q is too large", s)
	}
	return v, true, nil
}

// parseCount reads an item or record count; blank is no count.
func parseCount(what, s string) (n int, ok bool, err error) {
	if s == "" {
		return 0, false, nil
	}
	if !digits(s) || len(s) > 9 {
		return 0, false, fmt.Errorf("%s %q is not a whole number", what, s)
	}
	n, _ = strconv.Atoi(s)
	return n, true, nil
}

// parseDate reads a BAI2 date YYMMDD. Years 80–99 are 1980–1999 and 00–79 are 2000–2079.
func parseDate(what, s string) (time.Time, error) {
	if len(s) != 6 || !digits(s) {
		return time.Time{}, fmt.Errorf("%s %q is not YYMMDD", what, s)
	}
	yy := atoi(s[0:2])
	year := 2000 + yy
	if yy >= 80 {
		year = 1900 + yy
	}
	m, d := atoi(s[2:4]), atoi(s[4:6])
	t := time.Date(year, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != year || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, fmt.Errorf("%s %q (YYMMDD) does not exist", what, s)
	}
	return t, nil
}

// parseTime reads a BAI2 time of day, HHMM in the sender's time zone, as a duration from midnight.
// 2400 and 9999 both mean the end of the day. Some banks (NatWest among them) write HH:MM:SS; that
// is read too. Blank is midnight.
func parseTime(what, s string) (time.Duration, error) {
	clock := strings.ReplaceAll(s, ":", "")
	switch {
	case s == "":
		return 0, nil
	case clock == "2400" || clock == "9999" || clock == "240000":
		return 24 * time.Hour, nil
	case (len(clock) != 4 && len(clock) != 6) || !digits(clock):
		return 0, fmt.Errorf("%s %q is not HHMM", what, s)
	}
	h, m, sec := atoi(clock[0:2]), atoi(clock[2:4]), 0
	if len(clock) == 6 {
		sec = atoi(clock[4:6])
	}
	if h > 23 || m > 59 || sec > 59 {
		return 0, fmt.Errorf("%s %q does not exist", what, s)
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
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

// clip shortens text for an error message without splitting a character.
func clip(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
