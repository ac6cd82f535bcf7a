package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth/totp"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// A member of staff asking for a back-office page is sent to sign in, comes back to that page with
// a new session token (a token planted before sign-in is worth nothing), sees their name and only
// the sections their roles open, and signs out; the old cookie then opens nothing.
func TestSignInTakesStaffBackWhereTheyWereGoing(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := serve(t, db, config.Config{})
		s.addUser("auditor@council.example", ims.Auditor)
		b := s.browser()

		r := b.get("/admin?from=bookmark")
		if r.status != http.StatusSeeOther || r.location != "/admin/sign-in?next=%2Fadmin%3Ffrom%3Dbookmark" {
			t.Fatalf("GET /admin without a session: %d to %q; want 303 to sign in", r.status, r.location)
		}
		b.get(r.location).want(t, http.StatusOK, "Sign in", `autocomplete="current-password"`)
		before := b.cookie()
		b.signIn("Auditor@Council.example ", "/admin?from=bookmark")
		if after := b.cookie(); after == "" || after == before {
			t.Errorf("session token before sign-in %q, after %q; want a new one", before, after)
		}
		home := b.get("/admin")
		home.want(t, http.StatusOK, "Signed in as Sam auditor", `href="/admin/audit"`, "Sign out")
		if strings.Contains(home.body, `href="/admin/users"`) {
			t.Errorf("an Auditor's home page links to user administration:\n%s", home.body)
		}

		old := b.cookie()
		r = b.post("/admin/sign-out", nil)
		if r.status != http.StatusSeeOther || r.location != "/admin/sign-in?signed-out" {
			t.Fatalf("sign out: %d to %q", r.status, r.location)
		}
		b.get(r.location).want(t, http.StatusOK, "You have signed out")
		replay := s.browser()
		u, _ := url.Parse(s.url)
		replay.client.Jar.SetCookies(u, []*http.Cookie{{Name: "ims_staff", Value: old}})
		if r := replay.get("/admin"); r.status != http.StatusSeeOther {
			t.Errorf("the signed-out session's cookie still opens /admin: %d", r.status)
		}
		wantAudited(t, db, "login", "logout")
		var withoutRequest int
		if err := db.SQL.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action IN ('login', 'logout') AND request_id = ''`).Scan(&withoutRequest); err != nil || withoutRequest != 0 {
			t.Errorf("%d sign-in or sign-out events name no request (%v)", withoutRequest, err)
		}
	})
}

// A wrong password, and an unknown email, get the same message on the sign-in form, which keeps
// the email typed; empty fields are named.
func TestSignInRefusalsDoNotTellWhichAccountsExist(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := serve(t, db, config.Config{})
		s.addUser("finance@council.example", ims.Finance)
		b := s.browser()
		wrong := b.post("/admin/sign-in", url.Values{"email": {"finance@council.example"}, "password": {"not it"}})
		wrong.want(t, http.StatusUnprocessableEntity, "Error: Sign in", "There is a problem", `value="finance@council.example"`)
		unknown := b.post("/admin/sign-in", url.Values{"email": {"nobody@council.example"}, "password": {"not it"}})
		unknown.want(t, http.StatusUnprocessableEntity)
		if message(wrong.body) != message(unknown.body) || message(wrong.body) == "" {
			t.Errorf("wrong password says %q, unknown email %q; want the same", message(wrong.body), message(unknown.body))
		}
		b.post("/admin/sign-in", url.Values{}).want(t, http.StatusUnprocessableEntity, "Enter your email address", "Enter your password")
	})
}

// message returns the first error summary item's text of a page.
func message(page string) string {
	_, after, ok := strings.Cut(page, `<ul class="govuk-list govuk-error-summary__list">`)
	if !ok {
		return ""
	}
	_, after, _ = strings.Cut(after, `">`)
	text, _, _ := strings.Cut(after, "<")
	return text
}

// A session ends after the idle timeout with nobody using it, and after the absolute lifetime
// however busy; staff then sign in again.
func TestSessionsTimeOut(t *testing.T) {
	db := sqldbtest.Open(t, sqldb.SQLite)
	s := serve(t, db, config.Config{StaffIdleTimeout: 30 * time.Minute, StaffSessionLifetime: 8 * time.Hour})
	s.addUser("ua@council.example", ims.UserAdmin)
	b := s.browser()
	b.signIn("ua@council.example", "/admin")
	s.advance(29 * time.Minute)
	b.get("/admin").want(t, http.StatusOK)
	s.advance(31 * time.Minute)
	if r := b.get("/admin"); r.status != http.StatusSeeOther {
		t.Fatalf("after 31 idle minutes: %d; want 303 to sign in", r.status)
	}

	b.signIn("ua@council.example", "/admin")
	for i := 0; i < 17; i++ { // busy all day, a request every 25 minutes: 7 h 5 min
		s.advance(25 * time.Minute)
		b.get("/admin").want(t, http.StatusOK)
	}
	s.advance(25 * time.Minute) // 7 h 30 min
	b.get("/admin").want(t, http.StatusOK)
	s.advance(31 * time.Minute) // past 8 hours
	if r := b.get("/admin"); r.status != http.StatusSeeOther {
		t.Fatalf("past the 8-hour lifetime: %d; want 303 to sign in", r.status)
	}
}

// A disabled account's open session stops working at its next request.
func TestADisabledUsersSessionEnds(t *testing.T) {
	db := sqldbtest.Open(t, sqldb.SQLite)
	s := serve(t, db, config.Config{})
	u := s.addUser("ua@council.example", ims.UserAdmin)
	b := s.browser()
	b.signIn("ua@council.example", "/admin")
	if _, err := db.SQL.Exec(`UPDATE users SET disabled = TRUE WHERE id = $1`, u.ID); err != nil {
		t.Fatal(err)
	}
	if r := b.get("/admin"); r.status != http.StatusSeeOther {
		t.Fatalf("a disabled user's session: %d; want 303 to sign in", r.status)
	}
}

