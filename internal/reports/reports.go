// Package reports is the finance read models of SPEC §10: the dashboard of the finance home page and
// the end of day. What counts as income, and what each channel should bank, is ADR 30. Every figure
// is summed by the database and limited to the caller's funds, failing closed.
package reports

import (
	"context"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// Service reads the finance reports. Create it with New.
type Service struct {
	DB *sqldb.DB
}

// New returns the reports service over db.
func New(db *sqldb.DB) *Service { return &Service{DB: db} }

// mayRead checks that p holds Finance or Reporting, the roles of the finance reports.
func mayRead(p ims.Principal) error {
	if p.HasRole(ims.Finance) || p.HasRole(ims.Reporting) {
		return nil
	}
	return ims.Errorf(ims.Forbidden, "You need the %s or %s role to see the finance reports", ims.Finance, ims.Reporting)
}

// scope is the funds p's reports read: every fund for a principal free of fund groups, else p's.
func scope(p ims.Principal) sqldb.ReportScope {
	return sqldb.ReportScope{AllFunds: p.SeesAllFunds(), Funds: p.Funds}
}

// londonDay returns the instants a business date starts and ends in Europe/London.
func londonDay(date time.Time, london *time.Location) (time.Time, time.Time) {
	y, m, d := date.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, london), time.Date(y, m, d+1, 0, 0, 0, 0, london)
}

// businessDate checks that date is a date (midnight UTC) and returns it.
func businessDate(date time.Time) (time.Time, error) {
	if date.IsZero() {
		return date, ims.FieldError("date", "Enter a date")
	}
	y, m, d := date.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
}

// Dashboard returns the finance dashboard of business date today for p (Finance or Reporting): the
// day's and the month's income so far by fund and by method of payment, the day's failed and
// abandoned card payments, refunds awaiting approval, imports waiting or failed that day (Finance
// only, as only Finance sees imports) and suspense by age (for Finance, or anyone seeing the
// suspense fund: ADR 24 keeps suspense out of fund groups for Finance).
func (s *Service) Dashboard(ctx context.Context, p ims.Principal, today time.Time) (d ims.Dashboard, err error) {
	defer ims.Wrap(&err, "Dashboard")
	if err := mayRead(p); err != nil {
		return d, err
	}
	if today, err = businessDate(today); err != nil {
		return d, err
	}
	sc := scope(p)
	d.Today = today
	d.MonthStart = time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	if d.TodayByFund, err = s.DB.IncomeByFund(ctx, sc, today, today); err != nil {
		return d, err
	}
	if d.TodayByMOP, err = s.DB.IncomeByMOP(ctx, sc, today, today); err != nil {
		return d, err
	}
	if d.MonthByFund, err = s.DB.IncomeByFund(ctx, sc, d.MonthStart, today); err != nil {
		return d, err
	}
	if d.MonthByMOP, err = s.DB.IncomeByMOP(ctx, sc, d.MonthStart, today); err != nil {
		return d, err
	}
	for _, l := range d.TodayByFund {
		d.TodayTotal += l.Amount
	}
	for _, l := range d.MonthByFund {
		d.MonthTotal += l.Amount
	}
	start, end := londonDay(today, s.DB.London)
	if d.CardFailed, err = s.DB.CardOutcomes(ctx, sc, []ims.PaymentState{ims.PaymentFailed}, start, end); err != nil {
		return d, err
	}
	if d.CardAbandoned, err = s.DB.CardOutcomes(ctx, sc, []ims.PaymentState{ims.PaymentCancelled, ims.PaymentExpired}, start, end); err != nil {
		return d, err
	}
	if d.RefundsAwaiting, err = s.DB.RefundsAwaitingTotals(ctx, sc); err != nil {
		return d, err
	}
	if p.HasRole(ims.Finance) {
		d.Imports = true
		if d.ImportsWaiting, d.ImportsFailed, err = s.DB.ImportsWaitingAndFailed(ctx, sc, start); err != nil {
			return d, err
		}
	}
	suspenseFund, err := s.DB.SuspenseFundCode(ctx)
	if err != nil {
		return d, err
	}
	if p.HasRole(ims.Finance) || (suspenseFund != "" && p.SeesFund(suspenseFund)) {
		items, err := s.DB.OpenSuspenseItems(ctx)
		if err != nil {
			return d, err
		}
		ageing := ims.AgeSuspense(items, today)
		d.Suspense = &ageing
	}
	return d, nil
}

// EndOfDay returns one business date's income of p's funds by fund × method of payment × VAT code,
// with its total and VAT, and the banking each channel should bring in (ADR 30). Finance or
// Reporting.
func (s *Service) EndOfDay(ctx context.Context, p ims.Principal, date time.Time) (e ims.EndOfDay, err error) {
	defer ims.Wrap(&err, "EndOfDay")
	if err := mayRead(p); err != nil {
		return e, err
	}
	if e.Date, err = businessDate(date); err != nil {
		return e, err
	}
	sc := scope(p)
	if e.Lines, err = s.DB.EndOfDayLines(ctx, sc, e.Date); err != nil {
		return e, err
	}
	for _, l := range e.Lines {
		e.Total += l.Amount
		e.VAT += l.VAT
	}
	e.Banking, err = s.DB.Banking(ctx, sc, e.Date)
	return e, err
}
