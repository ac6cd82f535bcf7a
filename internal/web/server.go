// Package web is the HTTP face of IMS: the route table, the middleware every request passes through
// (request ids, the client's address behind trusted proxies, access logs, security headers, panic
// recovery), health checks and the HTML pages.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/govukfrontend/assets"
)

// Access says who may call a route. Every route declares one, and a test walks the table.
type Access struct {
	Public bool      // anyone, signed in or not
	Scope  ims.Scope // API routes: a bearer token with this scope
	Role   ims.Role  // back-office routes: a signed-in user with this role
}

// A Route is one entry of the route table.
type Route struct {
	Pattern string // ServeMux pattern with method: "POST /api/v1/reference-checks"
	Access  Access
	Handler http.Handler
}

// Database is what the web layer needs of the store beyond the services it hands to handlers.
type Database interface {
	Ping(ctx context.Context) error
	MigrationsCurrent(ctx context.Context) (bool, error)
	Organisation(ctx context.Context) (ims.Organisation, error)
}

// Server holds the dependencies of the HTTP handlers.
type Server struct {
	DB       Database
	Log      *slog.Logger
	Renderer *govukfrontend.Renderer
	Routes   []Route // routes of other packages (the API), added to the site's own
	Payments PaymentOutcomes

	// BaseURL is the site's public address (IMS_BASE_URL). When it is https, every response
	// carries Strict-Transport-Security, though TLS ends at a proxy in front of IMS.
	BaseURL string
	// TrustedProxies are the proxies whose X-Forwarded-For says which client a request comes
	// from (IMS_TRUSTED_PROXIES); see ClientIP.
	TrustedProxies []netip.Prefix
}

// SiteRoutes returns the routes this package serves itself.
func (s *Server) SiteRoutes() []Route {
	return []Route{
		{"GET /healthz", Access{Public: true}, http.HandlerFunc(s.healthz)},
		{"GET /readyz", Access{Public: true}, http.HandlerFunc(s.readyz)},
		{"GET /assets/", Access{Public: true}, assets.Handler()},
		{"GET /{$}", Access{Public: true}, http.HandlerFunc(s.start)},
		{"/", Access{Public: true}, http.HandlerFunc(s.notFound)},
	}
}

// AllRoutes returns the whole route table.
func (s *Server) AllRoutes() []Route {
	return append(append(s.SiteRoutes(), s.paymentRoutes()...), s.Routes...)
}

// Handler returns the whole site wrapped in the middleware every request passes through.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, r := range s.AllRoutes() {
		mux.Handle(r.Pattern, r.Handler)
	}
	return s.withRequestID(s.withClientIP(s.withAccessLog(s.securityHeaders(s.recoverPanics(mux)))))
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// readyz answers 200 only when the database answers and has every migration this binary expects,
// so a load balancer sends no traffic to an instance that cannot serve it.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.DB.Ping(r.Context()); err != nil {
		s.Log.ErrorContext(r.Context(), "readyz: database unreachable", "err", err)
		http.Error(w, "database unreachable", http.StatusServiceUnavailable)
		return
	}
	current, err := s.DB.MigrationsCurrent(r.Context())
	if err != nil || !current {
		s.Log.ErrorContext(r.Context(), "readyz: migrations not current", "err", err)
		http.Error(w, "database migrations are not current: run ims migrate", http.StatusServiceUnavailable)
		return
	}
	w.Write([]byte("ready\n"))
}
