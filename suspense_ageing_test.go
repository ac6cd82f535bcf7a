package ims

import (
	"testing"
	"time"

	"github.com/ims-council/ims/money"
)

func TestAgeSuspenseBandEdges(t *testing.T) {
	today := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	daysAgo := func(n int) time.Time { return today.AddDate(0, 0, -n) }
	for _, c := range []struct {
		days      int
		left      money.Pence
		age, band string
	}{
		{0, 1, "0 to 7 days", "Under £10"},
		{7, 999, "0 to 7 days", "Under £10"},
		{8, 1000, "8 to 30 days", "£10 to £99.99"},
		{30, 9999, "8 to 30 days", "£10 to £99.99"},
		{31, 10000, "31 to 90 days", "£100 to £999.99"},
		{90, 99999, "31 to 90 days", "£100 to £999.99"},
		{91, 100000, "91 to 365 days", "£1,000 or more"},
		{365, 1, "91 to 365 days", "Under £10"},
		{366, 1, "Over a year", "Under £10"},
		{-1, 1, "0 to 7 days", "Under £10"}, // received "tomorrow": a clock set back
	} {
		r := AgeSuspense([]OpenSuspenseItem{{Received: daysAgo(c.days), Remaining: c.left}}, today)
		for a, row := range r.Cells {
			for v, cell := range row {
				want := SuspenseAgeBands[a].Label == c.age && SuspenseValueBands[v].Label == c.band
				if (cell.Count == 1) != want {
					t.Errorf("%d days, %s: cell %s / %s has %d items", c.days, c.left.Display(),
						SuspenseAgeBands[a].Label, SuspenseValueBands[v].Label, cell.Count)
				}
			}
		}
		if r.Total != (AgeingCell{Count: 1, Remaining: c.left}) {
			t.Errorf("%d days: total %+v", c.days, r.Total)
		}
	}
}
