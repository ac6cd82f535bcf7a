package ims

import (
	"time"

	"github.com/ims-council/ims/money"
)

// The age bands of the suspense ageing report (SPEC §8): how many days an open item has waited
// since the business date it was received, each band's upper bound inclusive.
var SuspenseAgeBands = []AgeBand{
	{Label: "0 to 7 days", MaxDays: 7},
	{Label: "8 to 30 days", MaxDays: 30},
	{Label: "31 to 90 days", MaxDays: 90},
	{Label: "91 to 365 days", MaxDays: 365},
	{Label: "Over a year", MaxDays: -1},
}

// The value bands of the suspense ageing report, by what an item has left, each band's upper bound
// exclusive.
var SuspenseValueBands = []ValueBand{
	{Label: "Under £10", Below: 1000},
	{Label: "£10 to £99.99", Below: 10000},
	{Label: "£100 to £999.99", Below: 100000},
	{Label: "£1,000 or more", Below: -1},
}

// An AgeBand is a range of ages in days; MaxDays -1 has no upper bound.
type AgeBand struct {
	Label   string
	MaxDays int
}

// A ValueBand is a range of remaining amounts; Below -1 has no upper bound.
type ValueBand struct {
	Label string
	Below money.Pence
}

// An OpenSuspenseItem is what the ageing report needs of an item with money left.
type OpenSuspenseItem struct {
	Received  time.Time // a date, midnight UTC
	Remaining money.Pence
}

// A SuspenseAgeing counts and sums the open items by age band (rows, in SuspenseAgeBands' order)
// and value band (columns, in SuspenseValueBands' order), with totals of each.
type SuspenseAgeing struct {
	Today       time.Time
	Cells       [][]AgeingCell // [age band][value band]
	AgeTotals   []AgeingCell
	ValueTotals []AgeingCell
	Total       AgeingCell
}

// An AgeingCell is how many open items fall in a band and what they have left.
type AgeingCell struct {
	Count     int64
	Remaining money.Pence
}

func (c *AgeingCell) add(v money.Pence) { c.Count++; c.Remaining += v }

// AgeSuspense builds the ageing report of items on the business date today. An item received after
// today (a clock set back) counts as 0 days old.
func AgeSuspense(items []OpenSuspenseItem, today time.Time) SuspenseAgeing {
	r := SuspenseAgeing{Today: today, Cells: make([][]AgeingCell, len(SuspenseAgeBands)),
		AgeTotals: make([]AgeingCell, len(SuspenseAgeBands)), ValueTotals: make([]AgeingCell, len(SuspenseValueBands))}
	for i := range r.Cells {
		r.Cells[i] = make([]AgeingCell, len(SuspenseValueBands))
	}
	for _, it := range items {
		a, v := ageBand(it.Received, today), valueBand(it.Remaining)
		r.Cells[a][v].add(it.Remaining)
		r.AgeTotals[a].add(it.Remaining)
		r.ValueTotals[v].add(it.Remaining)
		r.Total.add(it.Remaining)
	}
	return r
}

func ageBand(received, today time.Time) int {
	// Both are midnight UTC dates, so whole days divide exactly (no clock changes in UTC).
	days := int(today.Sub(received).Hours() / 24)
	for i, b := range SuspenseAgeBands {
		if b.MaxDays < 0 || days <= b.MaxDays {
			return i
		}
	}
	return len(SuspenseAgeBands) - 1
}

func valueBand(v money.Pence) int {
	for i, b := range SuspenseValueBands {
		if b.Below < 0 || v < b.Below {
			return i
		}
	}
	return len(SuspenseValueBands) - 1
}
