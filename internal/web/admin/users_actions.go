package admin

import (
	"net/http"
	"strconv"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
)

// userAction runs one action on the user of the address and goes back to their page with a
// success message; a refusal (their own account, a disabled account) shows the error page.
func (a *Admin) userAction(w http.ResponseWriter, r *http.Request, act func(p ims.Principal, id int64) (string, error)) {
	id, err := pathID(r, "user")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	msg, err := act(web.PrincipalFrom(r.Context()), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.flash(r, msg)
	http.Redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (a *Admin) userDisable(w http.ResponseWriter, r *http.Request) {
	a.userAction(w, r, func(p ims.Principal, id int64) (string, error) {
		return "Account disabled. They can no longer sign in.", a.Users.SetDisabled(r.Context(), p, id, true)
	})
}

func (a *Admin) userEnable(w http.ResponseWriter, r *http.Request) {
	a.userAction(w, r, func(p ims.Principal, id int64) (string, error) {
		return "Account enabled. They can sign in again.", a.Users.SetDisabled(r.Context(), p, id, false)
	})
}

func (a *Admin) userResetPassword(w http.ResponseWriter, r *http.Request) {
	a.userAction(w, r, func(p ims.Principal, id int64) (string, error) {
		_, err := a.Users.ResetPassword(r.Context(), p, id)
		return "Password reset. Their old password no longer works; an email with a link to choose a new one is on its way.", err
	})
}

func (a *Admin) userResendInvitation(w http.ResponseWriter, r *http.Request) {
	a.userAction(w, r, func(p ims.Principal, id int64) (string, error) {
		_, err := a.Users.ResendInvitation(r.Context(), p, id)
		return "A new link is on its way. The link sent before no longer works.", err
	})
}

func (a *Admin) userResetTOTP(w http.ResponseWriter, r *http.Request) {
	a.userAction(w, r, func(p ims.Principal, id int64) (string, error) {
		return "Second factor reset. They set up a new authenticator app at their next sign-in.", a.Users.ResetTOTP(r.Context(), p, id)
	})
}

// passwordPage is the form where a user administrator sets a user's password.
type passwordPage struct {
	Name, Action, Cancel string
	Summary              govukfrontend.ErrorSummary
	Password             govukfrontend.TextInput
}

func (a *Admin) showPasswordForm(w http.ResponseWriter, r *http.Request, status int, err error) {
	p := web.PrincipalFrom(r.Context())
	id, ierr := pathID(r, "user")
	if ierr != nil {
		a.fail(w, r, ierr)
		return
	}
	d, uerr := a.Users.User(r.Context(), p, id)
	if uerr != nil {
		a.fail(w, r, uerr)
		return
	}
	base := "/admin/users/" + strconv.FormatInt(id, 10)
	pg := passwordPage{Name: d.Name, Action: base + "/password", Cancel: base,
		Password: govukfrontend.TextInput{ID: "f-password", Name: "password", Label: "New password", Type: "password",
			Autocomplete: "new-password",
			Hint:         "At least 12 characters; not a common password, and not their name or email. Their old password stops working."}}
	title := "Set a password for " + d.Name
	if err != nil {
		pg.Password.Error = ims.ErrorFields(err)["password"]
		pg.Summary = errorSummary(err, []string{"password"})
		title = "Error: " + title
	}
	a.render(w, r, status, "admin-users-password", title, pg)
}

// userPassword shows the form that sets a user's password.
func (a *Admin) userPassword(w http.ResponseWriter, r *http.Request) {
	a.showPasswordForm(w, r, http.StatusOK, nil)
}

// userSetPassword sets the password a user administrator chose.
func (a *Admin) userSetPassword(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "user")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	err = a.Users.SetPassword(r.Context(), web.PrincipalFrom(r.Context()), id, r.PostFormValue("password"))
	if err != nil {
		a.formFailed(w, r, err, func() { a.showPasswordForm(w, r, http.StatusUnprocessableEntity, err) })
		return
	}
	a.flash(r, "Password set. Their old password no longer works.")
	http.Redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
