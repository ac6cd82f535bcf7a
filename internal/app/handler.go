package app

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/ims-council/ims/internal/api"
	"github.com/ims-council/ims/internal/cashreturns"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/journals"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/suspense"
	"github.com/ims-council/ims/internal/transactions"
	"github.com/ims-council/ims/internal/users"
	"github.com/ims-council/ims/internal/web"
	"github.com/ims-council/ims/internal/web/admin"
	"github.com/ims-council/ims/internal/web/portal"
	"github.com/ims-council/ims/internal/webhooks"
)

// handler builds the site: the route table (the site's own pages, the provider-facing routes, the
// API, the portal, and extra routes such as the simulator) behind the server's middleware, each
// route behind the check of its declared access.
func (a *App) handler(o options, extra []web.Route) (http.Handler, error) {
	renderer, err := govukfrontend.New(portal.Templates(), admin.Templates())
	if err != nil {
		return nil, err
	}
	pt, err := portal.New(portal.Options{Store: portalStore{a.DB}, Payments: a.Payments, Log: a.Log, London: a.DB.London,
		Renderer: renderer, ReceiptKey: a.ReceiptKey, SessionStore: sqldb.SessionStore{DB: a.DB},
		SecureCookies: strings.HasPrefix(a.Config.BaseURL, "https://"), Office: a.portalOffice(), RateLimit: o.rateLimit,
		Messages: refdata.New(a.DB)})
	if err != nil {
		return nil, err
	}
	ap := &api.API{References: a.DB, ReferenceData: portalStore{a.DB}, Payments: a.Payments, Refunds: a.Payments, AccountHolders: a.AccountHolders,
		Suspense: suspense.New(a.DB), Imports: a.Imports, ImportTypes: a.DB.ImportTypes(), Log: a.Log,
		Transactions: transactions.New(a.DB), Journals: journals.New(a.DB), Webhooks: webhooks.New(a.DB, a.Log), CashReturns: cashreturns.New(a.DB)}
	bo, err := a.backOffice(renderer)
	if err != nil {
		return nil, err
	}
	s := &web.Server{DB: a.DB, Log: a.Log, Renderer: renderer, Payments: a.Payments, Tokens: users.New(a.DB),
		Staff: bo, BaseURL: a.Config.BaseURL, TrustedProxies: a.Config.TrustedProxies, Requests: a.Metrics}
	s.Routes = slices.Concat(s.SiteRoutes(), s.PaymentRoutes(), ap.Routes(), pt.Routes(), bo.Routes(), a.metricsRoutes(), extra)
	a.Server = s
	return s.Handler()
}

// portalOffice is the office the portal's payments are recorded against: the one named WP (web
// portal) when it exists.
func (a *App) portalOffice() string {
	if _, err := a.DB.Offices().Get(context.Background(), "WP"); err == nil {
		return "WP"
	}
	return ""
}
