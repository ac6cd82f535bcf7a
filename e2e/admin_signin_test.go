package e2e

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims/internal/auth/oidc/oidctest"
	"github.com/ims-council/ims/internal/auth/totp"
)

// signIn signs in to the back office as a demo user with the password ims serve --demo printed,
// and expects the staff home page.
func (s *suite) signIn(t *testing.T, p *page, email string) {
	t.Helper()
	p.open(s.srv.URL+"/admin", http.StatusOK) // sent to sign in, then back
	p.wantHeading("Sign in")
	p.fill("email", email)
	p.fill("password", s.srv.password(t, email))
	p.clickText("Sign in", http.StatusOK)
	if !strings.HasPrefix(p.heading(), "Signed in as") {
		t.Fatalf("signing in as %s ended on %q (%s)", email, p.heading(), p.location())
	}
}

// A demo user signs in with their printed password, sets up an authenticator app from the QR
// code's key, signs out, and signs in again with password and code. Every page passes axe-core,
// the error states included.
func (s *suite) testAdminSignInWithTOTP(t *testing.T) {
	p := s.page(t)
	p.open(s.srv.URL+"/admin", http.StatusOK)
	p.wantHeading("Sign in")
	p.checkAccessible("sign-in page")
	p.clickText("Sign in", http.StatusUnprocessableEntity)
	p.wantText(".govuk-error-summary", "Enter your email address", "Enter your password")
	p.checkAccessible("sign-in page with errors")

	const email = "reporting@demo.example"
	s.signIn(t, p, email)
	p.checkAccessible("staff home page")
	p.clickText("Set up an authenticator app", http.StatusOK)
	p.wantHeading("Set up your authenticator app")
	p.checkAccessible("authenticator set-up page")
	secret := strings.ReplaceAll(p.text(".ims-secret"), " ", "")
	p.fill("code", "000000")
	p.clickText("Continue", http.StatusUnprocessableEntity)
	p.checkAccessible("authenticator set-up page with an error")
	p.fill("code", codeNow(t, secret))
	p.clickText("Continue", http.StatusOK)
	p.checkAccessible("recovery codes page")
	if codes := p.texts("#recovery-codes li"); len(codes) != 10 {
		t.Fatalf("recovery codes shown: %q; want 10", codes)
	}
	p.clickText("Continue", http.StatusOK)
	p.clickText("Sign out", http.StatusOK)
	p.wantText(".govuk-notification-banner--success", "You have signed out")

	p.fill("email", email)
	p.fill("password", s.srv.password(t, email))
	p.clickText("Sign in", http.StatusOK)
	p.wantHeading("Enter the code from your authenticator app")
	p.checkAccessible("code page")
	// The code used to enrol is spent: wait for the next one.
	time.Sleep(time.Until(time.Unix((totp.StepAt(time.Now())+1)*int64(totp.Period/time.Second), 0)))
	p.fill("code", codeNow(t, secret))
	p.clickText("Continue", http.StatusOK)
	if !strings.HasPrefix(p.heading(), "Signed in as") {
		t.Fatalf("after the code: %q", p.heading())
	}
}

// Ten wrong passwords lock an account: the right password is then refused too, with the same
// message, and the lockout is in the audit trail.
func (s *suite) testAdminLockout(t *testing.T) {
	p := s.page(t)
	const email = "cashreturndelete@demo.example" // a user no other journey signs in as
	p.open(s.srv.URL+"/admin/sign-in", http.StatusOK)
	for i := 0; i < 10; i++ {
		p.fill("email", email)
		p.fill("password", "not-the-password")
		p.clickText("Sign in", http.StatusUnprocessableEntity)
	}
	refused := p.text(".govuk-error-summary__list")
	p.fill("email", email)
	p.fill("password", s.srv.password(t, email))
	p.clickText("Sign in", http.StatusUnprocessableEntity)
	if got := p.text(".govuk-error-summary__list"); got != refused {
		t.Errorf("locked account with the right password says %q; wrong passwords said %q", got, refused)
	}
	p.checkAccessible("sign-in page, account locked")
	var n int
	if err := s.db.SQL.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action = 'login_refused'`).Scan(&n); err != nil || n == 0 {
		t.Errorf("the locked account's refusal is not audited (%d, %v)", n, err)
	}
}

func codeNow(t *testing.T, secret string) string {
	t.Helper()
	c, err := totp.CodeAt(secret, totp.StepAt(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Single sign-on: the council's identity provider (in this process) signs a demo user in by their
// email address; a token IMS must not trust signs nobody in and the page says why.
func (s *suite) testAdminSingleSignOn(t *testing.T) {
	s.idp.SetUser(oidctest.User{Subject: "e2e-auditor", Email: "auditor@demo.example", EmailVerified: true, Name: "Demo Auditor"})
	s.idp.SetFault(oidctest.NoFault)
	p := s.page(t)
	p.open(s.srv.URL+"/admin/sign-in", http.StatusOK)
	p.clickText("Sign in with Demo Borough account", http.StatusOK)
	if p.heading() != "Signed in as Demo Auditor" {
		t.Fatalf("after single sign-on: %q (%s)", p.heading(), p.location())
	}
	p.clickText("Sign out", http.StatusOK)

	s.idp.SetFault(oidctest.WrongAudience)
	defer s.idp.SetFault(oidctest.NoFault)
	p.clickText("Sign in with Demo Borough account", http.StatusUnauthorized)
	p.wantText(".govuk-error-summary", "Single sign-on did not sign you in")
	p.checkAccessible("sign-in page after a refused single sign-on")
	p.open(s.srv.URL+"/admin", http.StatusOK)
	p.wantHeading("Sign in")
}
