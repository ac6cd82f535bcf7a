package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/app"
	"github.com/ims-council/ims/internal/app/apptest"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
	"github.com/ims-council/ims/internal/web"
)

// A caller of the route walk: nobody, an API client holding one scope, or a staff user holding one
// role.
type caller struct {
	name  string
	scope ims.Scope
	role  ims.Role
	token string // the API client's bearer token
}

// staffByHeader stands in for staff sign-in: X-Test-Role names the signed-in user's one role;
// without it there is no staff session.
type staffByHeader struct{}

func (staffByHeader) LoadSession(h http.Handler) http.Handler { return h }

func (staffByHeader) SignInURL(next string) string { return "/admin/sign-in?next=" + next }

func (staffByHeader) ErrorPage(w http.ResponseWriter, r *http.Request, err error) {
	http.Error(w, ims.ErrorMessage(err), web.Status(ims.ErrorCode(err)))
}

func (staffByHeader) StaffPrincipal(r *http.Request) (ims.Principal, error) {
	role := r.Header.Get("X-Test-Role")
	if role == "" {
		return ims.Principal{}, ims.Errorf(ims.Unauthorized, "Sign in to see this page.")
	}
	return ims.Principal{UserID: 1, Name: "staff", Roles: []ims.Role{ims.Role(role)}}, nil
}

// TestEveryRouteEnforcesItsDeclaredAccess walks the application's whole route table, as app.New
// builds it, with every caller: nobody, an API client for each scope (real tokens), and a staff
// user for each role. From each route's declaration alone it expects the handler to run, or 401
// (no credentials of the kind the route takes; a browser asking for a staff page is sent to sign
// in instead, 303), or 403 (credentials without the scope or role).
// Each handler is swapped for one that says it ran, so the check seen is the server's, not the
// handler's. A route added without a declaration fails here too: app.New refuses the table.
func TestEveryRouteEnforcesItsDeclaredAccess(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.Open(t, sqldb.SQLite)
	a, err := app.New(ctx, config.Config{BaseURL: "http://ims.test", SecretKey: apptest.SecretKey},
		app.WithDB(db), app.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err) // among other reasons, a route without a valid access declaration
	}
	defer a.Close()
	callers := []caller{{name: "nobody"}}
	for _, s := range ims.AllScopes() {
		_, token, err := users.New(db).CreateAPIClient(ctx, ims.System(), ims.APIClient{Name: "client " + string(s), Scopes: []ims.Scope{s}})
		if err != nil {
			t.Fatal(err)
		}
		callers = append(callers, caller{name: "API client with scope " + string(s), scope: s, token: token})
	}
	for _, r := range ims.AllRoles() {
		callers = append(callers, caller{name: "staff user with role " + string(r), role: r})
	}

	s := *a.Server // the application's server, with its token check; staff sign-in stood in for
	s.Staff = staffByHeader{}
	s.Routes = nil
	for _, r := range a.Server.Routes {
		pattern := r.Pattern
		s.Routes = append(s.Routes, web.Route{Pattern: r.Pattern, Access: r.Access,
			Handler: http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
				p := web.PrincipalFrom(req.Context())
				fmt.Fprintf(w, "reached %s as %s", pattern, who(p.Scopes, p.Roles))
			})})
	}
	h, err := s.Handler()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	noRedirects := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, r := range a.Server.Routes {
		method, path := requestFor(r.Pattern)
		for _, c := range callers {
			want, wantActor := expected(r.Access, c)
			if want == http.StatusUnauthorized && (len(r.Access.Roles()) > 0 || r.Access.AnyStaff()) && method == http.MethodGet {
				want = http.StatusSeeOther
			}
			req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader("{}"))
			if c.token != "" {
				req.Header.Set("Authorization", "Bearer "+c.token)
			}
			if c.role != "" {
				req.Header.Set("X-Test-Role", string(c.role))
			}
			res, err := noRedirects.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			reached := strings.HasPrefix(string(body), "reached ")
			if want == http.StatusSeeOther && !strings.HasPrefix(res.Header.Get("Location"), "/admin/sign-in?next=") {
				t.Errorf("%s, %s: sent to %q; want the sign-in page", r.Pattern, c.name, res.Header.Get("Location"))
			}
			switch {
			case want == http.StatusOK && string(body) != "reached "+r.Pattern+" as "+wantActor:
				t.Errorf("%s (%s), %s: %d %.80q; want its handler to run as %s", r.Pattern, r.Access, c.name, res.StatusCode, body, wantActor)
			case want != http.StatusOK && (reached || res.StatusCode != want):
				t.Errorf("%s (%s), %s: %d %.80q; want %d", r.Pattern, r.Access, c.name, res.StatusCode, body, want)
			}
		}
	}
}

// expected returns the status a caller gets from a route's declaration (200 when the handler
// runs) and, when it runs, who the handler sees calling.
func expected(a web.Access, c caller) (int, string) {
	switch {
	case a.IsPublic():
		return http.StatusOK, who(nil, nil) // a public route carries no principal
	case a.Scope() != "" && c.token == "":
		return http.StatusUnauthorized, ""
	case a.Scope() != "" && c.scope != a.Scope():
		return http.StatusForbidden, ""
	case a.Scope() != "":
		return http.StatusOK, who([]ims.Scope{c.scope}, nil)
	case c.role == "":
		return http.StatusUnauthorized, ""
	case !a.AnyStaff() && !slices.Contains(a.Roles(), c.role):
		return http.StatusForbidden, ""
	}
	return http.StatusOK, who(nil, []ims.Role{c.role})
}

// who describes a principal by its scopes and roles.
func who(scopes []ims.Scope, roles []ims.Role) string {
	return fmt.Sprintf("scopes %v roles %v", scopes, roles)
}

var wildcard = regexp.MustCompile(`\{[^}]*\}`)

// requestFor returns a request's method and path that a route's pattern matches: GET when the
// pattern names no method, "x1" for each wildcard, "probe" under a pattern ending in a slash.
func requestFor(pattern string) (method, path string) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		method, path = http.MethodGet, pattern
	}
	path = strings.ReplaceAll(path, "{$}", "")
	path = wildcard.ReplaceAllString(path, "x1")
	if strings.HasSuffix(path, "/") && path != "/" {
		path += "probe"
	} else if path == "/" && !strings.HasSuffix(pattern, "{$}") {
		path = "/probe"
	}
	return method, path
}
