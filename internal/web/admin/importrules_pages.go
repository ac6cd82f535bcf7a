package admin

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/web"
)

// rulePage is a rule's page: for a SystemAdmin its form, with the tester of the form's rule, the
// enable or disable button and the delete link; for Finance the rule in words and a Test link.
type rulePage struct {
	Heading, Action        string
	Creating               bool
	Form                   ruleFormView
	Line                   []field // the tester's line
	Results                *testResults
	Rule                   ims.ImportRule // the saved rule (not on a new one)
	When, Does, Types      string
	EnableAction, TestHref string
	DeleteHref             string
	ReadOnly               bool
}

// showRuleForm renders the rule form from its values; problems are on the form's rows already.
func (a *Admin) showRuleForm(w http.ResponseWriter, r *http.Request, status int, code string, rv ruleValues, problems map[string]string, err error, res *testResults) {
	p := web.PrincipalFrom(r.Context())
	setup, serr := a.ImportSetup.ImportSetup(r.Context(), p)
	if serr != nil {
		a.fail(w, r, serr)
		return
	}
	pg := rulePage{Heading: "New import rule", Action: "/admin/import-rules/new", Creating: code == "", Results: res}
	pg.Form = rv.view(setup.Types, pg.Creating, problems, err)
	pg.Line = testerFields(rv.v, setup.Types, problems)
	for _, f := range pg.Line {
		if f.Error != "" {
			pg.Form.Summary.Errors = append(pg.Form.Summary.Errors, errorLink(f))
		}
	}
	if code != "" {
		pg.Heading, pg.Action = "Import rule "+code, ruleHref(code)
		i := slices.IndexFunc(setup.Rules, func(ru ims.ImportRule) bool { return ru.Code == code })
		if i < 0 {
			a.fail(w, r, ims.Errorf(ims.NotFound, "Import rule %s does not exist", code))
			return
		}
		a.describeRule(&pg, setup.Rules[i])
	}
	title := pg.Heading
	if len(pg.Form.Summary.Errors) > 0 {
		title = "Error: " + title
	}
	a.render(w, r, status, "admin-importrules-form", title, pg)
}

func (a *Admin) describeRule(pg *rulePage, ru ims.ImportRule) {
	pg.Rule, pg.When, pg.Does, pg.Types = ru, ruleWhen(ru), ruleDoes(ru), ruleTypes(ru)
	pg.EnableAction, pg.DeleteHref = ruleHref(ru.Code)+"/enabled", ruleHref(ru.Code)+"/delete"
	pg.TestHref = "/admin/import-rules/test?rule=" + url.QueryEscape(ru.Code)
}

func (a *Admin) importRuleNew(w http.ResponseWriter, r *http.Request) {
	setup, err := a.ImportSetup.ImportSetup(r.Context(), web.PrincipalFrom(r.Context()))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	next := 10
	for _, ru := range setup.Rules {
		next = max(next, ru.Order+10)
	}
	v := ruleFormValues(ims.ImportRule{Order: next})
	a.showRuleForm(w, r, http.StatusOK, "", newRuleValues(v), nil, nil, nil)
}

// importRuleShow shows a saved rule: its form to a SystemAdmin, the rule in words to Finance.
func (a *Admin) importRuleShow(w http.ResponseWriter, r *http.Request) {
	p, code := web.PrincipalFrom(r.Context()), r.PathValue("code")
	if canChange(r) {
		ru, err := a.ImportSetup.ImportRules().Get(r.Context(), p, code)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		a.showRuleForm(w, r, http.StatusOK, code, newRuleValues(ruleFormValues(ru)), nil, nil, nil)
		return
	}
	setup, err := a.ImportSetup.ImportSetup(r.Context(), p)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	i := slices.IndexFunc(setup.Rules, func(ru ims.ImportRule) bool { return ru.Code == code })
	if i < 0 {
		a.fail(w, r, ims.Errorf(ims.NotFound, "Import rule %s does not exist", code))
		return
	}
	pg := rulePage{Heading: "Import rule " + code, ReadOnly: true}
	a.describeRule(&pg, setup.Rules[i])
	a.render(w, r, http.StatusOK, "admin-importrules-form", pg.Heading, pg)
}

