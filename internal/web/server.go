// Package web is the HTTP face of IMS: the route table, the middleware every request passes through
// (request ids, the client's address behind trusted proxies, access logs, security headers, panic
// recovery), health checks and the HTML pages.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/govukfrontend/assets"
)

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
	// Routes is the whole route table (the site's own routes come from SiteRoutes and
	// PaymentRoutes); Handler serves exactly these, each behind the check of its Access.
	Routes   []Route
	Payments PaymentOutcomes
	// Tokens authenticates the bearer tokens of API routes; without it every API route answers 401.
	Tokens ims.TokenAuthenticator
	// Staff finds the signed-in staff user of back-office routes (internal/web/admin); without it
	// every staff route answers 401.
	Staff StaffSessions

	// BaseURL is the site's public address (IMS_BASE_URL). When it is https, every response
	// carries Strict-Transport-Security, though TLS ends at a proxy in front of IMS.
	BaseURL string
	// TrustedProxies are the proxies whose X-Forwarded-For says which client a request comes
	// from (IMS_TRUSTED_PROXIES); see ClientIP.
	TrustedProxies []netip.Prefix
	// Requests counts each request by the route pattern that served it (internal/metrics); nil
	// counts nothing.
	Requests RequestObserver
}

// RequestObserver is told of every request answered: the ServeMux pattern that served it ("" when
// none did), its status (0 when the handler wrote nothing) and how long it took.
type RequestObserver interface {
	ObserveRequest(route string, status int, took time.Duration)
}

// SiteRoutes returns the routes of the site itself: health checks, assets, the start page, and the
// "Page not found" page for any path no other route serves.
func (s *Server) SiteRoutes() []Route {
	return []Route{
		{"GET /healthz", Public(), http.HandlerFunc(s.healthz)},
		{"GET /readyz", Public(), http.HandlerFunc(s.readyz)},
		{"GET /assets/", Public(), assets.Handler()},
		{"GET /{$}", Public(), http.HandlerFunc(s.start)},
		{"/", Public(), http.HandlerFunc(s.notFound)},
	}
}

// Handler returns the route table wrapped in the middleware every request passes through, each
// route behind the check of its declared access. It refuses a table with a route that declares no
// access (see CheckRoutes), so such a server does not start.
func (s *Server) Handler() (http.Handler, error) {
	if err := CheckRoutes(s.Routes); err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	for _, r := range s.Routes {
		mux.Handle(r.Pattern, s.guard(r.Access, r.Handler))
	}
	return s.withRequestID(s.withClientIP(s.withAccessLog(s.securityHeaders(s.recoverPanics(mux))))), nil
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
