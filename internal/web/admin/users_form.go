package admin

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/users"
	"github.com/ims-council/ims/internal/web"
)

// A choice is one checkbox or radio of a group.
type choice struct {
	Value, Label, Hint string
	Checked            bool
}

// A choiceGroup is a set of checkboxes (or radios) answering one question. Name is the form
// value's name and the field the service reports problems under.
type choiceGroup struct {
	Name, Legend, Hint, Error string
	Radios                    bool
	Choices                   []choice
}

// ID is the id of the group's first input, which the error summary links to.
func (g choiceGroup) ID() string { return "f-" + g.Name }

// userFormPage is the form that creates a user (Creating) or changes one.
type userFormPage struct {
	Heading, Action, Cancel string
	Creating                bool
	Self                    bool // the user administrator's own account: access is changed by another
	Summary                 govukfrontend.ErrorSummary
	Name, Email, Password   govukfrontend.TextInput
	Start                   choiceGroup // creating: invitation or password
	Roles, FundGroups, MOPs choiceGroup
}

// userFields are the values of a posted user form.
type userFields struct {
	Name, Email, Start, Password string
	Roles                        []ims.Role
	FundGroups, MOPs             []string
}

func readUserFields(r *http.Request) userFields {
	f := userFields{Name: strings.TrimSpace(r.PostFormValue("name")), Email: strings.TrimSpace(r.PostFormValue("email")),
		Start: r.PostFormValue("start"), Password: r.PostFormValue("password"),
		FundGroups: r.PostForm["fund_groups"], MOPs: r.PostForm["mops"]}
	for _, role := range r.PostForm["roles"] {
		f.Roles = append(f.Roles, ims.Role(role))
	}
	return f
}

// userForm builds the form with fields' values and the problems of err on the fields they are about
// and in the error summary.
func (a *Admin) userForm(r *http.Request, v userFields, creating bool, id int64, err error) (userFormPage, error) {
	choices, cerr := a.Users.AccessChoices(r.Context(), web.PrincipalFrom(r.Context()))
	if cerr != nil {
		return userFormPage{}, cerr
	}
	pg := userFormPage{Heading: "Create a user", Action: "/admin/users/new", Cancel: "/admin/users", Creating: creating}
	if !creating {
		pg.Heading, pg.Action = "Change "+v.Name, "/admin/users/"+strconv.FormatInt(id, 10)+"/edit"
		pg.Cancel = "/admin/users/" + strconv.FormatInt(id, 10)
		pg.Self = web.PrincipalFrom(r.Context()).UserID == id
	}
	off := false
	pg.Name = govukfrontend.TextInput{ID: "f-name", Name: "name", Label: "Full name", Value: v.Name, Spellcheck: &off, Autocomplete: "off"}
	pg.Email = govukfrontend.TextInput{ID: "f-email", Name: "email", Label: "Email address", Type: "email", Value: v.Email,
		Hint: "They sign in with it, and invitations go to it.", Spellcheck: &off, Autocomplete: "off"}
	pg.Password = govukfrontend.TextInput{ID: "f-password", Name: "password", Label: "Password", Type: "password",
		Hint:         "Only when you set the password now. At least 12 characters; not a common password, and not their name or email.",
		Autocomplete: "new-password"}
	if v.Start == "" {
		v.Start = "invite"
	}
	pg.Start = choiceGroup{Name: "start", Legend: "How will they get their password?", Radios: true, Choices: []choice{
		{Value: "invite", Label: "Email them a link to choose their password", Hint: "The link works once, for 7 days.", Checked: v.Start == "invite"},
		{Value: "password", Label: "Set a password now", Hint: "Tell them the password in a safe way.", Checked: v.Start == "password"},
	}}
	pg.Roles = choiceGroup{Name: "roles", Legend: "Roles", Hint: "Select every role their work needs."}
	for _, role := range ims.AllRoles() {
		pg.Roles.Choices = append(pg.Roles.Choices, choice{Value: string(role), Label: string(role), Hint: roleDescriptions[role],
			Checked: slices.Contains(v.Roles, role)})
	}
	pg.FundGroups = fundGroupChoices("Fund groups",
		"They see and take the money of these groups' funds only, unless they have the SuperUser role.", choices.FundGroups, v.FundGroups)
	pg.MOPs = choiceGroup{Name: "mops", Legend: "Methods of payment", Hint: "The methods of payment they may record payments with."}
	for _, m := range choices.MOPs {
		held := slices.Contains(v.MOPs, m.Code)
		if m.Disabled && !held {
			continue
		}
		label := m.Name + " (" + m.Code + ")"
		if m.Disabled {
			label += ", disabled"
		}
		pg.MOPs.Choices = append(pg.MOPs.Choices, choice{Value: m.Code, Label: label, Checked: held})
	}
	if err != nil {
		problems := ims.ErrorFields(err)
		for _, in := range []*govukfrontend.TextInput{&pg.Name, &pg.Email, &pg.Password} {
			in.Error = problems[in.Name]
		}
		for _, g := range []*choiceGroup{&pg.Start, &pg.Roles, &pg.FundGroups, &pg.MOPs} {
			g.Error = problems[g.Name]
		}
		pg.Summary = errorSummary(err, []string{"name", "email", "start", "password", "roles", "fund_groups", "mops"})
	}
	return pg, nil
}