// importRuleSave saves the posted rule, or — for the form's other buttons — shows it again with
// another row, or with the results of testing it unsaved.
func (a *Admin) importRuleSave(w http.ResponseWriter, r *http.Request) {
	p, code := web.PrincipalFrom(r.Context()), r.PathValue("code")
	if err := r.ParseForm(); err != nil {
		a.fail(w, r, ims.Errorf(ims.Invalid, "The form could not be read"))
		return
	}
	rv := newRuleValues(r.PostForm)
	switch r.PostForm.Get("add") {
	case "condition":
		rv.conditions = min(rv.conditions+1, maxRows)
	case "group":
		rv.groups = min(rv.groups+1, maxRows)
	case "action":
		rv.action = min(rv.action+1, maxRows)
	}
	if r.PostForm.Get("add") != "" {
		a.showRuleForm(w, r, http.StatusOK, code, rv, nil, nil, nil)
		return
	}
	rule, at, bad := rv.rule(code)
	if r.PostForm.Get("test") != "" {
		a.testRuleForm(w, r, code, rv, rule, at, bad)
		return
	}
	var err error
	if len(bad) > 0 {
		for name, msg := range ims.ErrorFields(rule.Validate()) {
			bad.Add(name, "%s", msg)
		}
		err = bad.Err("The import rule has problems")
	} else if code == "" {
		err = a.ImportSetup.ImportRules().Create(r.Context(), p, rule)
	} else {
		err = a.ImportSetup.ImportRules().Update(r.Context(), p, rule)
	}
	if c := ims.ErrorCode(err); err != nil && c != ims.Invalid && c != ims.Conflict {
		a.fail(w, r, err)
		return
	}
	if err != nil {
		a.showRuleForm(w, r, http.StatusUnprocessableEntity, code, rv, at.formProblems(ims.ErrorFields(err)), err, nil)
		return
	}
	if code == "" {
		a.flash(r, "Import rule "+rule.Code+" created")
	} else {
		a.flash(r, "Import rule "+code+" changed")
	}
	http.Redirect(w, r, ruleHref(rule.Code), http.StatusSeeOther)
}

// testRuleForm runs the form's rule, unsaved, over the form's line.
func (a *Admin) testRuleForm(w http.ResponseWriter, r *http.Request, code string, rv ruleValues, rule ims.ImportRule, at ruleRows, bad ims.Problems) {
	p := web.PrincipalFrom(r.Context())
	typ, line, lineBad := lineOf(r.PostForm)
	for name, msg := range lineBad {
		bad[name] = msg
	}
	if rule.Code == "" {
		rule.Code = "DRAFT" // a new rule's code is not needed to test it
	}
	var err error
	var res *testResults
	if len(bad) == 0 {
		var t refdata.RuleTest
		t, err = a.ImportSetup.TestImportRules(r.Context(), p, refdata.RuleTestInput{ImportType: typ, Line: line, Draft: &rule})
		if err == nil {
			res = results(t)
		}
	} else {
		err = bad.Err("The rule or the line has problems")
	}
	if err != nil && ims.ErrorCode(err) != ims.Invalid {
		a.fail(w, r, err)
		return
	}
	status := http.StatusOK
	if err != nil {
		status = http.StatusUnprocessableEntity
	}
	a.showRuleForm(w, r, status, code, rv, at.formProblems(ims.ErrorFields(err)), err, res)
}

// importRuleEnable enables or disables a rule (enabled=yes or no).
func (a *Admin) importRuleEnable(w http.ResponseWriter, r *http.Request) {
	p, code := web.PrincipalFrom(r.Context()), r.PathValue("code")
	rules := a.ImportSetup.ImportRules()
	ru, err := rules.Get(r.Context(), p, code)
	if err == nil {
		ru.Enabled = r.PostFormValue("enabled") == "yes"
		err = rules.Update(r.Context(), p, ru)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if ru.Enabled {
		a.flash(r, "Import rule "+code+" enabled: it runs on imports")
	} else {
		a.flash(r, "Import rule "+code+" disabled: it no longer runs")
	}
	http.Redirect(w, r, ruleHref(code), http.StatusSeeOther)
}

// importRuleMove moves a rule one place up or down the list (direction=up or down).
func (a *Admin) importRuleMove(w http.ResponseWriter, r *http.Request) {
	p, code := web.PrincipalFrom(r.Context()), r.PathValue("code")
	up := r.PostFormValue("direction") == "up"
	if err := a.ImportSetup.MoveImportRule(r.Context(), p, code, up); err != nil {
		a.fail(w, r, err)
		return
	}
	where := "down"
	if up {
		where = "up"
	}
	a.flash(r, "Import rule "+code+" moved "+where)
	http.Redirect(w, r, "/admin/import-rules", http.StatusSeeOther)
}

// importRuleDeleteConfirm asks whether to delete the rule, saying what it does.
func (a *Admin) importRuleDeleteConfirm(w http.ResponseWriter, r *http.Request) {
	p, code := web.PrincipalFrom(r.Context()), r.PathValue("code")
	ru, err := a.ImportSetup.ImportRules().Get(r.Context(), p, code)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var pg rulePage
	a.describeRule(&pg, ru)
	a.render(w, r, http.StatusOK, "admin-importrules-delete", "Delete import rule "+code, pg)
}

func (a *Admin) importRuleDelete(w http.ResponseWriter, r *http.Request) {
	p, code := web.PrincipalFrom(r.Context()), r.PathValue("code")
	if err := a.ImportSetup.ImportRules().Delete(r.Context(), p, code); err != nil {
		a.fail(w, r, err)
		return
	}
	a.flash(r, "Import rule "+code+" deleted")
	http.Redirect(w, r, "/admin/import-rules", http.StatusSeeOther)
}

func errorLink(f field) govukfrontend.ErrorLink {
	return govukfrontend.ErrorLink{Text: f.Error, Href: "#" + f.ID()}
}
