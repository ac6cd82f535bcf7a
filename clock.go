package ims

import (
	"time"
	_ "time/tzdata" // Europe/London must load on machines without a zone database
)

// A Clock tells the time. Services take one so expiry and business-date logic can be tested.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns the current time in UTC.
func (SystemClock) Now() time.Time { return time.Now().UTC() }

// BusinessDate returns the UK calendar date (Europe/London) of t, the date every cut-off, report and
// export uses. loc must be Europe/London; it is passed in because loading it can fail.
func BusinessDate(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// LondonLocation loads Europe/London, whose rules are embedded in the binary (time/tzdata).
func LondonLocation() (*time.Location, error) {
	return time.LoadLocation("Europe/London")
}
