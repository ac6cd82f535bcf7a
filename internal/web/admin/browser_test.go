package admin_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/app"
	"github.com/ims-council/ims/internal/app/apptest"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/secretbox"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// cheap hashes passwords quickly: these tests are about pages, not hashing cost.
var cheap = auth.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

const password = "correct horse battery staple"

// site is the whole application served for a test, with a clock the test moves.
type site struct {
	t     *testing.T
	db    *sqldb.DB
	url   string
	clock *sqldbtest.Clock
}

// testClock is a clock the test moves, stopped at a Monday morning well before the real time (the
// session store's own expiry, a backstop, runs on the real clock).
func testClock() *sqldbtest.Clock {
	return sqldbtest.NewClock(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
}

func serve(t *testing.T, db *sqldb.DB, cfg config.Config) *site {
	return serveWithClock(t, db, cfg, testClock())
}

func serveWithClock(t *testing.T, db *sqldb.DB, cfg config.Config, clock *sqldbtest.Clock) *site {
	db.Clock = clock
	box, err := secretbox.New(apptest.SecretKey) // as ims serve does with IMS_SECRET_KEY
	if err != nil {
		t.Fatal(err)
	}
	db.Secrets = box
	_, srv := apptest.ServeConfig(t, db, cfg, app.WithClock(clock))
	return &site{t: t, db: db, url: srv.URL, clock: clock}
}

// addUser creates a staff account with the password above.
func (s *site) addUser(email string, roles ...ims.Role) ims.User {
	s.t.Helper()
	u, err := users.New(s.db).CreateUser(context.Background(), ims.System(),
		ims.User{Email: email, Name: "Sam " + strings.Split(email, "@")[0], Roles: roles}, password, cheap)
	if err != nil {
		s.t.Fatal(err)
	}
	return u
}

func (s *site) advance(d time.Duration) { s.clock.Set(s.clock.Now().Add(d)) }

// browser is a client with cookies that does not follow redirects, so each step's answer is seen.
type browser struct {
	t      *testing.T
	s      *site
	client *http.Client
}

func (s *site) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: s.t, s: s, client: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// response is what a request got: status, where it redirects, and the page.
type response struct {
	status   int
	location string
	body     string
}

func (b *browser) get(path string) response {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.s.url+path, nil)
	return b.do(req)
}

// post sends a form as a browser on the same site would (Sec-Fetch-Site: same-origin).
func (b *browser) post(path string, form url.Values) response {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.s.url+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

func (b *browser) do(req *http.Request) response {
	b.t.Helper()
	res, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, location: res.Header.Get("Location"), body: string(body)}
}

// cookie returns the staff session cookie's value, or "".
func (b *browser) cookie() string {
	u, _ := url.Parse(b.s.url)
	for _, c := range b.client.Jar.Cookies(u) {
		if c.Name == "ims_staff" {
			return c.Value
		}
	}
	return ""
}

// signIn signs in with email and the password above and expects to land on want.
func (b *browser) signIn(email, want string) {
	b.t.Helper()
	r := b.post("/admin/sign-in", url.Values{"email": {email}, "password": {password}})
	if r.status != http.StatusSeeOther || r.location != want {
		b.t.Fatalf("signing in as %s: %d to %q; want 303 to %s\n%s", email, r.status, r.location, want, r.body)
	}
}

func (r response) want(t *testing.T, status int, texts ...string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d (to %q); want %d\n%s", r.status, r.location, status, r.body)
	}
	for _, text := range texts {
		if !strings.Contains(r.body, text) {
			t.Errorf("the page does not say %q:\n%s", text, r.body)
		}
	}
}
