package admin

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/ims-council/ims/internal/web"
)

// ruleRow is one rule in the list, in words.
type ruleRow struct {
	Order, Code, Name, Types, When, Does string
	Enabled                              bool
	Href, TestHref, MoveAction           string
	First, Last                          bool
}

type rulesListPage struct {
	Rules     []ruleRow
	CanChange bool
}

func ruleHref(code string) string { return "/admin/import-rules/" + url.PathEscape(code) }

// importRulesList lists the rules in the order they run, each in words.
func (a *Admin) importRulesList(w http.ResponseWriter, r *http.Request) {
	setup, err := a.ImportSetup.ImportSetup(r.Context(), web.PrincipalFrom(r.Context()))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	pg := rulesListPage{CanChange: canChange(r)}
	for i, rule := range setup.Rules {
		pg.Rules = append(pg.Rules, ruleRow{Order: strconv.Itoa(rule.Order), Code: rule.Code, Name: rule.Name,
			Types: ruleTypes(rule), When: ruleWhen(rule), Does: ruleDoes(rule), Enabled: rule.Enabled,
			Href: ruleHref(rule.Code), TestHref: "/admin/import-rules/test?rule=" + url.QueryEscape(rule.Code),
			MoveAction: ruleHref(rule.Code) + "/move", First: i == 0, Last: i == len(setup.Rules)-1})
	}
	a.render(w, r, http.StatusOK, "admin-importrules-list", "Import rules", pg)
}
