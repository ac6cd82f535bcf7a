// Package quickvalue reads amounts and dates written in their plain, usual form ("125.50",
// "05/03/2025", "2025-03-05") without allocating, for parsers that read a million lines. It only
// says yes or no: when it says no, the parser reads the value with its full reader, which accepts
// the rarer forms and says what is wrong with a bad value. So a value is never read differently for
// being read quickly, which a fuzz test checks against those readers.
package quickvalue

import "time"

// maxWholeDigits bounds the pounds of an amount read quickly so that it cannot overflow: 15 digits
// and 2 decimals are 17, well inside an int64.
const maxWholeDigits = 15

// Minor2 reads an amount with exactly two decimal places, an optional leading minus and at least one
// digit before the point ("0.50", "-12.00", "125.50"), into minor units. Anything else (a sign
// other than "-", spaces, one or no decimal places, thousands separators) is left to the full reader.
func Minor2(s string) (int64, bool) {
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	n := len(s) - 3
	if n < 1 || n > maxWholeDigits || s[n] != '.' {
		return 0, false
	}
	var v int64
	for i := 0; i < len(s); i++ {
		if i == n {
			continue
		}
		c := s[i] - '0'
		if c > 9 {
			return 0, false
		}
		v = v*10 + int64(c)
	}
	if neg {
		v = -v
	}
	return v, true
}

// A Layout is the order of a date's day, month and year.
type Layout int

// The layouts Date reads.
const (
	DMY Layout = iota // dd/mm/yyyy, as time.Parse reads "02/01/2006"
	YMD               // yyyy-mm-dd, as time.Parse reads "2006-01-02"
)

// Date reads a date in layout, with two-digit day and month and a four-digit year, as midnight
// UTC, when that day exists: the same time.Parse gives for the layout's Go form.
func Date(s string, l Layout) (time.Time, bool) {
	at, ok := l.positions()
	if len(s) != 10 || !ok || s[at.sep1] != at.sep || s[at.sep2] != at.sep {
		return time.Time{}, false
	}
	d, okD := digits(s[at.day : at.day+2])
	m, okM := digits(s[at.month : at.month+2])
	y, okY := digits(s[at.year : at.year+4])
	if !okD || !okM || !okY || m < 1 || m > 12 || d < 1 || d > daysIn(time.Month(m), y) {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
}

// positions says where a date in the layout has its separators and parts.
type positions struct {
	sep              byte
	sep1, sep2       int
	day, month, year int
}

func (l Layout) positions() (positions, bool) {
	switch l {
	case DMY:
		return positions{sep: '/', sep1: 2, sep2: 5, day: 0, month: 3, year: 6}, true
	case YMD:
		return positions{sep: '-', sep1: 4, sep2: 7, day: 8, month: 5, year: 0}, true
	}
	return positions{}, false
}

// A DateMemo reads dates in one layout and remembers the dates it has read, since the lines of a
// payment file share a few weeks of dates at most and comparing ten bytes is cheaper than building
// a time. It remembers one date for each day of the month and month of the year, by their last
// digits, and so holds at most memoSize dates.
type DateMemo struct {
	Layout Layout
	seen   [memoSize]struct {
		text string
		t    time.Time
	}
}

const memoSize = 64 // a power of two, so that a slot is found with a mask

// Date reads s as the package's Date does.
func (m *DateMemo) Date(s string) (time.Time, bool) {
	if len(s) != 10 {
		return time.Time{}, false
	}
	// The day's two digits and the month's last tell most dates of a file apart.
	day, month := 0, 4 // dd/mm/yyyy
	if m.Layout == YMD {
		day, month = 8, 6
	}
	slot := &m.seen[(uint(s[day])*10+uint(s[day+1])+uint(s[month])*31)&(memoSize-1)]
	if s == slot.text {
		return slot.t, true
	}
	t, ok := Date(s, m.Layout)
	if ok {
		slot.text, slot.t = s, t
	}
	return t, ok
}

func digits(s string) (int, bool) {
	v := 0
	for i := 0; i < len(s); i++ {
		c := s[i] - '0'
		if c > 9 {
			return 0, false
		}
		v = v*10 + int(c)
	}
	return v, true
}

// daysIn returns the number of days in month m of year y (proleptic Gregorian, as time uses).
func daysIn(m time.Month, y int) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}
