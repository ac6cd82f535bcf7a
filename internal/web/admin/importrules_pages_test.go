package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/imports"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// ruleForm is a posted rule form with the default rows; set fills a row's cells.
func ruleForm(pairs ...string) url.Values {
	v := url.Values{"group_count": {"3"}, "condition_count": {"4"}, "action_count": {"4"}}
	for i := 0; i < len(pairs); i += 2 {
		v.Add(pairs[i], pairs[i+1])
	}
	return v
}

// A system administrator writes a rule through the form — two groups, the second after a blank
// one, and a reference captured from the narrative —, sees it listed in words, tests it on a line
// while it is still disabled, and from its form unsaved; a bad pattern is named on its row; rules
// are moved, enabled and deleted. A finance officer reads the rules and tests them but cannot save.
func TestImportRulePages(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := serve(t, db, config.Config{})
		demotest.Council(t, db)
		s.addUser("admin@council.example", ims.SystemAdmin)
		s.addUserWithGroups("finance@council.example", []string{"all"}, ims.Finance)
		b := s.browser()
		b.signIn("admin@council.example", "/admin")

		b.get("/admin").want(t, http.StatusOK, `href="/admin/import-rules"`, `href="/admin/import-types"`)
		b.get("/admin/import-rules").want(t, http.StatusOK, "CTAXNARR", `If narrative matches the pattern &#34;CTAX\s*\d&#43;&#34;`, "Set the fund to",
			"BAI2, BANKCSV, CAMT053, LLOYDS, MT940", "Disabled", "Move down")
		b.get("/admin/import-rules/new").want(t, http.StatusOK, `name="groups[2].conditions[3].value"`, `name="actions[3].reason"`,
			`<optgroup label="Amounts and dates">`, `value="40"`, "Add another condition")
		b.post("/admin/import-rules/new", ruleForm("add", "condition", "name", "Kept", "groups[0].conditions[0].value", "KEPT")).
			want(t, http.StatusOK, `name="groups[0].conditions[4].value"`, `value="KEPT"`, `value="Kept"`, `name="condition_count" value="5"`)

		hb := []string{"code", "hb", "name", "Housing benefit by bank", "order", "15", "import_types", "BANKCSV",
			"groups[0].conditions[0].field", "narrative", "groups[0].conditions[0].operator", "starts_with", "groups[0].conditions[0].value", "HB",
			"groups[0].conditions[1].join", "and", "groups[0].conditions[1].field", "amount", "groups[0].conditions[1].operator", "gt", "groups[0].conditions[1].value", "10.00",
			"groups[2].conditions[2].field", "bank_reference", "groups[2].conditions[2].operator", "contains", "groups[2].conditions[2].value", "HOUSING",
			"actions[1].kind", "set_fund", "actions[1].value", "23",
			"actions[2].kind", "set_reference", "actions[2].from_field", "narrative"}
		// A pattern without its capture group is named on its row, and the second group's bad
		// regex on its own, though blank rows come before them.
		bad := ruleForm(append(hb, "actions[2].pattern", `HB\s*\d+`, "groups[1].conditions[3].field", "narrative",
			"groups[1].conditions[3].operator", "matches", "groups[1].conditions[3].value", "((")...)
		b.post("/admin/import-rules/new", bad).want(t, http.StatusUnprocessableEntity, "There is a problem",
			`href="#f-actions-2-pattern"`, "exactly one capture group", `href="#f-groups-1-conditions-3-value"`, "not a valid regular expression",
			`value="HOUSING"`)
		r := b.post("/admin/import-rules/new", ruleForm(append(hb, "actions[2].pattern", `HB\s*(\d+)`)...))
		if r.status != http.StatusSeeOther || r.location != "/admin/import-rules/HB" {
			t.Fatalf("creating rule HB: %d to %q\n%s", r.status, r.location, r.body)
		}
		b.get("/admin/import-rules/HB").want(t, http.StatusOK, "Import rule HB created", "Disabled", "Enable this rule",
			`value="HOUSING"`, `name="groups[1].conditions[0].value" type="text" spellcheck="false" autocomplete="off" value="HOUSING"`)
		b.get("/admin/import-rules").want(t, http.StatusOK, "If (narrative starts with &#34;HB&#34; and amount is more than &#34;10.00&#34;) or (bank reference contains &#34;HOUSING&#34;)",
			"Set the reference to what the pattern")

		// Tested while disabled: it fires alone; the enabled set leaves it out.
		q := url.Values{"tested": {"yes"}, "rule": {"HB"}, "line_type": {"BANKCSV"}, "line_narrative": {"HB 778899 SMITH"},
			"line_amount": {"50.00"}, "line_reference": {"X1"}, "line_date": {"15/4/2026"}}
		r = b.get("/admin/import-rules/test?" + q.Encode())
		r.want(t, http.StatusOK, "Rule HB alone", "Fires: HB.", `<td class="govuk-table__cell">reference</td>`,
			`<td class="govuk-table__cell">X1</td><td class="govuk-table__cell">778899</td>`, "Every enabled rule, in order", "No rule fires")
		q.Set("line_amount", "lots")
		b.get("/admin/import-rules/test?"+q.Encode()).want(t, http.StatusUnprocessableEntity, `href="#f-line_amount"`, "Enter the amount")

		// From the form, unsaved: the form's rule (now sending the line to suspense) is run, nothing saved.
		draft := ruleForm(append(hb[2:], "actions[2].pattern", `HB\s*(\d+)`, "actions[3].kind", "suspense", "actions[3].reason", "Check HB",
			"test", "yes", "line_type", "BANKCSV", "line_bank_reference", "HOUSING BENEFIT")...)
		b.post("/admin/import-rules/HB", draft).want(t, http.StatusOK, "Rule HB alone", "Sent to suspense by rule HB: Check HB",
			`<td class="govuk-table__cell">fund</td>`)
		if strings.Contains(b.get("/admin/import-rules/HB").body, "Check HB") {
			t.Errorf("testing the form's rule saved it")
		}

		// Order, enabling, deleting.
		b.post("/admin/import-rules/INTEREST/move", url.Values{"direction": {"up"}}).want(t, http.StatusSeeOther)
		list := b.get("/admin/import-rules").body
		if strings.Index(list, ">INTEREST<") > strings.Index(list, ">RETCHQ<") {
			t.Errorf("INTEREST moved up is still after RETCHQ:\n%s", list)
		}
		b.post("/admin/import-rules/HB/enabled", url.Values{"enabled": {"yes"}}).want(t, http.StatusSeeOther)
		b.get("/admin/import-rules/HB").want(t, http.StatusOK, "Import rule HB enabled", "Disable this rule")
		b.get("/admin/import-rules/HB/delete").want(t, http.StatusOK, "Delete import rule HB?", "Keep it")

		// Finance reads and tests, but cannot change.
		fin := s.browser()
		fin.signIn("finance@council.example", "/admin")
		fin.get("/admin/import-rules/HB").want(t, http.StatusOK, "bank reference contains", "Test this rule on a line")
		q.Set("line_amount", "5")
		fin.get("/admin/import-rules/test?"+q.Encode()).want(t, http.StatusOK, "Rule HB alone", "778899")
		fin.post("/admin/import-rules/HB", ruleForm(hb[2:]...)).want(t, http.StatusForbidden)
		fin.post("/admin/import-rules/HB/delete", nil).want(t, http.StatusForbidden)
		if strings.Contains(fin.get("/admin/import-rules").body, "Move up") {
			t.Errorf("Finance is offered to move rules")
		}

		b.post("/admin/import-rules/HB/delete", nil).want(t, http.StatusSeeOther)
		b.get("/admin/import-rules/HB").want(t, http.StatusNotFound)
	})
}

