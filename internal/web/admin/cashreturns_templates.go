package admin

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
)

// blankTemplateLines is how many empty lines a template's form offers beyond those it has.
const blankTemplateLines = 3

type crTemplateRow struct {
	Href, UsersHref, Code, Name, Office, Kinds, Status string
	Lines                                              int
}

type crTemplatesPage struct {
	Summary                         govukfrontend.ErrorSummary
	Rows                            []crTemplateRow
	CashMOP, ChequeMOP, NotifyEmail crField
}

// cashReturnTemplates lists the templates with the settings every return uses.
func (a *Admin) cashReturnTemplates(w http.ResponseWriter, r *http.Request) {
	a.showCashReturnTemplates(w, r, http.StatusOK, nil)
}

func (a *Admin) showCashReturnTemplates(w http.ResponseWriter, r *http.Request, status int, problem error) {
	p := web.PrincipalFrom(r.Context())
	list, err := a.CashReturns.Templates(r.Context(), p)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	settings, err := a.CashReturns.Settings(r.Context(), p)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var pg crTemplatesPage
	for _, t := range list {
		var kinds []string
		for _, k := range []struct {
			on   bool
			name string
		}{{t.Cash, "cash"}, {t.Cheque, "cheque"}, {t.CardTerminal, "card terminal"}} {
			if k.on {
				kinds = append(kinds, k.name)
			}
		}
		status := "Enabled"
		if t.Disabled {
			status = "Disabled"
		}
		href := "/admin/cash-return-templates/" + t.Code
		pg.Rows = append(pg.Rows, crTemplateRow{Href: href, UsersHref: href + "/users", Code: t.Code, Name: t.Name, Office: t.Office,
			Kinds: strings.Join(kinds, ", "), Status: status, Lines: len(t.Lines)})
	}
	fields := ims.ErrorFields(problem)
	value := func(name, stored string) string {
		if problem != nil {
			return r.PostFormValue(name)
		}
		return stored
	}
	pg.CashMOP = crField{ID: "f-cash_mop", Name: "cash_mop", Label: "Method of payment of cash returns (code)", Value: value("cash_mop", settings.CashMOP),
		Error: fields["cash_mop"], Width: "govuk-input--width-5"}
	pg.ChequeMOP = crField{ID: "f-cheque_mop", Name: "cheque_mop", Label: "Method of payment of cheque returns (code)",
		Value: value("cheque_mop", settings.ChequeMOP), Error: fields["cheque_mop"], Width: "govuk-input--width-5"}
	pg.NotifyEmail = crField{ID: "f-notify_email", Name: "notify_email", Label: "Email address told when a return is deleted or voided",
		Value: value("notify_email", settings.NotifyEmail), Error: fields["notify_email"], Width: "govuk-input--width-30"}
	if problem != nil {
		pg.Summary = journalSummary(problem, map[string]bool{"cash_mop": true, "cheque_mop": true, "notify_email": true})
	}
	a.render(w, r, status, "admin-cashreturns-templates", titleWithError("Cash return templates", problem), pg)
}

// cashReturnSettingsSave saves the cash return settings.
func (a *Admin) cashReturnSettingsSave(w http.ResponseWriter, r *http.Request) {
	if !a.parseCashReturnForm(w, r) {
		return
	}
	err := a.CashReturns.SetSettings(r.Context(), web.PrincipalFrom(r.Context()), ims.CashReturnSettings{CashMOP: formValue(r, "cash_mop"),
		ChequeMOP: formValue(r, "cheque_mop"), NotifyEmail: formValue(r, "notify_email")})
	switch ims.ErrorCode(err) {
	case "":
		a.flash(r, "Cash return settings saved")
		http.Redirect(w, r, "/admin/cash-return-templates", http.StatusSeeOther)
	case ims.Invalid:
		a.showCashReturnTemplates(w, r, http.StatusUnprocessableEntity, err)
	default:
		a.fail(w, r, err)
	}
}

