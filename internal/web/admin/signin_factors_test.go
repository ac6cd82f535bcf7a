package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth/oidc/oidctest"
	"github.com/ims-council/ims/internal/auth/totp"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// enrolTOTP gives a user a second factor through the service and returns its secret and
// recovery codes.
func (s *site) enrolTOTP(u ims.User) (secret string, recovery []string) {
	s.t.Helper()
	ctx := context.Background()
	svc := users.New(s.db)
	e, err := svc.BeginTOTP(ctx, u.ID)
	if err != nil {
		s.t.Fatal(err)
	}
	code := s.code(e.Secret)
	recovery, err = svc.ConfirmTOTP(ctx, ims.Principal{UserID: u.ID, Name: u.Name}, u.ID, e.Secret, code)
	if err != nil {
		s.t.Fatal(err)
	}
	return e.Secret, recovery
}

// code returns the TOTP code of secret at the site's clock.
func (s *site) code(secret string) string {
	s.t.Helper()
	c, err := totp.CodeAt(secret, totp.StepAt(s.clock.Now()))
	if err != nil {
		s.t.Fatal(err)
	}
	return c
}

// Staff with an authenticator app give its code after their password; a code cannot be used twice;
// a recovery code works once; without the code nobody is signed in.
func TestSignInWithPasswordAndCode(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := serve(t, db, config.Config{})
		u := s.addUser("fin@council.example", ims.Finance)
		secret, recovery := s.enrolTOTP(u)
		s.advance(totp.Period) // the enrolment's code is used up

		b := s.browser()
		b.signIn("fin@council.example", "/admin/sign-in/code")
		if r := b.get("/admin"); r.status != http.StatusSeeOther {
			t.Fatalf("password alone opened /admin: %d", r.status)
		}
		b.get("/admin/sign-in/code").want(t, http.StatusOK, "Enter the code from your authenticator app")
		b.post("/admin/sign-in/code", url.Values{"code": {"000000"}}).want(t, http.StatusUnprocessableEntity, "There is a problem")
		code := s.code(secret)
		r := b.post("/admin/sign-in/code", url.Values{"code": {code}})
		if r.status != http.StatusSeeOther || r.location != "/admin" {
			t.Fatalf("right code: %d to %q\n%s", r.status, r.location, r.body)
		}
		b.get("/admin").want(t, http.StatusOK, "Signed in as Sam fin")

		again := s.browser()
		again.signIn("fin@council.example", "/admin/sign-in/code")
		again.post("/admin/sign-in/code", url.Values{"code": {code}}).want(t, http.StatusUnprocessableEntity)
		r = again.post("/admin/sign-in/code", url.Values{"code": {recovery[0]}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("recovery code: %d\n%s", r.status, r.body)
		}
		third := s.browser()
		third.signIn("fin@council.example", "/admin/sign-in/code")
		third.post("/admin/sign-in/code", url.Values{"code": {recovery[0]}}).want(t, http.StatusUnprocessableEntity)

		if r := s.browser().get("/admin/sign-in/code"); r.status != http.StatusSeeOther {
			t.Errorf("the code page without a password first: %d; want 303 to sign in", r.status)
		}
	})
}

var secretText = regexp.MustCompile(`<code class="ims-secret">([A-Z2-7 ]+)</code>`)

// When the council makes the second factor compulsory, a user without one sets it up while signing
// in: the QR code and key, a wrong code refused with the same key shown again, then the recovery
// codes, once, and they are signed in.
func TestCompulsorySecondFactorIsSetUpAtSignIn(t *testing.T) {
	db := sqldbtest.Open(t, sqldb.SQLite)
	s := serve(t, db, config.Config{})
	s.addUser("ua@council.example", ims.UserAdmin)
	if err := users.New(db).SetSecuritySettings(context.Background(), ims.System(), ims.SecuritySettings{TOTPRequired: true, InactiveDisableDays: 90}); err != nil {
		t.Fatal(err)
	}
	b := s.browser()
	b.signIn("ua@council.example", "/admin/sign-in/two-factor")
	page := b.get("/admin/sign-in/two-factor")
	page.want(t, http.StatusOK, "Set up your authenticator app", `src="data:image/png;base64,`)
	m := secretText.FindStringSubmatch(page.body)
	if m == nil {
		t.Fatalf("no key to type in:\n%s", page.body)
	}
	secret := strings.ReplaceAll(m[1], " ", "")
	wrong := b.post("/admin/sign-in/two-factor", url.Values{"code": {"123456"}})
	wrong.want(t, http.StatusUnprocessableEntity, m[1])
	done := b.post("/admin/sign-in/two-factor", url.Values{"code": {s.code(secret)}})
	done.want(t, http.StatusOK, "Save your recovery codes", `id="recovery-codes"`)
	b.get("/admin").want(t, http.StatusOK, "Signed in as")
}

