package admin

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth/totp"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
)

// keyEnrolSecret holds the TOTP secret being set up until the user proves their app has it: it is
// stored with the account only then. keyEnrolURL is its key URI, to show the same QR code again
// after a wrong code.
const (
	keyEnrolSecret = "enrol_secret"
	keyEnrolURL    = "enrol_url"
)

// enrolForm is the content of the page that sets up an authenticator app.
type enrolForm struct {
	Summary    govukfrontend.ErrorSummary
	Enrolment  totp.Enrolment
	Code       govukfrontend.TextInput
	Action     string
	Compulsory bool // the council requires a second factor: the user cannot sign in without one
	// Replacing is set when the user already has an app: they prove it with CurrentCode (a code
	// from the old app, or a recovery code) before the new one takes its place.
	Replacing   bool
	CurrentCode govukfrontend.TextInput
}

// recoveryPage is the content of the page that shows the recovery codes, once.
type recoveryPage struct {
	Codes    []string
	Continue string
}

func (a *Admin) twoFactorRoutes() []web.Route {
	return []web.Route{
		a.ownPage("/admin/account/two-factor", a.enrolPage),
		a.ownAction("/admin/account/two-factor", a.enrol),
	}
}

// enrolAtSignInPage sets up the second factor of a user who gave the right password and whose
// council makes the second factor compulsory.
func (a *Admin) enrolAtSignInPage(w http.ResponseWriter, r *http.Request) {
	userID := a.pendingUser(r.Context())
	if userID == 0 {
		http.Redirect(w, r, "/admin/sign-in", http.StatusSeeOther)
		return
	}
	a.showEnrol(w, r, userID, "/admin/sign-in/two-factor", true)
}

func (a *Admin) enrolAtSignIn(w http.ResponseWriter, r *http.Request) {
	userID := a.pendingUser(r.Context())
	if userID == 0 {
		http.Redirect(w, r, "/admin/sign-in", http.StatusSeeOther)
		return
	}
	p := ims.Principal{UserID: userID}
	codes, ok := a.confirmEnrolment(w, r, p, "/admin/sign-in/two-factor", true)
	if !ok {
		return
	}
	if _, err := a.SignIn.SignInAfterEnrolment(r.Context(), userID); err != nil {
		a.fail(w, r, err)
		return
	}
	next := a.takeNext(r.Context())
	if err := a.startSession(r.Context(), userID); err != nil {
		a.fail(w, r, err)
		return
	}
	a.render(w, r, http.StatusOK, "admin-recovery-codes", "Save your recovery codes", recoveryPage{Codes: codes, Continue: next})
}

// enrolPage sets up the signed-in user's authenticator app, or moves it to a new one.
func (a *Admin) enrolPage(w http.ResponseWriter, r *http.Request) {
	a.showEnrol(w, r, web.PrincipalFrom(r.Context()).UserID, "/admin/account/two-factor", false)
}

func (a *Admin) enrol(w http.ResponseWriter, r *http.Request) {
	p := web.PrincipalFrom(r.Context())
	codes, ok := a.confirmEnrolment(w, r, p, "/admin/account/two-factor", false)
	if ok {
		// The user's own change must not sign this session out; other sessions using the old
		// app end.
		if err := a.keepStamp(r.Context(), p.UserID); err != nil {
			a.fail(w, r, err)
			return
		}
		a.render(w, r, http.StatusOK, "admin-recovery-codes", "Save your recovery codes", recoveryPage{Codes: codes, Continue: Home})
	}
}

