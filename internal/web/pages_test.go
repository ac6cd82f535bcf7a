package web

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
)

// pagesFor returns Pages on db for an area whose first page is serviceURL, with the council named.
func pagesFor(t *testing.T, db *sqldb.DB, serviceURL string) *Pages {
	t.Helper()
	if err := refdata.New(db).SetOrganisation(context.Background(), ims.System(), ims.Organisation{Name: "Demo Borough Council"}); err != nil {
		t.Fatal(err)
	}
	renderer, err := govukfrontend.New()
	if err != nil {
		t.Fatal(err)
	}
	return &Pages{Renderer: renderer, DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), ServiceURL: serviceURL}
}

// request returns a GET of target carrying the request id "req-1", as the middleware gives it.
func request(target string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	return r.WithContext(ims.WithRequestID(r.Context(), "req-1"))
}

func mustContain(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(body, want) {
			t.Errorf("%s does not contain %q:\n%s", what, want, body)
		}
	}
}

func TestErrorPagesForAStatusInTheRequestsLanguage(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		p := pagesFor(t, db, "/pay")

		w := httptest.NewRecorder()
		p.Error(w, request("/pay/nowhere"), http.StatusNotFound, "")
		if w.Code != http.StatusNotFound {
			t.Errorf("404 page answered %d", w.Code)
		}
		mustContain(t, "404 page", w.Body.String(), "<title>Page not found – Pay the council – Demo Borough Council</title>",
			`href="/pay"`, `lang="en"`)

		w = httptest.NewRecorder()
		p.Error(w, request("/pay/check?lang=cy"), http.StatusForbidden, "Go back to the page you came from, refresh it and try again.")
		if w.Code != http.StatusForbidden {
			t.Errorf("403 page answered %d", w.Code)
		}
		mustContain(t, "Welsh 403 page", w.Body.String(), `lang="cy"`, "mae problem gyda&#39;r gwasanaeth",
			"Go back to the page you came from", "req-1")

		// The language the portal's cookie remembers holds on error pages too.
		r := request("/pay/check")
		r.AddCookie(&http.Cookie{Name: LangCookie, Value: "cy"})
		w = httptest.NewRecorder()
		p.Error(w, r, http.StatusInternalServerError, "")
		if w.Code != http.StatusInternalServerError {
			t.Errorf("500 page answered %d", w.Code)
		}
		mustContain(t, "Welsh 500 page", w.Body.String(), `lang="cy"`, "req-1")
	})
}

func TestAPageThatDoesNotRenderIsAPlain500NamingTheRequest(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		p := pagesFor(t, db, "/")
		w := httptest.NewRecorder()
		p.Render(w, request("/"), http.StatusOK, "no-such-page", p.Layout(request("/"), "Title"), nil)
		if w.Code != http.StatusInternalServerError || !strings.Contains(w.Body.String(), "Reference: req-1") ||
			strings.Contains(w.Body.String(), "<html") {
			t.Errorf("got %d %q; want a plain 500 naming req-1", w.Code, w.Body)
		}
	})
}

func TestLang(t *testing.T) {
	withCookie := func(target, lang string) *http.Request {
		r := request(target)
		r.AddCookie(&http.Cookie{Name: LangCookie, Value: lang})
		return r
	}
	for _, tc := range []struct {
		r    *http.Request
		want string
	}{
		{request("/"), "en"},
		{request("/?lang=cy"), "cy"},
		{request("/?lang=fr"), "en"},
		{withCookie("/", "cy"), "cy"},
		{withCookie("/?lang=en", "cy"), "en"}, // the address wins over the cookie
		{withCookie("/", "xx"), "en"},
	} {
		if got := Lang(tc.r); got != tc.want {
			t.Errorf("Lang(%s, cookies %v) = %q, want %q", tc.r.URL, tc.r.Cookies(), got, tc.want)
		}
	}
}