// Single sign-on: the council's identity provider signs a member of staff in as the IMS user with
// their email address; a token IMS must not trust (wrong audience or issuer, expired, wrong nonce,
// bad signature) signs nobody in and the page says why; someone IMS does not know is refused.
func TestSingleSignOn(t *testing.T) {
	db := sqldbtest.Open(t, sqldb.SQLite)
	clock := testClock()
	idp := oidctest.New(t, "ims-test", "client-secret", clock)
	s := serveWithClock(t, db, config.Config{OIDC: config.OIDC{IssuerURL: idp.Issuer, ClientID: idp.ClientID,
		ClientSecret: idp.ClientSecret, Name: "Test Council"}}, clock)
	s.addUser("alex.smith@council.example", ims.Reporting)

	signOn := func(b *browser) response {
		t.Helper()
		r := b.post("/admin/sign-in/oidc", nil)
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, idp.Issuer) {
			t.Fatalf("single sign-on start: %d to %q; want the identity provider", r.status, r.location)
		}
		back := idp.Authorize(t, r.location)
		return b.get("/admin/sign-in/oidc/callback?" + back.Encode())
	}

	b := s.browser()
	b.get("/admin/sign-in").want(t, http.StatusOK, "Sign in with Test Council account")
	if r := signOn(b); r.status != http.StatusSeeOther || r.location != "/admin" {
		t.Fatalf("single sign-on: %d to %q\n%s", r.status, r.location, r.body)
	}
	b.get("/admin").want(t, http.StatusOK, "Signed in as")

	for _, fault := range []oidctest.Fault{oidctest.WrongAudience, oidctest.WrongIssuer, oidctest.Expired, oidctest.WrongNonce, oidctest.BadSignature} {
		idp.SetFault(fault)
		b := s.browser()
		signOn(b).want(t, http.StatusUnauthorized, "Single sign-on did not sign you in")
		if r := b.get("/admin"); r.status != http.StatusSeeOther {
			t.Errorf("fault %d: a refused token opened /admin", fault)
		}
	}
	idp.SetFault(oidctest.NoFault)
	idp.SetUser(oidctest.User{Subject: "someone-else", Email: "pat.jones@council.example", EmailVerified: true, Name: "Pat Jones"})
	signOn(s.browser()).want(t, http.StatusUnauthorized, "pat.jones@council.example")

	// A callback without a sign-in started in this session is refused too.
	s.browser().get("/admin/sign-in/oidc/callback?code=x&state=y").want(t, http.StatusUnauthorized)
}

// A member of staff with an authenticator app moves to a new one (a new phone) only by proving
// the old one: a code from it or a recovery code; the new app's codes then sign them in.
func TestReplacingTheAuthenticatorApp(t *testing.T) {
	db := sqldbtest.Open(t, sqldb.SQLite)
	s := serve(t, db, config.Config{})
	u := s.addUser("fin@council.example", ims.Finance)
	old, recovery := s.enrolTOTP(u)
	s.advance(totp.Period)
	b := s.browser()
	b.signIn("fin@council.example", "/admin/sign-in/code")
	if r := b.post("/admin/sign-in/code", url.Values{"code": {s.code(old)}}); r.status != http.StatusSeeOther {
		t.Fatalf("signing in with the old app: %d", r.status)
	}
	page := b.get("/admin/account/two-factor")
	page.want(t, http.StatusOK, "You already have an authenticator app", "Code from your current app")
	m := secretText.FindStringSubmatch(page.body)
	if m == nil {
		t.Fatalf("no key to type in:\n%s", page.body)
	}
	fresh := strings.ReplaceAll(m[1], " ", "")
	s.advance(totp.Period)
	b.post("/admin/account/two-factor", url.Values{"current_code": {"000000"}, "code": {s.code(fresh)}}).
		want(t, http.StatusUnprocessableEntity, "There is a problem")
	b.post("/admin/account/two-factor", url.Values{"current_code": {recovery[1]}, "code": {s.code(fresh)}}).
		want(t, http.StatusOK, "Save your recovery codes")
	b.get("/admin").want(t, http.StatusOK, "Signed in as") // their own change keeps them signed in

	s.advance(totp.Period)
	again := s.browser()
	again.signIn("fin@council.example", "/admin/sign-in/code")
	again.post("/admin/sign-in/code", url.Values{"code": {s.code(old)}}).want(t, http.StatusUnprocessableEntity)
	if r := again.post("/admin/sign-in/code", url.Values{"code": {s.code(fresh)}}); r.status != http.StatusSeeOther {
		t.Fatalf("signing in with the new app: %d\n%s", r.status, r.body)
	}
}