// A form posted from another site is refused, signed in or not, and changes nothing.
func TestCrossSitePostsAreRefused(t *testing.T) {
	db := sqldbtest.Open(t, sqldb.SQLite)
	s := serve(t, db, config.Config{})
	s.addUser("ua@council.example", ims.UserAdmin)
	b := s.browser()
	req, _ := http.NewRequest(http.MethodPost, s.url+"/admin/sign-in", strings.NewReader("email=ua%40council.example&password="+password))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	b.do(req).want(t, http.StatusForbidden, "sent from another website")
	if b.cookie() != "" {
		t.Error("a cross-site sign-in started a session")
	}
	b.signIn("ua@council.example", "/admin")
	req, _ = http.NewRequest(http.MethodPost, s.url+"/admin/sign-out", nil)
	req.Header.Set("Origin", "https://evil.example")
	b.do(req).want(t, http.StatusForbidden)
	b.get("/admin").want(t, http.StatusOK, "Signed in as")
}

// The sign-in page never sends anyone to another site afterwards.
func TestSignInNextStaysInTheBackOffice(t *testing.T) {
	db := sqldbtest.Open(t, sqldb.SQLite)
	s := serve(t, db, config.Config{})
	s.addUser("ua@council.example", ims.UserAdmin)
	for _, next := range []string{"//evil.example/admin", "https://evil.example", "/pay", "/admin/\\evil"} {
		b := s.browser()
		b.get("/admin/sign-in?next=" + url.QueryEscape(next))
		b.signIn("ua@council.example", "/admin")
	}
}

// Too many sign-in attempts for one account are answered 429 before any password is checked.
func TestSignInIsRateLimitedPerAccount(t *testing.T) {
	db := sqldbtest.Open(t, sqldb.SQLite)
	s := serve(t, db, config.Config{})
	s.addUser("ua@council.example", ims.UserAdmin)
	b := s.browser()
	limited := 0
	for i := 0; i < 17; i++ {
		r := b.post("/admin/sign-in", url.Values{"email": {"ua@council.example"}, "password": {"guess"}})
		if r.status == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited != 2 {
		t.Errorf("17 quick attempts for one account: %d refused with 429; want the 2 past the 15 allowed", limited)
	}
}

// wantAudited fails unless the audit trail holds each action.
func wantAudited(t *testing.T, db *sqldb.DB, actions ...string) {
	t.Helper()
	events, err := ledger.New(db).AuditEvents(context.Background(), ims.System(), sqldb.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range events {
		seen[e.Action] = true
	}
	for _, a := range actions {
		if !seen[a] {
			t.Errorf("no %q event in the audit trail", a)
		}
	}
}

// When a user administrator sets someone's password or resets their authenticator app, every
// session signed in with the old credentials ends (someone who stole them is out), while sessions
// of other users go on.
func TestChangedCredentialsEndOpenSessions(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := serve(t, db, config.Config{})
		admin := s.addUser("ua@council.example", ims.UserAdmin)
		u := s.addUser("fin@council.example", ims.Finance)
		ctx := context.Background()
		svc := users.New(db)
		svc.Params = cheap
		ua := ims.Principal{UserID: admin.ID, Name: admin.Name, Roles: []ims.Role{ims.UserAdmin}}

		victim, bystander := s.browser(), s.browser()
		victim.signIn("fin@council.example", "/admin")
		bystander.signIn("ua@council.example", "/admin")
		if err := svc.SetPassword(ctx, ua, u.ID, "a brand new passphrase for sam"); err != nil {
			t.Fatal(err)
		}
		if r := victim.get("/admin"); r.status != http.StatusSeeOther {
			t.Errorf("after a password change, the old session: %d; want 303 to sign in", r.status)
		}
		bystander.get("/admin").want(t, http.StatusOK, "Signed in as")

		secret, _ := s.enrolTOTP(u)
		s.advance(totp.Period)
		victim = s.browser()
		r := victim.post("/admin/sign-in", url.Values{"email": {"fin@council.example"}, "password": {"a brand new passphrase for sam"}})
		if r.status != http.StatusSeeOther || r.location != "/admin/sign-in/code" {
			t.Fatalf("sign-in with the new password: %d to %q", r.status, r.location)
		}
		victim.post("/admin/sign-in/code", url.Values{"code": {s.code(secret)}})
		victim.get("/admin").want(t, http.StatusOK)
		if err := svc.ResetTOTP(ctx, ua, u.ID); err != nil {
			t.Fatal(err)
		}
		if r := victim.get("/admin"); r.status != http.StatusSeeOther {
			t.Errorf("after the authenticator app was reset, the old session: %d; want 303 to sign in", r.status)
		}
	})
}

// A user given no role yet can still sign in, see on the home page why nothing opens, and sign out.
func TestAUserWithoutRolesSeesHomeAndSignsOut(t *testing.T) {
	db := sqldbtest.Open(t, sqldb.SQLite)
	s := serve(t, db, config.Config{})
	s.addUser("new@council.example")
	b := s.browser()
	b.signIn("new@council.example", "/admin")
	b.get("/admin").want(t, http.StatusOK, "Your roles open no part of the back office yet")
	if r := b.post("/admin/sign-out", nil); r.status != http.StatusSeeOther {
		t.Fatalf("sign out without roles: %d", r.status)
	}
	if r := b.get("/admin"); r.status != http.StatusSeeOther {
		t.Errorf("after signing out: %d; want 303 to sign in", r.status)
	}
}
