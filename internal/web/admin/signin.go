package admin

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/auth/oidc"
	"github.com/ims-council/ims/internal/auth/totp"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/users"
	"github.com/ims-council/ims/internal/web"
)

// SignInService signs staff in (internal/users): passwords with lockout, the TOTP second factor,
// single sign-on, and the principal of a signed-in user on every request.
type SignInService interface {
	SignInWithPassword(ctx context.Context, email, password string, policy auth.LockoutPolicy) (users.SignInResult, error)
	SignInWithCode(ctx context.Context, userID int64, code string, policy auth.LockoutPolicy) (ims.Principal, error)
	BeginTOTP(ctx context.Context, userID int64) (totp.Enrolment, error)
	ConfirmTOTP(ctx context.Context, p ims.Principal, userID int64, secret, code string) (recoveryCodes []string, err error)
	SignInAfterEnrolment(ctx context.Context, userID int64) (ims.Principal, error)
	ReplaceTOTP(ctx context.Context, p ims.Principal, userID int64, currentCode, secret, code string, policy auth.LockoutPolicy) ([]string, error)
	HasTOTP(ctx context.Context, userID int64) (bool, error)
	SignInWithOIDC(ctx context.Context, id oidc.Identity) (ims.Principal, error)
	SignOut(ctx context.Context, p ims.Principal) error
	StaffSession(ctx context.Context, userID int64) (p ims.Principal, credentialStamp string, err error)
}

func (a *Admin) signInRoutes() []web.Route {
	return []web.Route{
		a.publicPage("/admin/sign-in", a.signInPage),
		a.publicAction("/admin/sign-in", a.signInWithPassword),
		a.publicPage("/admin/sign-in/code", a.codePage),
		a.publicAction("/admin/sign-in/code", a.signInWithCode),
		a.publicPage("/admin/sign-in/two-factor", a.enrolAtSignInPage),
		a.publicAction("/admin/sign-in/two-factor", a.enrolAtSignIn),
		a.publicAction("/admin/sign-in/oidc", a.startSingleSignOn),
		a.publicPage("/admin/sign-in/oidc/callback", a.finishSingleSignOn),
		a.ownAction("/admin/sign-out", a.signOut),
	}
}

// signInForm is the sign-in page's content.
type signInForm struct {
	Summary          govukfrontend.ErrorSummary
	Email, Password  govukfrontend.TextInput
	SingleSignOn     string // the single sign-on button's text; empty without single sign-on
	SignedOut, Ended bool
	Refused          string
}

func (a *Admin) newSignInForm(email string) signInForm {
	f := signInForm{
		Email: govukfrontend.TextInput{Name: "email", Label: "Email address", Type: "email", Autocomplete: "username",
			Value: email, Spellcheck: new(bool), Width: govukfrontend.WidthTwoThirds},
		Password: govukfrontend.TextInput{Name: "password", Label: "Password", Type: "password",
			Autocomplete: "current-password", Width: govukfrontend.WidthTwoThirds},
	}
	if a.SingleSignOn != nil {
		name := a.SingleSignOnName
		if name == "" {
			name = "your council"
		}
		f.SingleSignOn = "Sign in with " + name + " account"
	}
	return f
}

// signInPage shows the sign-in form, or sends a signed-in user on.
func (a *Admin) signInPage(w http.ResponseWriter, r *http.Request) {
	a.rememberNext(r.Context(), r.URL.Query().Get("next"))
	if a.sessions.GetInt64(r.Context(), keyUser) != 0 {
		if _, err := a.StaffPrincipal(r); err == nil {
			http.Redirect(w, r, a.takeNext(r.Context()), http.StatusSeeOther)
			return
		}
	}
	f := a.newSignInForm("")
	f.SignedOut = r.URL.Query().Has("signed-out")
	a.showSignIn(w, r, http.StatusOK, f)
}

func (a *Admin) showSignIn(w http.ResponseWriter, r *http.Request, status int, f signInForm) {
	title := "Sign in"
	if len(f.Summary.Errors) > 0 {
		title = "Error: " + title
	}
	if f.SingleSignOn != "" {
		// The single sign-on button's answer redirects to the council's identity provider, and
		// browsers apply form-action to that redirect.
		web.AllowFormsToLeave(w)
	}
	a.render(w, r, status, "admin-sign-in", title, f)
}

// signInWithPassword checks an email address and password. One message answers every refusal, so
// the page does not tell which accounts exist.
func (a *Admin) signInWithPassword(w http.ResponseWriter, r *http.Request) {
	email, password := strings.TrimSpace(r.PostFormValue("email")), r.PostFormValue("password")
	f := a.newSignInForm(email)
	if email == "" {
		f.Email.Error = "Enter your email address"
	}
	if password == "" {
		f.Password.Error = "Enter your password"
	}
	if f.Email.Error != "" || f.Password.Error != "" {
		f.Summary = summaryOf(f.Email, f.Password)
		a.showSignIn(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	if ok, wait := a.byAccount.Allow(ims.NormalizeEmail(email)); !ok {
		a.tooMany(w, r, wait)
		return
	}
	res, err := a.SignIn.SignInWithPassword(r.Context(), email, password, a.Lockout)
	if ims.ErrorCode(err) == ims.Unauthorized {
		f.Password.Error = ims.ErrorMessage(err)
		f.Summary = summaryOf(f.Password)
		a.showSignIn(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.continueSignIn(w, r, res)
}

// continueSignIn finishes a sign-in whose password was right: at once, or by asking for the code,
// or by setting up the second factor the council makes compulsory.
func (a *Admin) continueSignIn(w http.ResponseWriter, r *http.Request, res users.SignInResult) {
	ctx := r.Context()
	switch res.Step {
	case users.SignedIn:
		a.completeSignIn(w, r, res.UserID)
		return
	case users.NeedsCode, users.NeedsEnrolment:
		if err := a.setPending(ctx, res.UserID); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	if res.Step == users.NeedsCode {
		http.Redirect(w, r, "/admin/sign-in/code", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/admin/sign-in/two-factor", http.StatusSeeOther)
}

// completeSignIn starts the signed-in session and sends the user where they were going.
func (a *Admin) completeSignIn(w http.ResponseWriter, r *http.Request, userID int64) {
	next := a.takeNext(r.Context())
	if err := a.startSession(r.Context(), userID); err != nil {
		a.fail(w, r, err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// tooMany answers a sign-in attempt over the rate limit.
func (a *Admin) tooMany(w http.ResponseWriter, r *http.Request, wait time.Duration) {
	a.Log.WarnContext(r.Context(), "admin: sign-in rate limit", "client", web.ClientIP(r), "request_id", web.RequestID(r.Context()))
	w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)+1))
	a.render(w, r, http.StatusTooManyRequests, "admin-too-many", "Too many attempts", nil)
}

// limitedByAddress answers 429 to a client address that has sent too many sign-in forms.
func (a *Admin) limitedByAddress(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ok, wait := a.byAddress.Allow(web.ClientIP(r)); !ok {
			a.tooMany(w, r, wait)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// summaryOf returns the error summary of the fields that have an error, in page order.
func summaryOf(fields ...govukfrontend.TextInput) govukfrontend.ErrorSummary {
	var s govukfrontend.ErrorSummary
	for _, f := range fields {
		if f.Error != "" {
			s.Errors = append(s.Errors, govukfrontend.ErrorLink{Text: f.Error, Href: "#" + f.InputID()})
		}
	}
	return s
}