// errorSummary lists the problems of err for the error summary: those of the fields, in the form's
// order and linking to them, then any other message.
func errorSummary(err error, order []string) govukfrontend.ErrorSummary {
	var s govukfrontend.ErrorSummary
	problems := ims.ErrorFields(err)
	for _, name := range order {
		if msg, ok := problems[name]; ok {
			s.Errors = append(s.Errors, govukfrontend.ErrorLink{Text: msg, Href: "#f-" + name})
		}
	}
	if len(s.Errors) == 0 {
		s.Errors = append(s.Errors, govukfrontend.ErrorLink{Text: ims.ErrorMessage(err)})
	}
	return s
}

// fundGroupChoices are the checkboxes of the fund groups a user or an API client may be given,
// each with its funds as the hint, those in held ticked.
func fundGroupChoices(legend, hint string, groups []ims.FundGroup, held []string) choiceGroup {
	c := choiceGroup{Name: "fund_groups", Legend: legend, Hint: hint}
	for _, g := range groups {
		funds := "No funds"
		if len(g.Funds) > 0 {
			funds = "Funds " + strings.Join(g.Funds, ", ")
		}
		c.Choices = append(c.Choices, choice{Value: g.Code, Label: g.Name + " (" + g.Code + ")", Hint: funds,
			Checked: slices.Contains(held, g.Code)})
	}
	return c
}

// showUserForm renders the form, or the error page when even the form cannot be built.
func (a *Admin) showUserForm(w http.ResponseWriter, r *http.Request, status int, v userFields, creating bool, id int64, err error) {
	pg, ferr := a.userForm(r, v, creating, id, err)
	if ferr != nil {
		a.fail(w, r, ferr)
		return
	}
	title := pg.Heading
	if err != nil {
		title = "Error: " + title
	}
	a.render(w, r, status, "admin-users-form", title, pg)
}

// userNew shows the empty form that creates a user.
func (a *Admin) userNew(w http.ResponseWriter, r *http.Request) {
	a.showUserForm(w, r, http.StatusOK, userFields{}, true, 0, nil)
}

// userCreate creates a user with a password set now or an emailed invitation, and shows them.
func (a *Admin) userCreate(w http.ResponseWriter, r *http.Request) {
	p := web.PrincipalFrom(r.Context())
	if err := r.ParseForm(); err != nil {
		a.fail(w, r, ims.Errorf(ims.Invalid, "The form could not be read. Go back and try again."))
		return
	}
	v := readUserFields(r)
	u := ims.User{Name: v.Name, Email: v.Email, Roles: v.Roles, FundGroups: v.FundGroups, MOPs: v.MOPs}
	var created ims.User
	var err error
	switch v.Start {
	case "password":
		created, err = a.Users.CreateUserWithPassword(r.Context(), p, u, v.Password)
	case "invite":
		created, _, err = a.Users.InviteUser(r.Context(), p, u)
	default:
		err = ims.FieldError("start", "Select how they will get their password")
	}
	if err != nil {
		v.Password = ""
		a.formFailed(w, r, err, func() { a.showUserForm(w, r, http.StatusUnprocessableEntity, v, true, 0, err) })
		return
	}
	msg := "User " + created.Name + " created. They can sign in now with the password you set."
	if v.Start == "invite" {
		msg = "User " + created.Name + " created. An email with a link to choose their password is on its way to " + created.Email + "."
	}
	a.flash(r, msg)
	http.Redirect(w, r, "/admin/users/"+strconv.FormatInt(created.ID, 10), http.StatusSeeOther)
}

// formFailed re-renders a form for a problem with what was entered (Invalid), and answers any
// other error (refused, not found, internal) with the error page.
func (a *Admin) formFailed(w http.ResponseWriter, r *http.Request, err error, rerender func()) {
	if ims.ErrorCode(err) == ims.Invalid {
		rerender()
		return
	}
	a.fail(w, r, err)
}

// userEdit shows the form that changes a user, filled with what they have now.
func (a *Admin) userEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "user")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	d, err := a.Users.User(r.Context(), web.PrincipalFrom(r.Context()), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.showUserForm(w, r, http.StatusOK, userFields{Name: d.Name, Email: d.Email, Roles: d.Roles, FundGroups: d.FundGroups, MOPs: d.MOPs}, false, id, nil)
}

// userSave changes a user's name, email, roles, fund groups and methods of payment.
func (a *Admin) userSave(w http.ResponseWriter, r *http.Request) {
	p := web.PrincipalFrom(r.Context())
	id, err := pathID(r, "user")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		a.fail(w, r, ims.Errorf(ims.Invalid, "The form could not be read. Go back and try again."))
		return
	}
	v := readUserFields(r)
	after, err := a.Users.UpdateUser(r.Context(), p, id, users.UserChanges{Name: v.Name, Email: v.Email, Roles: v.Roles,
		FundGroups: v.FundGroups, MOPs: v.MOPs})
	if ims.ErrorCode(err) == ims.Forbidden && p.UserID == id {
		// Changing one's own access is a problem with what was entered: say so on the form.
		a.showUserForm(w, r, http.StatusForbidden, v, false, id, err)
		return
	}
	if err != nil {
		a.formFailed(w, r, err, func() { a.showUserForm(w, r, http.StatusUnprocessableEntity, v, false, id, err) })
		return
	}
	a.flash(r, "Changes to "+after.Name+" saved.")
	http.Redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
