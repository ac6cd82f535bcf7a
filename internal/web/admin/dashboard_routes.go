package admin

import (
	"context"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// Reports is the reports service (internal/reports) as the back office uses it. It checks the roles
// and limits every figure to the caller's funds itself.
type Reports interface {
	Dashboard(ctx context.Context, p ims.Principal, today time.Time) (ims.Dashboard, error)
	EndOfDay(ctx context.Context, p ims.Principal, date time.Time) (ims.EndOfDay, error)
}

// reportRoles are the roles of the dashboard and the end of day.
var reportRoles = []ims.Role{ims.Finance, ims.Reporting}

// reportRoutes are the end of day page and its CSV (SPEC §10); the dashboard is the home page.
func (a *Admin) reportRoutes() []web.Route {
	return []web.Route{
		a.page("/admin/end-of-day", a.endOfDay, reportRoles...),
		a.page("/admin/end-of-day.csv", a.endOfDayCSV, reportRoles...),
	}
}

// showsDashboard reports whether p's home page is the finance dashboard.
func (a *Admin) showsDashboard(p ims.Principal) bool {
	return a.Reports != nil && (p.HasRole(ims.Finance) || p.HasRole(ims.Reporting))
}

// today is the business date now, in Europe/London.
func (a *Admin) today() (time.Time, error) {
	london, err := ims.LondonLocation()
	if err != nil {
		return time.Time{}, err
	}
	return ims.BusinessDate(a.Now(), london), nil
}
