package admin

import (
	"strconv"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

// A barChart is a horizontal bar chart drawn as inline SVG, with the table beside it that holds the
// same figures: the table is what the page says, the chart only shows it (ADR 30).
type barChart struct {
	ID, Title, Description string
	Caption, Column        string // the table's caption and first column's heading
	Bars                   []bar
	Height                 int // of the SVG's view box
	Total                  string
}

// A bar is one row: its label, the amount shown, and where the bar is drawn.
type bar struct {
	Code, Label, Amount string
	Entries             int64
	Short               string // the label cut to fit the chart; the table has it whole
	Y, Width            int
	TextY, AmountX      int
	Negative            bool
}

// The chart's geometry, in view box units: labels on the left, bars from barX up to barX+barMax.
const (
	barX      = 220
	barMax    = 360
	barHeight = 22
	barGap    = 10
)

// newBarChart draws lines as bars scaled to the largest amount; a negative amount (refunds beyond
// the day's takings) is drawn as long as its size and marked.
func newBarChart(id, title, caption, column string, lines []ims.IncomeLine) barChart {
	c := barChart{ID: id, Title: title, Caption: caption, Column: column}
	var largest, total money.Pence
	for _, l := range lines {
		largest = max(largest, abs(l.Amount))
		total += l.Amount
	}
	for i, l := range lines {
		b := bar{Code: l.Code, Label: l.Code + " " + l.Name, Amount: l.Amount.Display(), Entries: l.Entries,
			Y: i * (barHeight + barGap), Negative: l.Amount < 0}
		b.TextY = b.Y + barHeight - 6
		if largest > 0 {
			b.Width = int(int64(abs(l.Amount)) * barMax / int64(largest))
		}
		b.AmountX = barX + b.Width + 6
		b.Short = b.Label
		if r := []rune(b.Label); len(r) > 26 {
			b.Short = string(r[:25]) + "…"
		}
		c.Bars = append(c.Bars, b)
	}
	c.Height = max(len(lines)*(barHeight+barGap), barHeight)
	c.Total = total.Display()
	c.Description = caption + ": " + strconv.Itoa(len(lines)) + " bars, totalling " + c.Total + ". The table beside the chart gives each figure."
	return c
}

func abs(p money.Pence) money.Pence {
	if p < 0 {
		return -p
	}
	return p
}
