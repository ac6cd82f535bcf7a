package app

import (
	"context"
	"net/http"
	"strings"

	"github.com/ims-council/ims/internal/api"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
	"github.com/ims-council/ims/internal/web/portal"
)

// handler builds the site: the portal, the API and the provider-facing routes behind the server's
// middleware, with extra routes (the simulator) beside them.
func (a *App) handler(o options, extra []web.Route) (http.Handler, error) {
	renderer, err := govukfrontend.New(portal.Templates())
	if err != nil {
		return nil, err
	}
	pt, err := portal.New(portal.Options{DB: a.DB, Payments: a.Payments, Log: a.Log, Renderer: renderer, ReceiptKey: a.ReceiptKey,
		SecureCookies: strings.HasPrefix(a.Config.BaseURL, "https://"), Office: a.portalOffice(), RateLimit: o.rateLimit})
	if err != nil {
		return nil, err
	}
	ap := &api.API{Services: a.DB, Payments: a.Payments, Refunds: a.Payments, Log: a.Log}
	routes := append(append(ap.Routes(), pt.Routes()...), extra...)
	s := &web.Server{DB: a.DB, Log: a.Log, Renderer: renderer, Routes: routes, Payments: a.Payments,
		BaseURL: a.Config.BaseURL, TrustedProxies: a.Config.TrustedProxies}
	return s.Handler(), nil
}

// portalOffice is the office the portal's payments are recorded against: the one named WP (web
// portal) when it exists.
func (a *App) portalOffice() string {
	if _, err := a.DB.Offices().Get(context.Background(), "WP"); err == nil {
		return "WP"
	}
	return ""
}