// showEnrol shows a new secret as a QR code and as text, keeping it in the session until confirmed.
func (a *Admin) showEnrol(w http.ResponseWriter, r *http.Request, userID int64, action string, compulsory bool) {
	e, err := a.SignIn.BeginTOTP(r.Context(), userID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	replacing := false
	if !compulsory {
		if replacing, err = a.SignIn.HasTOTP(r.Context(), userID); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	a.sessions.Put(r.Context(), keyEnrolSecret, e.Secret)
	a.sessions.Put(r.Context(), keyEnrolURL, e.URL)
	a.render(w, r, http.StatusOK, "admin-two-factor", "Set up your authenticator app", newEnrolForm(e, action, compulsory, replacing))
}

func newEnrolForm(e totp.Enrolment, action string, compulsory, replacing bool) enrolForm {
	return enrolForm{Enrolment: e, Action: action, Compulsory: compulsory, Replacing: replacing,
		Code: govukfrontend.TextInput{Name: "code", Label: "Enter the 6-digit code your new app shows", InputMode: "numeric",
			Autocomplete: "one-time-code", Spellcheck: new(bool), Width: govukfrontend.WidthChars5},
		CurrentCode: govukfrontend.TextInput{Name: "current_code", Label: "Code from your current app, or a recovery code",
			Hint: "This proves the app being replaced is yours", Autocomplete: "one-time-code", Spellcheck: new(bool),
			Width: govukfrontend.WidthChars10}}
}

// confirmEnrolment checks the code against the secret shown, stores the second factor and returns
// the recovery codes; on a wrong code it shows the same secret again with the error.
func (a *Admin) confirmEnrolment(w http.ResponseWriter, r *http.Request, p ims.Principal, action string, compulsory bool) ([]string, bool) {
	ctx := r.Context()
	secret := a.sessions.GetString(ctx, keyEnrolSecret)
	if secret == "" {
		http.Redirect(w, r, action, http.StatusSeeOther)
		return nil, false
	}
	code := strings.TrimSpace(r.PostFormValue("code"))
	replacing := r.PostForm.Has("current_code")
	var codes []string
	var err error
	if replacing {
		codes, err = a.SignIn.ReplaceTOTP(ctx, p, p.UserID, strings.TrimSpace(r.PostFormValue("current_code")), secret, code, a.Lockout)
	} else {
		codes, err = a.SignIn.ConfirmTOTP(ctx, p, p.UserID, secret, code)
	}
	if c := ims.ErrorCode(err); c == ims.Invalid || c == ims.Unauthorized || c == ims.Conflict {
		a.reshowEnrol(w, r, secret, action, compulsory, replacing, err)
		return nil, false
	}
	if err != nil {
		a.fail(w, r, err)
		return nil, false
	}
	a.sessions.Remove(ctx, keyEnrolSecret)
	a.sessions.Remove(ctx, keyEnrolURL)
	return codes, true
}

func (a *Admin) reshowEnrol(w http.ResponseWriter, r *http.Request, secret, action string, compulsory, replacing bool, err error) {
	issuer, account := keyLabel(a.sessions.GetString(r.Context(), keyEnrolURL))
	e, eerr := totp.EnrolmentFor(issuer, account, secret)
	if eerr != nil {
		a.fail(w, r, eerr)
		return
	}
	f := newEnrolForm(e, action, compulsory, replacing)
	if msg := ims.ErrorFields(err)["current_code"]; msg != "" {
		f.CurrentCode.Error = msg
	} else {
		f.Code.Error = ims.ErrorMessage(err)
	}
	if r.PostFormValue("code") == "" {
		f.Code.Error = "Enter the 6-digit code your new app shows"
	}
	if replacing && r.PostFormValue("current_code") == "" {
		f.CurrentCode.Error = "Enter a code from your current app, or a recovery code"
	}
	f.Summary = summaryOf(f.CurrentCode, f.Code)
	a.render(w, r, http.StatusUnprocessableEntity, "admin-two-factor", "Error: Set up your authenticator app", f)
}

// keyLabel returns the issuer and account named by a key URI, otpauth://totp/Issuer:account?issuer=Issuer.
func keyLabel(keyURI string) (issuer, account string) {
	u, err := url.Parse(keyURI)
	if err != nil {
		return "IMS", "user"
	}
	issuer = u.Query().Get("issuer")
	account = strings.TrimPrefix(strings.TrimPrefix(u.Path, "/"), issuer+":")
	return issuer, account
}
