package admin

import (
	"net/http"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/users"
)

// invitationPage is the page an invitation or password reset link opens: the form that sets the
// password, or (Done) the confirmation, or (Invalid) why the link does not work.
type invitationPage struct {
	Invited           users.Invited
	Expires           string
	Invalid           string
	Done              bool
	Summary           govukfrontend.ErrorSummary
	Password, Confirm govukfrontend.TextInput
}

// noReferrer keeps the link's secret out of the Referer header of anything the page loads or links to.
func noReferrer(w http.ResponseWriter) { w.Header().Set("Referrer-Policy", "no-referrer") }

func (a *Admin) invitationForm(w http.ResponseWriter, r *http.Request, status int, inv users.Invited, err error) {
	pg := invitationPage{Invited: inv, Expires: a.when(inv.Expires),
		Password: govukfrontend.TextInput{ID: "f-password", Name: "password", Label: "Password", Type: "password", Autocomplete: "new-password",
			Hint: "At least 12 characters. A few unrelated words make a good password. Not a common password, and not your name or email."},
		Confirm: govukfrontend.TextInput{ID: "f-confirm", Name: "confirm", Label: "Type the password again", Type: "password", Autocomplete: "new-password"}}
	title := "Choose your password"
	if err != nil {
		problems := ims.ErrorFields(err)
		pg.Password.Error, pg.Confirm.Error = problems["password"], problems["confirm"]
		pg.Summary = errorSummary(err, []string{"password", "confirm"})
		title = "Error: " + title
	}
	a.render(w, r, status, "admin-users-invitation", title, pg)
}

// invitationInvalid explains that a link does not work (unknown, used, replaced, expired, or its
// account disabled) and what to do, with 404: the link names nothing that can be used.
func (a *Admin) invitationInvalid(w http.ResponseWriter, r *http.Request, err error) {
	if ims.ErrorCode(err) != ims.NotFound {
		a.fail(w, r, err)
		return
	}
	a.render(w, r, http.StatusNotFound, "admin-users-invitation", "This link does not work", invitationPage{Invalid: ims.ErrorMessage(err)})
}

// invitation shows the form where the holder of an invitation or reset link chooses a password.
func (a *Admin) invitation(w http.ResponseWriter, r *http.Request) {
	noReferrer(w)
	inv, err := a.Users.Invitation(r.Context(), r.URL.Query().Get("token"))
	if err != nil {
		a.invitationInvalid(w, r, err)
		return
	}
	a.invitationForm(w, r, http.StatusOK, inv, nil)
}

// invitationAccept sets the password and uses the link up.
func (a *Admin) invitationAccept(w http.ResponseWriter, r *http.Request) {
	noReferrer(w)
	// The form posts to its own address, so the token is in the query string of the POST too.
	token := r.URL.Query().Get("token")
	inv, err := a.Users.Invitation(r.Context(), token)
	if err != nil {
		a.invitationInvalid(w, r, err)
		return
	}
	password := r.PostFormValue("password")
	if password != r.PostFormValue("confirm") {
		a.invitationForm(w, r, http.StatusUnprocessableEntity, inv, ims.FieldError("confirm", "The two passwords are not the same"))
		return
	}
	if err := a.Users.AcceptInvitation(r.Context(), token, password); err != nil {
		if ims.ErrorCode(err) == ims.Invalid {
			a.invitationForm(w, r, http.StatusUnprocessableEntity, inv, err)
			return
		}
		a.invitationInvalid(w, r, err)
		return
	}
	a.render(w, r, http.StatusOK, "admin-users-invitation", "Password set", invitationPage{Invited: inv, Done: true})
}