// A system administrator creates an import type with its defaults and allpay channels, sees which
// rules apply to a type, and disables it; a channel on a bank type is refused on its question.
func TestImportTypePages(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := serve(t, db, config.Config{})
		demotest.Council(t, db)
		s.addUser("admin@council.example", ims.SystemAdmin)
		s.addUserWithGroups("finance@council.example", []string{"all"}, ims.Finance)
		b := s.browser()
		b.signIn("admin@council.example", "/admin")

		b.get("/admin/import-types").want(t, http.StatusOK, `href="/admin/import-types/ALLPAY"`, "allpay daily file", "bankcsv (lloyds)", "(none: to suspense)")
		b.get("/admin/import-types/ALLPAY").want(t, http.StatusOK, "allpay channel Q (returned cheque)", "RETCHQ", "Send to suspense",
			`<option value="bankcsv:barclays">`)
		b.post("/admin/import-types/new", url.Values{"code": {"bank2"}, "name": {"Second bank"}, "format": {"bankcsv:hsbc"},
			"default_mop": {"BK"}, "default_office": {"BI"}, "channel_P": {"15"}}).
			want(t, http.StatusUnprocessableEntity, `href="#f-channel_P"`, "Channels are only for the allpay format", `value="Second bank"`)
		r := b.post("/admin/import-types/new", url.Values{"code": {"bank2"}, "name": {"Second bank"}, "format": {"bankcsv:hsbc"},
			"default_mop": {"BK"}, "default_office": {"BI"}, "fund": {"23"}})
		if r.status != http.StatusSeeOther || r.location != "/admin/import-types/BANK2" {
			t.Fatalf("creating BANK2: %d to %q\n%s", r.status, r.location, r.body)
		}
		b.get("/admin/import-types/BANK2").want(t, http.StatusOK, "Import type BANK2 created", `<option value="bankcsv:hsbc" selected>`,
			"No rule applies to it")
		b.post("/admin/import-types/BANK2/enabled", url.Values{"enabled": {"no"}}).want(t, http.StatusSeeOther)
		b.get("/admin/import-types/BANK2").want(t, http.StatusOK, "Import type BANK2 disabled", "Enable this import type")

		fin := s.browser()
		fin.signIn("finance@council.example", "/admin")
		fin.get("/admin/import-types/ALLPAY").want(t, http.StatusOK, "P → 15, T → 18", "RETCHQ")
		fin.post("/admin/import-types/BANK2/enabled", url.Values{"enabled": {"yes"}}).want(t, http.StatusForbidden)
	})
}

