package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/app"
	"github.com/ims-council/ims/internal/app/apptest"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/web"
)

// everyRole is the application's own staff sessions, except that a user holding every role (so
// every route's check passes), user 1, is signed in on every request.
type everyRole struct{ web.StaffSessions }

func (everyRole) StaffPrincipal(r *http.Request) (ims.Principal, error) {
	return ims.Principal{UserID: 1, Name: "staff", Roles: ims.AllRoles()}, nil
}

// backOffice serves the application's real route table with staff signed in as a user holding
// every role.
func backOffice(t *testing.T) (*httptest.Server, *sqldb.DB, []web.Route) {
	db := sqldbtest.Open(t, sqldb.SQLite)
	a, err := app.New(context.Background(), config.Config{BaseURL: "http://ims.test", SecretKey: apptest.SecretKey},
		app.WithDB(db), app.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	s := *a.Server
	s.Staff = everyRole{a.Server.Staff}
	h, err := s.Handler()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, db, a.Server.Routes
}

// Every form of the back office refuses a request sent from another site (cross-site request
// forgery) before it does anything, signed in or not.
func TestEveryBackOfficeFormRefusesCrossSitePosts(t *testing.T) {
	srv, _, routes := backOffice(t)
	forms := 0
	for _, r := range routes {
		method, path := requestFor(r.Pattern)
		if method != http.MethodPost || !strings.HasPrefix(path, "/admin") {
			continue
		}
		forms++
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader("name=x"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "sent from another website") {
			t.Errorf("%s from another site: %d; want 403 naming the reason", r.Pattern, res.StatusCode)
		}
	}
	if forms < 5 {
		t.Fatalf("only %d back-office forms found: the walk checks nothing", forms)
	}
}

// No back-office page changes anything when it is only looked at: opening every GET route writes
// no audit event (every change is audited) and no session beyond the visitor's own.
func TestNoBackOfficePageChangesStateOnGET(t *testing.T) {
	srv, db, routes := backOffice(t)
	count := func() (n int) {
		if err := db.SQL.QueryRow(`SELECT COUNT(*) FROM audit_events`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before, pages := count(), 0
	for _, r := range routes {
		method, path := requestFor(r.Pattern)
		if method != http.MethodGet || !strings.HasPrefix(path, "/admin") {
			continue
		}
		pages++
		res, err := http.Get(srv.URL + path + "?code=x&state=y&reference=x")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode >= 500 {
			t.Errorf("GET %s: %d", path, res.StatusCode)
		}
	}
	if pages < 5 {
		t.Fatalf("only %d back-office pages found: the walk checks nothing", pages)
	}
	if after := count(); after != before {
		t.Errorf("opening %d back-office pages wrote %d audit events; a GET must change nothing", pages, after-before)
	}
}
