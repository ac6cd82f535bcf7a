// Package api is the JSON REST API under /api/v1, described by openapi.yaml in this folder (the
// contract, served as JSON at /api/v1/openapi.json). Errors are application/problem+json.
package api

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// Services is what the API handlers call.
type Services interface {
	AuthenticateToken(ctx context.Context, token string) (ims.Principal, ims.APIClient, error)
	CheckReference(ctx context.Context, p ims.Principal, c ims.ReferenceCheck) (ims.ReferenceResult, error)
}

// API holds the handlers' dependencies.
type API struct {
	Services Services
	Payments PaymentStarter
	Refunds  Refunder
	Log      *slog.Logger
}

// Routes returns the API's route table, each route with the scope it needs.
func (a *API) Routes() []web.Route {
	return []web.Route{
		{Pattern: "GET /api/v1/openapi.json", Access: web.Access{Public: true}, Handler: http.HandlerFunc(a.openAPI)},
		{Pattern: "POST /api/v1/reference-checks", Access: web.Access{Scope: ims.ScopeReferenceChecks},
			Handler: a.withClient(ims.ScopeReferenceChecks, a.referenceCheck)},
		{Pattern: "POST /api/v1/payments", Access: web.Access{Scope: ims.ScopePayments},
			Handler: a.withClient(ims.ScopePayments, a.createPayment)},
		{Pattern: "GET /api/v1/payments/{id}", Access: web.Access{Scope: ims.ScopePayments},
			Handler: a.withClient(ims.ScopePayments, a.getPayment)},
		{Pattern: "POST /api/v1/payments/{id}/refunds", Access: web.Access{Scope: ims.ScopeRefunds},
			Handler: a.withClient(ims.ScopeRefunds, a.createRefund)},
		{Pattern: "GET /api/v1/refunds/{id}", Access: web.Access{Scope: ims.ScopeRefunds},
			Handler: a.withClient(ims.ScopeRefunds, a.getRefund)},
		{Pattern: "POST /api/v1/refunds/{id}/approve", Access: web.Access{Scope: ims.ScopeRefundApprovals},
			Handler: a.withClient(ims.ScopeRefundApprovals, a.approveRefund)},
		{Pattern: "POST /api/v1/refunds/{id}/reject", Access: web.Access{Scope: ims.ScopeRefundApprovals},
			Handler: a.withClient(ims.ScopeRefundApprovals, a.rejectRefund)},
		{Pattern: "/api/", Access: web.Access{Public: true}, Handler: http.HandlerFunc(a.notFound)},
	}
}

type principalKey struct{}

func principal(ctx context.Context) ims.Principal {
	p, _ := ctx.Value(principalKey{}).(ims.Principal)
	return p
}

// withClient authenticates the bearer token, checks its scope and IP allow-list, and passes the
// client's principal to h.
func (a *API) withClient(scope ims.Scope, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="ims"`)
			a.problem(w, r, ims.Errorf(ims.Unauthorized, "Send an API token in the Authorization header: Bearer <token>"))
			return
		}
		p, client, err := a.Services.AuthenticateToken(r.Context(), strings.TrimSpace(token))
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="ims", error="invalid_token"`)
			a.problem(w, r, err)
			return
		}
		if !allowedAddress(client.IPAllow, web.ClientIP(r)) {
			a.problem(w, r, ims.Errorf(ims.Forbidden, "API client %s may not call from this address", client.Name))
			return
		}
		if err := p.RequireScope(scope); err != nil {
			a.problem(w, r, err)
			return
		}
		p.RequestID = web.RequestID(r.Context())
		h(w, r.WithContext(context.WithValue(r.Context(), principalKey{}, p)))
	})
}

// allowedAddress reports whether remote (host:port) is inside one of the CIDR ranges; an empty
// list allows every address.
func allowedAddress(cidrs []string, remote string) bool {
	if len(cidrs) == 0 {
		return true
	}
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	ip := net.ParseIP(host)
	for _, c := range cidrs {
		if _, n, err := net.ParseCIDR(strings.TrimSpace(c)); err == nil && ip != nil && n.Contains(ip) {
			return true
		}
	}
	return false
}

func (a *API) notFound(w http.ResponseWriter, r *http.Request) {
	a.problem(w, r, ims.Errorf(ims.NotFound, "There is no API resource at %s %s", r.Method, r.URL.Path))
}
