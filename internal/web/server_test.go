package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/web"
)

func newServer(t *testing.T, db *sqldb.DB) (*web.Server, *httptest.Server) {
	t.Helper()
	renderer, err := govukfrontend.New()
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	s := &web.Server{DB: db, Log: log, Renderer: renderer}
	s.Routes = s.SiteRoutes()
	srv := httptest.NewServer(handler(t, s))
	t.Cleanup(srv.Close)
	return s, srv
}

// handler returns the server's handler, failing the test if the server refuses to start.
func handler(t *testing.T, s *web.Server) http.Handler {
	t.Helper()
	h, err := s.Handler()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestHealthAndStartPage(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		must := func(err error) {
			if err != nil {
				t.Fatal(err)
			}
		}
		must(refdata.New(db).SetOrganisation(context.Background(), ims.System(), ims.Organisation{Name: "Demo Borough Council"}))
		_, srv := newServer(t, db)
		for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready"} {
			if res, body := get(t, srv.URL+path); res.StatusCode != 200 || !strings.Contains(body, want) {
				t.Errorf("%s: %d %q", path, res.StatusCode, body)
			}
		}
		res, body := get(t, srv.URL+"/")
		if res.StatusCode != 200 || !strings.Contains(body, "Demo Borough Council") || !strings.Contains(body, `lang="en"`) {
			t.Errorf("start page: %d %s", res.StatusCode, body)
		}
		if strings.Contains(body, "GDS Transport") || strings.Contains(body, "<script>") || strings.Contains(body, "style=") {
			t.Errorf("start page has the GOV.UK font or inline code, which the CSP forbids")
		}
		for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "X-Request-Id"} {
			if res.Header.Get(h) == "" {
				t.Errorf("missing header %s", h)
			}
		}
		if res, _ := get(t, srv.URL+"/no-such-page"); res.StatusCode != 404 {
			t.Errorf("unknown page: %d", res.StatusCode)
		}
		if res, body := get(t, srv.URL+"/?lang=cy"); res.StatusCode != 200 || !strings.Contains(body, `lang="cy"`) ||
			!strings.Contains(body, "Talu Demo Borough Council") || !strings.Contains(body, `href="/pay?lang=cy"`) || !strings.Contains(body, ">English<") {
			t.Errorf("Welsh start page: %d\n%s", res.StatusCode, body)
		}
		if !strings.Contains(body, ">Cymraeg<") {
			t.Errorf("the English start page has no link to the Welsh one")
		}
	})
}

func TestReadyzRefusesAnUnmigratedDatabase(t *testing.T) {
	ctx := context.Background()
	db, err := sqldb.Open(ctx, sqldbtest.URL(t, sqldb.SQLite))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, srv := newServer(t, db)
	if res, body := get(t, srv.URL+"/readyz"); res.StatusCode != 503 || !strings.Contains(body, "migrat") {
		t.Errorf("readyz on an unmigrated database: %d %q", res.StatusCode, body)
	}
}
