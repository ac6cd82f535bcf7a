package admin

import (
	"net/http"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
)

// codeForm is the content of the page asking for the second factor.
type codeForm struct {
	Summary govukfrontend.ErrorSummary
	Code    govukfrontend.TextInput
}

func newCodeForm() codeForm {
	return codeForm{Code: govukfrontend.TextInput{Name: "code", Label: "Code", Hint: "The 6-digit code your app shows now, or a recovery code",
		InputMode: "numeric", Autocomplete: "one-time-code", Spellcheck: new(bool), Width: govukfrontend.WidthChars10}}
}

// codePage asks the user who gave the right password for their code; without such a user it
// starts the sign-in again.
func (a *Admin) codePage(w http.ResponseWriter, r *http.Request) {
	if a.pendingUser(r.Context()) == 0 {
		http.Redirect(w, r, "/admin/sign-in", http.StatusSeeOther)
		return
	}
	a.render(w, r, http.StatusOK, "admin-sign-in-code", "Enter the code from your authenticator app", newCodeForm())
}

// signInWithCode checks the code and signs the pending user in. A wrong code counts against the
// account's lockout as a wrong password does.
func (a *Admin) signInWithCode(w http.ResponseWriter, r *http.Request) {
	userID := a.pendingUser(r.Context())
	if userID == 0 {
		http.Redirect(w, r, "/admin/sign-in", http.StatusSeeOther)
		return
	}
	f := newCodeForm()
	code := strings.TrimSpace(r.PostFormValue("code"))
	var err error
	if code == "" {
		f.Code.Error = "Enter the code from your authenticator app, or a recovery code"
	} else if _, err = a.SignIn.SignInWithCode(r.Context(), userID, code, a.Lockout); ims.ErrorCode(err) == ims.Unauthorized || ims.ErrorCode(err) == ims.Invalid {
		f.Code.Error = ims.ErrorMessage(err)
	} else if err != nil {
		a.fail(w, r, err)
		return
	}
	if f.Code.Error != "" {
		f.Summary = summaryOf(f.Code)
		a.render(w, r, http.StatusUnprocessableEntity, "admin-sign-in-code", "Error: Enter the code from your authenticator app", f)
		return
	}
	a.completeSignIn(w, r, userID)
}
