package admin_test

import (
	"context"
	"crypto/rand"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/demo"
	"github.com/ims-council/ims/internal/reports"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/money"
)

// The demo week (Tuesday 3 to Monday 9 March 2026) seen on Friday 6 March at 5 pm: the finance
// officer's home page is the dashboard, with charts and the tables beside them, its figures the
// service's; a Reporting user of the revenues group sees only funds 23 and 24; a clerk keeps the
// plain home page and may not open the end of day. The end of day page and its CSV give the same
// figures, and a date that is not one is asked for again.
func TestDashboardAndEndOfDayPages(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := serveWithClock(t, db, config.Config{}, sqldbtest.NewClock(time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC)))
		if _, err := demo.Load(ctx, db, rand.Reader, cheap); err != nil {
			t.Fatal(err)
		}
		s.clock.Set(time.Date(2026, 3, 6, 17, 0, 0, 0, time.UTC))
		friday := time.Date(2026, 3, 6, 0, 0, 0, 0, time.UTC)
		s.addUserWithGroups("officer@council.example", []string{"all"}, ims.Finance)
		s.addUserWithGroups("analyst@council.example", []string{"revenues"}, ims.Reporting)
		s.addUserWithGroups("clerk@council.example", []string{"all"}, ims.TransactionList)

		officer := ims.Principal{Name: "officer", Roles: []ims.Role{ims.Finance}, Funds: []string{"23", "24", "5", "11", "2R", "5M", "19", "13", "1", "XT"}}
		d, err := reports.New(db).Dashboard(ctx, officer, friday)
		if err != nil {
			t.Fatal(err)
		}
		if d.MonthTotal == 0 || len(d.TodayByFund) == 0 {
			t.Fatalf("the demo week gives no income on Friday: %+v", d)
		}
		b := s.browser()
		b.signIn("officer@council.example", "/admin")
		r := b.get("/admin")
		want := []string{"Dashboard", "6 March 2026", `role="img"`, `<title id="today-fund-title">`, `aria-labelledby="today-fund-title today-fund-desc"`,
			`id="today-total">` + d.TodayTotal.Display(), `id="month-total">` + d.MonthTotal.Display(), "In suspense", `href="/admin/suspense/ageing"`,
			`href="/admin/end-of-day?date=2026-03-06"`, `href="/admin/end-of-day"`, "Imports waiting", `<th scope="row" class="govuk-table__header">5 `}
		for _, l := range d.MonthByMOP {
			want = append(want, `<th scope="row" class="govuk-table__header">`+l.Code+" "+l.Name+`</th><td class="govuk-table__cell govuk-table__cell--numeric">`+itoa(l.Entries)+`</td><td class="govuk-table__cell govuk-table__cell--numeric">`+l.Amount.Display())
		}
		r.want(t, http.StatusOK, want...)

		// The end of day: the page's total is the day's income, and the CSV holds the same figures.
		e, err := reports.New(db).EndOfDay(ctx, officer, friday)
		if err != nil {
			t.Fatal(err)
		}
		if e.Total != d.TodayTotal {
			t.Errorf("end of day total %s; the dashboard's today %s", e.Total.Display(), d.TodayTotal.Display())
		}
		page := b.get("/admin/end-of-day?date=2026-03-06")
		page.want(t, http.StatusOK, "End of day for 6 March 2026", `id="income-total">`+e.Total.Display(), "Card settlements", "Cash", "Cheques",
			`value="6"`, `value="3"`, `value="2026"`, `href="/admin/end-of-day.csv?date=2026-03-06"`)
		b.get("/admin/end-of-day?date-day=6&date-month=3&date-year=2026").want(t, http.StatusOK, `id="income-total">`+e.Total.Display())
		b.get("/admin/end-of-day?date-day=31&date-month=2&date-year=2026").want(t, http.StatusUnprocessableEntity,
			"There is a problem", `href="#date-day"`, "Enter a real date")
		b.get("/admin/end-of-day").want(t, http.StatusOK, "End of day for 6 March 2026")

		c := b.get("/admin/end-of-day.csv?date=2026-03-06")
		if c.status != http.StatusOK {
			t.Fatalf("CSV: %d\n%s", c.status, c.body)
		}
		rows, err := csv.NewReader(strings.NewReader(c.body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var income, banking int
		var sum money.Pence
		for _, row := range rows[1:] {
			amount, err := money.Parse(row[11])
			if err != nil {
				t.Fatalf("CSV amount %q: %v", row[11], err)
			}
			switch row[1] {
			case "income":
				income++
				sum += amount
				// Each income row is a row of the page's table.
				if !strings.Contains(page.body, `<td class="govuk-table__cell">`+row[2]+" "+row[3]+`</td><td class="govuk-table__cell">`+row[4]+" "+row[5]+`</td><td class="govuk-table__cell">`+row[6]+`</td><td class="govuk-table__cell govuk-table__cell--numeric">`+row[10]+`</td><td class="govuk-table__cell govuk-table__cell--numeric">`+amount.Display()) {
					t.Errorf("CSV row %v is not on the page", row)
				}
			case "banking":
				banking++
			}
		}
		if income != len(e.Lines) || banking != len(e.Banking) || sum != e.Total {
			t.Errorf("CSV: %d income rows summing to %s, %d banking rows; the page has %d lines of %s and %d banking lines",
				income, sum.Display(), banking, len(e.Lines), e.Total.Display(), len(e.Banking))
		}

		// One fund group: only its funds, no imports and no suspense.
		a := s.browser()
		a.signIn("analyst@council.example", "/admin")
		r = a.get("/admin")
		r.want(t, http.StatusOK, "Dashboard", `<th scope="row" class="govuk-table__header">23 `)
		for _, other := range []string{"5 ", "19 ", "13 "} {
			if strings.Contains(r.body, `<th scope="row" class="govuk-table__header">`+other) {
				t.Errorf("a user of the revenues group is shown fund %s", other)
			}
		}
		if strings.Contains(r.body, "Imports waiting") || strings.Contains(r.body, "In suspense") {
			t.Error("a Reporting user of one fund group is shown imports or suspense")
		}
		r = a.get("/admin/end-of-day?date=2026-03-06")
		r.want(t, http.StatusOK, "End of day for 6 March 2026")
		if strings.Contains(r.body, ">5 ") || strings.Contains(r.body, ">19 ") {
			t.Error("the end of day shows another group's fund")
		}

		// Other roles: the plain home page, and no end of day.
		k := s.browser()
		k.signIn("clerk@council.example", "/admin")
		r = k.get("/admin")
		r.want(t, http.StatusOK, "Signed in as")
		if strings.Contains(r.body, `role="img"`) || strings.Contains(r.body, "End of day") {
			t.Error("a clerk is shown the dashboard")
		}
		k.get("/admin/end-of-day").want(t, http.StatusForbidden)
		k.get("/admin/end-of-day.csv").want(t, http.StatusForbidden)
	})
}
