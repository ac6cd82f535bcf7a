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

// apiClientFormPage creates an API client (Creating) or changes one; a revoked client's page shows
// what it had, without the form.
type apiClientFormPage struct {
	Heading, Action, Cancel string
	Creating, Revoked       bool
	ID                      int64
	Prefix                  string
	Summary                 govukfrontend.ErrorSummary
	Name                    govukfrontend.TextInput
	IPAllow                 textArea
	Scopes, FundGroups      choiceGroup
}

// A textArea is a multi-line answer.
type textArea struct {
	ID, Name, Label, Hint, Value, Error string
}

// apiClientFields are the values of a posted API client form.
type apiClientFields struct {
	Name       string
	Scopes     []ims.Scope
	IPAllow    []string
	FundGroups []string
}

func readAPIClientFields(r *http.Request) apiClientFields {
	f := apiClientFields{Name: strings.TrimSpace(r.PostFormValue("name")), FundGroups: r.PostForm["fund_groups"]}
	for _, s := range r.PostForm["scopes"] {
		f.Scopes = append(f.Scopes, ims.Scope(s))
	}
	for _, l := range strings.FieldsFunc(r.PostFormValue("ip_allow"), func(c rune) bool { return c == '\n' || c == ',' }) {
		if l = strings.TrimSpace(l); l != "" {
			f.IPAllow = append(f.IPAllow, l)
		}
	}
	return f
}

func (a *Admin) showAPIClientForm(w http.ResponseWriter, r *http.Request, status int, v apiClientFields, c *ims.APIClient, err error) {
	choices, cerr := a.Users.AccessChoices(r.Context(), web.PrincipalFrom(r.Context()))
	if cerr != nil {
		a.fail(w, r, cerr)
		return
	}
	pg := apiClientFormPage{Heading: "Create an API client", Action: "/admin/api-clients/new", Cancel: "/admin/api-clients", Creating: c == nil}
	if c != nil {
		base := "/admin/api-clients/" + strconv.FormatInt(c.ID, 10)
		pg.Heading, pg.Action, pg.ID, pg.Prefix, pg.Revoked = "API client "+c.Name, base, c.ID, c.TokenPrefix, c.Disabled
	}
	off := false
	pg.Name = govukfrontend.TextInput{ID: "f-name", Name: "name", Label: "Name", Value: v.Name, Spellcheck: &off, Autocomplete: "off",
		Hint: "The system that will call the API, such as Housing rents system."}
	pg.IPAllow = textArea{ID: "f-ip_allow", Name: "ip_allow", Label: "Allowed addresses (optional)", Value: strings.Join(v.IPAllow, "\n"),
		Hint: "Address ranges the client may call from, one per line, like 192.0.2.0/24. Leave empty to allow any address."}
	pg.Scopes = choiceGroup{Name: "scopes", Legend: "Scopes", Hint: "Select what the client may call."}
	for _, s := range ims.AllScopes() {
		pg.Scopes.Choices = append(pg.Scopes.Choices, choice{Value: string(s), Label: string(s), Hint: scopeDescriptions[s],
			Checked: slices.Contains(v.Scopes, s)})
	}
	pg.FundGroups = fundGroupChoices("Fund groups (optional)",
		"A client with fund groups sees only their funds. With none it sees every fund.", choices.FundGroups, v.FundGroups)
	title := pg.Heading
	if err != nil {
		problems := ims.ErrorFields(err)
		pg.Name.Error, pg.IPAllow.Error = problems["name"], problems["ip_allow"]
		pg.Scopes.Error, pg.FundGroups.Error = problems["scopes"], problems["fund_groups"]
		pg.Summary = errorSummary(err, []string{"name", "scopes", "ip_allow", "fund_groups"})
		title = "Error: " + title
	}
	a.render(w, r, status, "admin-apiclients-form", title, pg)
}

// apiClientNew shows the empty form that creates an API client.
func (a *Admin) apiClientNew(w http.ResponseWriter, r *http.Request) {
	a.showAPIClientForm(w, r, http.StatusOK, apiClientFields{}, nil, nil)
}

// apiClientTokenPage shows a new client's token, the only time anyone sees it. It is the answer to
// the POST itself, not a page redirected to, so the token is in no session, address or history.
type apiClientTokenPage struct {
	Client ims.APIClient
	Token  string
}

// apiClientCreate creates an API client and shows its token once.
func (a *Admin) apiClientCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		a.fail(w, r, ims.Errorf(ims.Invalid, "The form could not be read. Go back and try again."))
		return
	}
	v := readAPIClientFields(r)
	c, token, err := a.Users.CreateAPIClient(r.Context(), web.PrincipalFrom(r.Context()),
		ims.APIClient{Name: v.Name, Scopes: v.Scopes, IPAllow: v.IPAllow, FundGroups: v.FundGroups})
	if err != nil {
		a.formFailed(w, r, err, func() { a.showAPIClientForm(w, r, http.StatusUnprocessableEntity, v, nil, err) })
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	a.render(w, r, http.StatusOK, "admin-apiclients-token", "API client created", apiClientTokenPage{Client: c, Token: token})
}

// apiClientEdit shows an API client's form filled with what it has now.
func (a *Admin) apiClientEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "API client")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	c, err := a.Users.APIClient(r.Context(), web.PrincipalFrom(r.Context()), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.showAPIClientForm(w, r, http.StatusOK, apiClientFields{Name: c.Name, Scopes: c.Scopes, IPAllow: c.IPAllow, FundGroups: c.FundGroups}, &c, nil)
}

// apiClientSave changes an API client's scopes, allowed addresses and fund groups.
func (a *Admin) apiClientSave(w http.ResponseWriter, r *http.Request) {
	p := web.PrincipalFrom(r.Context())
	id, err := pathID(r, "API client")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	c, err := a.Users.APIClient(r.Context(), p, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		a.fail(w, r, ims.Errorf(ims.Invalid, "The form could not be read. Go back and try again."))
		return
	}
	v := readAPIClientFields(r)
	v.Name = c.Name
	after, err := a.Users.UpdateAPIClient(r.Context(), p, id, users.APIClientChanges{Scopes: v.Scopes, IPAllow: v.IPAllow, FundGroups: v.FundGroups})
	if err != nil {
		a.formFailed(w, r, err, func() { a.showAPIClientForm(w, r, http.StatusUnprocessableEntity, v, &c, err) })
		return
	}
	a.flash(r, "Changes to API client "+after.Name+" saved. They apply from its next request.")
	http.Redirect(w, r, "/admin/api-clients", http.StatusSeeOther)
}
