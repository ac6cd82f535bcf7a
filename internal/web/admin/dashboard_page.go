package admin

import (
	"net/http"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// dashboardPage is the finance home page: the day's and month's income as charts with their
// tables, what needs attention, and below it the home page's sections.
type dashboardPage struct {
	homePage
	Today, MonthStart, EndOfDayHref string
	TodayTotal, MonthTotal          string
	Charts                          []barChart
	CardFailed, CardAbandoned       countView
	RefundsAwaiting                 countView
	Imports                         bool
	ImportsWaiting, ImportsFailed   int64
	Suspense                        *suspenseView
}

// countView is a count and its value, as shown.
type countView struct {
	Count  int64
	Amount string
}

// suspenseView is the suspense total and its ages.
type suspenseView struct {
	Report bool // the user may open the ageing report (Finance)
	Count  int64
	Total  string
	Ages   []ageView
}

type ageView struct {
	Label, Amount string
	Count         int64
}

func newCountView(c ims.ReportCount) countView {
	return countView{Count: c.Count, Amount: c.Amount.Display()}
}

// dashboard shows the finance dashboard of today to a user with Finance or Reporting.
func (a *Admin) dashboard(w http.ResponseWriter, r *http.Request, home homePage) {
	p := web.PrincipalFrom(r.Context())
	today, err := a.today()
	if err != nil {
		a.fail(w, r, err)
		return
	}
	d, err := a.Reports.Dashboard(r.Context(), p, today)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v := dashboardPage{homePage: home, Today: ukDate(d.Today), MonthStart: ukDate(d.MonthStart),
		EndOfDayHref: "/admin/end-of-day?date=" + d.Today.Format("2006-01-02"),
		TodayTotal:   d.TodayTotal.Display(), MonthTotal: d.MonthTotal.Display(),
		CardFailed: newCountView(d.CardFailed), CardAbandoned: newCountView(d.CardAbandoned),
		RefundsAwaiting: newCountView(d.RefundsAwaiting),
		Imports:         d.Imports, ImportsWaiting: d.ImportsWaiting, ImportsFailed: d.ImportsFailed,
		Charts: []barChart{
			newBarChart("today-fund", "Today’s income by fund", "Income on "+ukDate(d.Today)+" by fund", "Fund", d.TodayByFund),
			newBarChart("today-mop", "Today’s income by method of payment", "Income on "+ukDate(d.Today)+" by method of payment", "Method of payment", d.TodayByMOP),
			newBarChart("month-fund", "This month’s income by fund", "Income from "+ukDate(d.MonthStart)+" to "+ukDate(d.Today)+" by fund", "Fund", d.MonthByFund),
			newBarChart("month-mop", "This month’s income by method of payment", "Income from "+ukDate(d.MonthStart)+" to "+ukDate(d.Today)+" by method of payment", "Method of payment", d.MonthByMOP),
		}}
	if s := d.Suspense; s != nil {
		v.Suspense = &suspenseView{Report: p.HasRole(ims.Finance), Count: s.Total.Count, Total: s.Total.Remaining.Display()}
		for i, b := range ims.SuspenseAgeBands {
			v.Suspense.Ages = append(v.Suspense.Ages, ageView{Label: b.Label, Count: s.AgeTotals[i].Count, Amount: s.AgeTotals[i].Remaining.Display()})
		}
	}
	a.render(w, r, http.StatusOK, "admin-dashboard", "Dashboard", v)
}
