package api

import (
	"net/url"
	"time"

	"github.com/ims-council/ims"
)

// queryDate reads the query parameter name as a date (YYYY-MM-DD): the zero time when it is absent,
// a problem on the field when it is not a date.
func queryDate(v url.Values, problems ims.Problems, name string) time.Time {
	s := v.Get(name)
	if s == "" {
		return time.Time{}
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		problems.Add(name, "%s must be a date, YYYY-MM-DD", name)
	}
	return d
}
