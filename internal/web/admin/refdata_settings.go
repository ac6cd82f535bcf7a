package admin

import (
	"context"
	"net/http"
	"strconv"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
)

// SecuritySettings reads and changes the council's sign-in rules (internal/users).
type SecuritySettings interface {
	SecuritySettings(ctx context.Context) (ims.SecuritySettings, error)
	SetSecuritySettings(ctx context.Context, p ims.Principal, set ims.SecuritySettings) error
}

// settingsPage is the settings page: the security settings form and the configuration check.
type settingsPage struct {
	Summary  govukfrontend.ErrorSummary
	Fields   []field
	Problems []string // what `ims config check` finds; none when the configuration is usable
}

func securityFields(s ims.SecuritySettings, days string) []field {
	return []field{
		{Name: "totp_required", Label: "Staff who sign in with a password must use an authenticator app", Kind: checkboxField, Checked: s.TOTPRequired,
			Hint: "Single sign-on users are not asked: the council's identity provider decides their second factor"},
		{Name: "inactive_disable_days", Label: "Disable accounts not used for this many days", Hint: "0 never disables them",
			Kind: textField, Value: days, Width: "govuk-input--width-5"},
	}
}

func (a *Admin) settingsPage(w http.ResponseWriter, r *http.Request) {
	set, err := a.Security.SecuritySettings(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.showSettings(w, r, http.StatusOK, securityFields(set, strconv.Itoa(set.InactiveDisableDays)), nil)
}

func (a *Admin) showSettings(w http.ResponseWriter, r *http.Request, status int, fields []field, err error) {
	problems, cerr := a.RefData.ConfigurationProblems(r.Context(), web.PrincipalFrom(r.Context()))
	if cerr != nil {
		a.fail(w, r, cerr)
		return
	}
	page := settingsPage{Problems: problems}
	page.Fields, page.Summary = withProblems(fields, err)
	title := "Settings"
	if err != nil {
		title = "Error: Settings"
	}
	a.render(w, r, status, "admin-refdata-settings", title, page)
}

// saveSecuritySettings changes the sign-in rules.
func (a *Admin) saveSecuritySettings(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		a.fail(w, r, ims.Errorf(ims.Invalid, "The form could not be read"))
		return
	}
	f := newForm(r.PostForm)
	set := ims.SecuritySettings{TOTPRequired: f.check("totp_required")}
	days := f.text("inactive_disable_days")
	var err error
	if set.InactiveDisableDays, err = strconv.Atoi(days); err != nil {
		err = ims.FieldError("inactive_disable_days", "Enter a whole number of days, or 0 to never disable unused accounts")
	} else {
		err = a.Security.SetSecuritySettings(r.Context(), web.PrincipalFrom(r.Context()), set)
	}
	if err == nil {
		a.flash(r, "Security settings changed")
		http.Redirect(w, r, "/admin/settings", http.StatusSeeOther)
		return
	}
	if ims.ErrorCode(err) != ims.Invalid {
		a.fail(w, r, err)
		return
	}
	a.showSettings(w, r, http.StatusUnprocessableEntity, securityFields(set, days), err)
}
