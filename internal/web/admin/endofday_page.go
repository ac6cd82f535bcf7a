package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
)

// endOfDayPage is the end of day of one business date: the date form, the income by fund × method
// of payment × VAT code, and the banking expected per channel.
type endOfDayPage struct {
	Summary          govukfrontend.ErrorSummary
	Day, Month, Year string
	DateError        string
	Date, CSVHref    string
	Lines            []endOfDayLineView
	Total, VAT       string
	Entries          int64
	Banking          []bankingGroup
	Shown            bool // figures are shown (the date was understood)
}

type endOfDayLineView struct {
	Fund, MOP, VATCode, Amount, VAT string
	Entries                         int64
}

// bankingGroup is one channel's lines and total.
type bankingGroup struct {
	Title, PlaceHeading string
	Lines               []bankingLineView
	Total               string
}

type bankingLineView struct {
	Place, Amount string
	Entries       int64
}

// bankingChannels names each channel, in the order the page shows them, and what its places are.
var bankingChannels = []struct{ Channel, Title, PlaceHeading string }{
	{ims.ChannelCard, "Card settlements", "Provider account"},
	{ims.ChannelCash, "Cash", "Office"},
	{ims.ChannelCheque, "Cheques", "Office"},
	{ims.ChannelOther, "Other methods of payment", "Method of payment"},
}

// endOfDayDate reads the date of the end of day: date=YYYY-MM-DD (links, the CSV), else the GOV.UK
// date input's day, month and year, else today. It returns the fields to show again and, when the
// date cannot be read, why.
func endOfDayDate(q url.Values, today time.Time) (date time.Time, v endOfDayPage) {
	if s := q.Get("date"); s != "" {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			v.DateError = "Enter the date as a day, month and year, like 27 3 2026"
			return date, v
		}
		date = d
	} else if q.Get("date-day")+q.Get("date-month")+q.Get("date-year") != "" {
		v.Day, v.Month, v.Year = strings.TrimSpace(q.Get("date-day")), strings.TrimSpace(q.Get("date-month")), strings.TrimSpace(q.Get("date-year"))
		day, e1 := strconv.Atoi(v.Day)
		month, e2 := strconv.Atoi(v.Month)
		year, e3 := strconv.Atoi(v.Year)
		d := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
		if e1 != nil || e2 != nil || e3 != nil || year < 1000 || year > 9999 || d.Day() != day || d.Month() != time.Month(month) {
			v.DateError = "Enter a real date, like 27 3 2026"
			return time.Time{}, v
		}
		date = d
	} else {
		date = today
	}
	v.Day, v.Month, v.Year = strconv.Itoa(date.Day()), strconv.Itoa(int(date.Month())), strconv.Itoa(date.Year())
	return date, v
}

// endOfDay shows the end of day of the date asked for, today's by default.
func (a *Admin) endOfDay(w http.ResponseWriter, r *http.Request) {
	today, err := a.today()
	if err != nil {
		a.fail(w, r, err)
		return
	}
	date, v := endOfDayDate(r.URL.Query(), today)
	if v.DateError != "" {
		v.Summary = govukfrontend.ErrorSummary{Errors: []govukfrontend.ErrorLink{{Text: v.DateError, Href: "#date-day"}}}
		a.render(w, r, http.StatusUnprocessableEntity, "admin-endofday", "Error: End of day", v)
		return
	}
	e, err := a.Reports.EndOfDay(r.Context(), web.PrincipalFrom(r.Context()), date)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v.Shown = true
	v.Date = ukDate(e.Date)
	v.CSVHref = "/admin/end-of-day.csv?date=" + e.Date.Format(time.DateOnly)
	v.Total, v.VAT = e.Total.Display(), e.VAT.Display()
	for _, l := range e.Lines {
		v.Entries += l.Entries
		v.Lines = append(v.Lines, endOfDayLineView{Fund: l.Fund + " " + l.FundName, MOP: l.MOP + " " + l.MOPName,
			VATCode: l.VATCode, Amount: l.Amount.Display(), VAT: l.VAT.Display(), Entries: l.Entries})
	}
	for _, c := range bankingChannels {
		g := bankingGroup{Title: c.Title, PlaceHeading: c.PlaceHeading}
		var total ims.ReportCount
		for _, b := range e.Banking {
			if b.Channel != c.Channel {
				continue
			}
			place := strings.TrimSpace(b.Place + " " + b.PlaceName)
			if b.Place == b.PlaceName {
				place = b.Place
			}
			if place == "" {
				place = "None recorded"
			}
			g.Lines = append(g.Lines, bankingLineView{Place: place, Amount: b.Amount.Display(), Entries: b.Entries})
			total.Amount += b.Amount
		}
		if len(g.Lines) > 0 {
			g.Total = total.Amount.Display()
			v.Banking = append(v.Banking, g)
		}
	}
	a.render(w, r, http.StatusOK, "admin-endofday", "End of day "+v.Date, v)
}
