package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/web"
)

// A route that declares no access makes the server refuse to start, naming the route: no route can
// be served without the check its declaration gives it.
func TestServerRefusesARouteWithoutAccess(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	for name, routes := range map[string][]web.Route{
		"no access":    {{Pattern: "GET /forgotten", Handler: ok}},
		"empty access": {{Pattern: "GET /forgotten", Access: web.Access{}, Handler: ok}},
		"no roles":     {{Pattern: "GET /forgotten", Access: web.StaffRoles(), Handler: ok}},
		"bad scope":    {{Pattern: "GET /forgotten", Access: web.APIScope("everything"), Handler: ok}},
		"bad role":     {{Pattern: "GET /forgotten", Access: web.StaffRoles("Boss"), Handler: ok}},
	} {
		s := &web.Server{Log: slog.New(slog.DiscardHandler), Routes: append(routes, web.Route{Pattern: "GET /fine", Access: web.Public(), Handler: ok})}
		if _, err := s.Handler(); err == nil || !strings.Contains(err.Error(), "/forgotten") || strings.Contains(err.Error(), "/fine") {
			t.Errorf("%s: Handler() error %v; want one naming only GET /forgotten", name, err)
		}
	}
}

// fakeStaff is a staff session store for the test: the X-Test-Roles header names the signed-in
// user's roles ("-" for a user with none); without it there is no session.
type fakeStaff struct{}

type sessionLoaded struct{}

// LoadSession marks the request, so StaffPrincipal can tell the server loaded the session first.
func (fakeStaff) LoadSession(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), sessionLoaded{}, true)))
	})
}

func (fakeStaff) SignInURL(next string) string { return "/sign-in?next=" + url.QueryEscape(next) }

func (fakeStaff) ErrorPage(w http.ResponseWriter, r *http.Request, err error) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(web.Status(ims.ErrorCode(err)))
	fmt.Fprintf(w, "<p>%s</p>", ims.ErrorMessage(err))
}

func (fakeStaff) StaffPrincipal(r *http.Request) (ims.Principal, error) {
	if r.Context().Value(sessionLoaded{}) == nil {
		return ims.Principal{}, ims.Errorf(ims.Internal, "the session was not loaded before the role check")
	}
	h := r.Header.Get("X-Test-Roles")
	if h == "" {
		return ims.Principal{}, ims.Errorf(ims.Unauthorized, "Sign in to see this page.")
	}
	p := ims.Principal{UserID: 7, Name: "Test User"}
	for _, name := range strings.Split(h, ",") {
		if name != "-" {
			p.Roles = append(p.Roles, ims.Role(name))
		}
	}
	return p, nil
}

// A browser asking for a staff page without a session is sent to sign in, and back afterwards.
func TestStaffPageWithoutASessionGoesToSignIn(t *testing.T) {
	db := sqldbtest.Open(t, sqldb.SQLite)
	renderer, err := govukfrontend.New()
	if err != nil {
		t.Fatal(err)
	}
	s := &web.Server{DB: db, Log: slog.New(slog.DiscardHandler), Renderer: renderer, Staff: fakeStaff{}}
	s.Routes = append(s.SiteRoutes(), web.Route{Pattern: "GET /admin/users", Access: web.StaffRoles(ims.UserAdmin),
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "users") })})
	srv := httptest.NewServer(handler(t, s))
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Get(srv.URL + "/admin/users?page=2")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/sign-in?next=%2Fadmin%2Fusers%3Fpage%3D2" {
		t.Errorf("GET without a session: %d to %q; want 303 to sign in, then back", res.StatusCode, res.Header.Get("Location"))
	}
}

// A staff route answers 401 to a POST without a staff session, 403 to a user without any of its roles, and runs its handler, with the user as principal, for one holding any.
func TestStaffRoutesNeedASessionAndARole(t *testing.T) {
	db := sqldbtest.Open(t, sqldb.SQLite)
	renderer, err := govukfrontend.New()
	if err != nil {
		t.Fatal(err)
	}
	refund := web.Route{Pattern: "POST /refunds/{id}", Access: web.StaffRoles(ims.Refund, ims.PartialRefund),
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p := web.PrincipalFrom(r.Context())
			fmt.Fprintf(w, "refunding as %s with %v", p.Actor(), p.Roles)
		})}
	for _, tt := range []struct {
		name   string
		staff  web.StaffSessions
		roles  string
		status int
	}{
		{"no staff sign-in yet", nil, "Refund", http.StatusUnauthorized},
		{"not signed in", fakeStaff{}, "", http.StatusUnauthorized},
		{"without the role", fakeStaff{}, "Finance,RefundApprover", http.StatusForbidden},
		{"with no roles", fakeStaff{}, "-", http.StatusForbidden},
		{"with one of the roles", fakeStaff{}, "Finance,PartialRefund", http.StatusOK},
		{"with the other", fakeStaff{}, "Refund", http.StatusOK},
	} {
		s := &web.Server{DB: db, Log: slog.New(slog.DiscardHandler), Renderer: renderer, Staff: tt.staff}
		s.Routes = append(s.SiteRoutes(), refund)
		srv := httptest.NewServer(handler(t, s))
		req, _ := http.NewRequest("POST", srv.URL+"/refunds/42", nil)
		if tt.roles != "" {
			req.Header.Set("X-Test-Roles", tt.roles)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		srv.Close()
		reached := strings.HasPrefix(string(body), "refunding as user:7")
		if res.StatusCode != tt.status || reached != (tt.status == http.StatusOK) {
			t.Errorf("%s: %d %q; want %d", tt.name, res.StatusCode, body, tt.status)
		}
		if tt.status == http.StatusForbidden && !strings.Contains(string(body), "You need the Refund role") {
			t.Errorf("%s: the 403 page does not name the role needed:\n%s", tt.name, body)
		}
		if tt.status != http.StatusOK && !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: %s; want the HTML error page", tt.name, res.Header.Get("Content-Type"))
		}
	}
}

// Every code of ims.Error has its status in the one table, and the codes that mean the same to
// the API and to pages give the same status to both.
func TestStatusTable(t *testing.T) {
	want := map[ims.Code]int{ims.Invalid: 422, ims.NotFound: 404, ims.Conflict: 409, ims.Unauthorized: 401,
		ims.Forbidden: 403, ims.Unavailable: 503, ims.Internal: 500, "": 200, "something new": 500}
	for code, status := range want {
		if got := web.Status(code); got != status {
			t.Errorf("Status(%q) = %d; want %d", code, got, status)
		}
	}
}