// The rule tester runs a disabled rule over a past import's stored file, as a finance officer sees
// it: the line the saved rules leave to suspense goes to the ledger with the rule's changes;
// nothing is posted. A system administrator without Finance is not offered it.
func TestImportRuleTesterRunsOverAPastImport(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := serve(t, db, config.Config{})
		demotest.Council(t, db)
		s.addUser("admin@council.example", ims.SystemAdmin)
		s.addUserWithGroups("finance@council.example", []string{"all"}, ims.Finance)
		ctx := context.Background()
		admin := ims.Principal{UserID: 1, Roles: []ims.Role{ims.SystemAdmin}}
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(refdata.New(db).ImportRules().Create(ctx, admin, ims.ImportRule{Code: "HB", Name: "HB narrative", Order: 5,
			Groups:  []ims.RuleGroup{{Conditions: []ims.RuleCondition{{Field: "narrative", Operator: "starts_with", Value: "HB"}}}},
			Actions: []ims.RuleAction{{Kind: ims.RuleSetFund, Value: "23"}, {Kind: ims.RuleSetReference, FromField: "narrative", Pattern: `HB\s*(\d+)`}}}))
		file := "transaction_date,fund,reference,amount,mop,narrative,source_reference\n2025-03-05,,,20.00,BK,HB 400123451,SRC-1\n"
		finance := ims.Principal{UserID: 2, Roles: []ims.Role{ims.Finance}, AllFunds: true}
		svc := imports.New(db)
		imp, _, err := svc.Start(ctx, finance, imports.Request{ImportType: "IMSCSV", FileName: "hb.csv", Source: ims.ImportSourceUpload}, strings.NewReader(file))
		must(err)
		must(svc.RunImport(ctx, imp.ID))
		id := strconv.FormatInt(imp.ID, 10)

		fin := s.browser()
		fin.signIn("finance@council.example", "/admin")
		fin.get("/admin/import-rules/test?tested=yes&import="+id).want(t, http.StatusOK, "Import "+id+" with every enabled rule", "suspense")
		fin.get("/admin/import-rules/test?tested=yes&rule=HB&import="+id).want(t, http.StatusOK, "Import "+id+" with rule HB alone",
			"23 400123451", "ledger", "HB: reference  → 400123451")
		fin.get("/admin/import-rules/test?tested=yes&import=99999").want(t, http.StatusUnprocessableEntity, `href="#f-import"`)

		b := s.browser()
		b.signIn("admin@council.example", "/admin")
		if strings.Contains(b.get("/admin/import-rules/test").body, `name="import"`) {
			t.Errorf("a system administrator without Finance is offered a past import")
		}
	})
}
