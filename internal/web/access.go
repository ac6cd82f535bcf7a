package web

import (
	"context"
	"net"
	"net/http"
	"slices"
	"strings"

	"github.com/ims-council/ims"
)

// StaffSessions finds the staff user signed in on a request (the back office, internal/web/admin).
// A server without it answers 401 on every staff route.
type StaffSessions interface {
	// LoadSession returns h with the request's staff session loaded into its context (and saved
	// after h), so that StaffPrincipal can read it. The server runs it around the role check.
	LoadSession(h http.Handler) http.Handler
	// StaffPrincipal returns the signed-in user's principal (their roles and funds), or an
	// Unauthorized error when the request carries no valid staff session.
	StaffPrincipal(r *http.Request) (ims.Principal, error)
	// SignInURL is where a browser without a session is sent to sign in before coming back to next.
	SignInURL(next string) string
	// ErrorPage answers err with the back office's error page (a 403 in the staff layout).
	ErrorPage(w http.ResponseWriter, r *http.Request, err error)
}

type principalKey struct{}

// PrincipalFrom returns who is calling, as the server's access check found them: the API client of
// an APIScope route, the staff user of a StaffRoles route; the zero Principal on a public route.
func PrincipalFrom(ctx context.Context) ims.Principal {
	p, _ := ctx.Value(principalKey{}).(ims.Principal)
	return p
}

// guard returns h behind the check of its route's access: h runs only for a caller the declaration
// admits, with the caller's principal in the request's context.
func (s *Server) guard(a Access, h http.Handler) http.Handler {
	switch {
	case a.public:
		return h
	case a.scope != "":
		return s.requireScope(a.scope, h)
	case s.Staff != nil:
		return s.Staff.LoadSession(s.requireStaff(a, h))
	default:
		return s.requireStaff(a, h)
	}
}

// requireScope authenticates the bearer token, checks the client's IP allow-list and its scope, and
// answers problem+json when one fails: 401 without a valid token, 403 otherwise.
func (s *Server) requireScope(scope ims.Scope, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="ims"`)
			s.Problem(w, r, ims.Errorf(ims.Unauthorized, "Send an API token in the Authorization header: Bearer <token>"))
			return
		}
		var p ims.Principal
		var client ims.APIClient
		var err error = ims.Errorf(ims.Unauthorized, "This server takes no API tokens.")
		if s.Tokens != nil {
			p, client, err = s.Tokens.AuthenticateToken(r.Context(), strings.TrimSpace(token))
		}
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="ims", error="invalid_token"`)
			s.Problem(w, r, err)
			return
		}
		if !allowedAddress(client.IPAllow, ClientIP(r)) {
			s.Problem(w, r, ims.Errorf(ims.Forbidden, "API client %s may not call from this address", client.Name))
			return
		}
		if err := p.RequireScope(scope); err != nil {
			s.Problem(w, r, err)
			return
		}
		p.RequestID = RequestID(r.Context())
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), principalKey{}, p)))
	})
}

// requireStaff lets a signed-in staff user through when a admits them (any staff user, or one
// holding one of its roles), and answers the error page otherwise: 401 without a staff session
// (a GET is sent to sign in), 403 without the role.
func (s *Server) requireStaff(a Access, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.Staff == nil {
			s.ErrorPage(w, r, ims.Errorf(ims.Unauthorized, "Sign in to see this page."))
			return
		}
		p, err := s.Staff.StaffPrincipal(r)
		if err != nil {
			if r.Method == http.MethodGet && ims.ErrorCode(err) == ims.Unauthorized {
				// A browser without a session goes to sign in, and comes back here afterwards.
				http.Redirect(w, r, s.Staff.SignInURL(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.Staff.ErrorPage(w, r, err)
			return
		}
		if !a.anyStaff && !slices.ContainsFunc(a.roles, p.HasRole) {
			s.Staff.ErrorPage(w, r, p.Require(a.roles[0]))
			return
		}
		p.RequestID = RequestID(r.Context())
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), principalKey{}, p)))
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