type crTemplateLineRow struct {
	Legend                            string
	Fund, Reference, Description, VAT crField
	OverrideName                      string
	Overrides                         []crCheckbox
}

type crCheckbox struct {
	ID, Name, Value, Label string
	Checked                bool
}

type crTemplateForm struct {
	Summary            govukfrontend.ErrorSummary
	New                bool
	Action, Title      string
	Code, Name, Office crField
	Kinds              []crCheckbox
	Lines              []crTemplateLineRow
	LineCount          int
}

// cashReturnTemplateNew is the form for a new template.
func (a *Admin) cashReturnTemplateNew(w http.ResponseWriter, r *http.Request) {
	a.showTemplateForm(w, r, http.StatusOK, ims.CashReturnTemplate{Cash: true}, true, nil)
}

// cashReturnTemplateEdit is the form of an existing template.
func (a *Admin) cashReturnTemplateEdit(w http.ResponseWriter, r *http.Request) {
	t, err := a.CashReturns.Template(r.Context(), web.PrincipalFrom(r.Context()), r.PathValue("code"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.showTemplateForm(w, r, http.StatusOK, t, false, nil)
}

func (a *Admin) cashReturnTemplateCreate(w http.ResponseWriter, r *http.Request) {
	a.saveTemplate(w, r, true)
}

func (a *Admin) cashReturnTemplateUpdate(w http.ResponseWriter, r *http.Request) {
	a.saveTemplate(w, r, false)
}

// saveTemplate creates or replaces a template from its form; blank lines are left out.
func (a *Admin) saveTemplate(w http.ResponseWriter, r *http.Request, create bool) {
	if !a.parseCashReturnForm(w, r) {
		return
	}
	t := ims.CashReturnTemplate{Code: formValue(r, "code"), Name: formValue(r, "name"), Office: formValue(r, "office"),
		Cash: r.PostFormValue("cash") != "", Cheque: r.PostFormValue("cheque") != "", CardTerminal: r.PostFormValue("card_terminal") != "",
		Disabled: r.PostFormValue("disabled") != ""}
	if !create {
		t.Code = r.PathValue("code")
	}
	n, _ := strconv.Atoi(r.PostFormValue("line_count"))
	for i := range min(max(n, 0), 100) {
		prefix := fmt.Sprintf("lines[%d].", i)
		l := ims.CashReturnTemplateLine{Fund: formValue(r, prefix+"fund_code"), Reference: formValue(r, prefix+"reference"),
			Description: formValue(r, prefix+"description"), VATCode: formValue(r, prefix+"vat_code")}
		over := r.PostForm[prefix+"override"]
		l.OverrideReference, l.OverrideDescription, l.OverrideVAT = slices.Contains(over, "reference"), slices.Contains(over, "description"),
			slices.Contains(over, "vat")
		if l == (ims.CashReturnTemplateLine{}) {
			continue
		}
		t.Lines = append(t.Lines, l)
	}
	err := a.CashReturns.PutTemplate(r.Context(), web.PrincipalFrom(r.Context()), t, create)
	switch ims.ErrorCode(err) {
	case "":
		a.flash(r, "Template "+t.Code+" saved")
		http.Redirect(w, r, "/admin/cash-return-templates", http.StatusSeeOther)
	case ims.Invalid:
		a.showTemplateForm(w, r, http.StatusUnprocessableEntity, t, create, err)
	default:
		a.fail(w, r, err)
	}
}

func (a *Admin) showTemplateForm(w http.ResponseWriter, r *http.Request, status int, t ims.CashReturnTemplate, create bool, problem error) {
	fields := ims.ErrorFields(problem)
	field := func(name, label, value, width string) crField {
		return crField{ID: fieldID(name), Name: name, Label: label, Value: value, Error: fields[name], Width: width}
	}
	f := crTemplateForm{New: create, Title: "New cash return template", Action: "/admin/cash-return-templates/new",
		Code: field("code", "Code (up to 10 letters, digits or hyphens)", t.Code, "govuk-input--width-10"),
		Name: field("name", "Name", t.Name, ""), Office: field("office", "Office code of the site", t.Office, "govuk-input--width-4"),
		Kinds: []crCheckbox{{"f-cash", "cash", "1", "Cash", t.Cash}, {"f-cheque", "cheque", "1", "Cheques", t.Cheque},
			{"f-card_terminal", "card_terminal", "1", "Card terminal", t.CardTerminal}, {"f-disabled", "disabled", "1", "Disabled: no new returns", t.Disabled}}}
	if !create {
		f.Title, f.Action = "Template "+t.Code, "/admin/cash-return-templates/"+t.Code
	}
	f.LineCount = len(t.Lines) + blankTemplateLines
	for i := range f.LineCount {
		var l ims.CashReturnTemplateLine
		if i < len(t.Lines) {
			l = t.Lines[i]
		}
		prefix := fmt.Sprintf("lines[%d].", i)
		row := crTemplateLineRow{Legend: fmt.Sprintf("Line %d", i+1),
			Fund:         field(prefix+"fund_code", "Fund code (blank: the cash-return default fund)", l.Fund, "govuk-input--width-5"),
			Reference:    field(prefix+"reference", "Reference", l.Reference, "govuk-input--width-20"),
			Description:  field(prefix+"description", "Description", l.Description, "govuk-input--width-20"),
			VAT:          field(prefix+"vat_code", "VAT code (blank: the fund's)", l.VATCode, "govuk-input--width-4"),
			OverrideName: prefix + "override"}
		id := fieldID(prefix + "override")
		row.Overrides = []crCheckbox{{id + "-reference", prefix + "override", "reference", "Staff may change the reference", l.OverrideReference},
			{id + "-description", prefix + "override", "description", "Staff may change the description", l.OverrideDescription},
			{id + "-vat", prefix + "override", "vat", "Staff may change the VAT code", l.OverrideVAT}}
		f.Lines = append(f.Lines, row)
	}
	if problem != nil {
		f.Summary = problemSummary(problem)
	}
	a.render(w, r, status, "admin-cashreturns-template", titleWithError(f.Title, problem), f)
}

type crUsersPage struct {
	Code, Action string
	Users        []crCheckbox
}

// cashReturnTemplateUsers lists the staff with the CashReturns role, those given the template ticked.
func (a *Admin) cashReturnTemplateUsers(w http.ResponseWriter, r *http.Request) {
	p := web.PrincipalFrom(r.Context())
	code := r.PathValue("code")
	t, err := a.CashReturns.Template(r.Context(), p, code)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	given, err := a.CashReturns.TemplateUsers(r.Context(), p, code)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	staff, err := a.CashReturns.StaffForTemplates(r.Context(), p)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	pg := crUsersPage{Code: t.Code, Action: "/admin/cash-return-templates/" + t.Code + "/users"}
	for _, u := range staff {
		pg.Users = append(pg.Users, crCheckbox{ID: fmt.Sprintf("f-user-%d", u.ID), Name: "user", Value: strconv.FormatInt(u.ID, 10),
			Label: u.Name + " (" + u.Email + ")", Checked: slices.Contains(given, u.ID)})
	}
	a.render(w, r, http.StatusOK, "admin-cashreturns-users", "Who may use template "+t.Code, pg)
}

// cashReturnTemplateUsersSave gives the template to exactly the ticked users.
func (a *Admin) cashReturnTemplateUsersSave(w http.ResponseWriter, r *http.Request) {
	if !a.parseCashReturnForm(w, r) {
		return
	}
	var ids []int64
	for _, v := range r.PostForm["user"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	code := r.PathValue("code")
	if err := a.CashReturns.SetTemplateUsers(r.Context(), web.PrincipalFrom(r.Context()), code, ids); err != nil {
		a.fail(w, r, err)
		return
	}
	a.flash(r, fmt.Sprintf("Template %s given to %d people", code, len(ids)))
	http.Redirect(w, r, "/admin/cash-return-templates", http.StatusSeeOther)
}
