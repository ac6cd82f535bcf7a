package admin

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/imports"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/rules"
	"github.com/ims-council/ims/internal/web"
)

// The rule tester (SPEC §7.4): a line's fields pasted in, the rules run over it, nothing written.
// On its own page (GET, since it only reads) it tests a saved rule, enabled or not, or only the
// enabled set; on a rule's form the "Test this rule" button tests the form's rule unsaved.

// testerLineFields are the tester's questions: the form value's name ("line_reference") and label.
var testerLineFields = []struct{ name, label, hint string }{
	{"line_type", "Import type", ""},
	{"line_reference", "Reference", ""},
	{"line_narrative", "Narrative", ""},
	{"line_amount", "Amount", "In pounds, such as 125.50"},
	{"line_date", "Date", "Day/month/year, such as 15/4/2026"},
	{"line_fund", "Fund", ""},
	{"line_mop", "Method of payment", ""},
	{"line_bank_reference", "Bank reference", ""},
	{"line_channel", "Channel (allpay)", "One letter, such as P or Q"},
}

// lineOf reads the pasted line; problems are the fields that do not parse.
func lineOf(v url.Values) (string, rules.Line, ims.Problems) {
	p := ims.Problems{}
	get := func(n string) string { return strings.TrimSpace(v.Get(n)) }
	l := rules.Line{Reference: get("line_reference"), Narrative: get("line_narrative"), Fund: get("line_fund"),
		MOP: get("line_mop"), BankReference: get("line_bank_reference"), Channel: get("line_channel")}
	amount, ok := parsePounds(get("line_amount"))
	if !ok {
		p.Add("line_amount", "Enter the amount in pounds and pence, such as 125.50")
	}
	l.Amount = amount
	date, ok := parseUKDate(get("line_date"))
	if !ok {
		if t, err := time.Parse(ims.RuleDateLayout, get("line_date")); err == nil {
			date, ok = t, true
		}
	}
	if !ok {
		p.Add("line_date", "Enter the date as day/month/year, such as 15/4/2026")
	}
	l.Date = date
	return get("line_type"), l, p
}

// testerFields are the line's questions filled from v, with problems.
func testerFields(v url.Values, types []ims.ImportType, problems map[string]string) []field {
	var out []field
	for _, lf := range testerLineFields {
		f := field{Name: lf.name, Label: lf.label, Hint: lf.hint, Kind: textField, Value: strings.TrimSpace(v.Get(lf.name)),
			Error: problems[lf.name], Width: govukfrontend.WidthChars20}
		if lf.name == "line_type" {
			f.Kind, f.Hint = selectField, "Rules that name import types apply only to theirs."
			f.Options = []option{{Value: "", Text: "(any, for rules of every import type)", Selected: f.Value == ""}}
			for _, t := range types {
				f.Options = append(f.Options, option{Value: t.Code, Text: t.Code + " – " + t.Name, Selected: f.Value == t.Code})
			}
		}
		out = append(out, f)
	}
	return out
}

// outcomeView is what rules did to the line, in words.
type outcomeView struct {
	Heading  string
	Fired    string // codes of the rules that fired, "" for none
	Changes  []rules.Change
	Ending   string // skipped or sent to suspense, with the rule and reason; "" when neither
	Notes    []string
	Final    []fieldValue
	NotFired bool
}

type fieldValue struct{ Label, Value string }

func outcome(heading string, o rules.Outcome) *outcomeView {
	v := &outcomeView{Heading: heading, Fired: strings.Join(o.Fired, ", "), Changes: o.Changes, Notes: o.Notes, NotFired: len(o.Fired) == 0}
	switch {
	case o.Skip:
		v.Ending = "Skipped by rule " + o.SkipRule + ": " + o.SkipReason
	case o.Suspense:
		v.Ending = "Sent to suspense by rule " + o.SuspenseRule + ": " + o.SuspenseReason
	}
	l := o.Line
	date := ""
	if !l.Date.IsZero() {
		date = ukDate(l.Date)
	}
	v.Final = []fieldValue{{"Reference", l.Reference}, {"Narrative", l.Narrative}, {"Amount", "£" + l.Amount.String()},
		{"Date", date}, {"Fund", l.Fund}, {"Method of payment", l.MOP}, {"Bank reference", l.BankReference}, {"Channel", l.Channel}}
	return v
}

// testResults is a dry run's results: the rule under test alone, and the enabled set.
type testResults struct {
	Outcomes []*outcomeView
}

func results(t refdata.RuleTest) *testResults {
	res := &testResults{}
	if t.Rule != nil {
		res.Outcomes = append(res.Outcomes, outcome("Rule "+t.Rule.Code+" alone", t.Alone))
	}
	res.Outcomes = append(res.Outcomes, outcome("Every enabled rule, in order", t.Set))
	return res
}

// testerPage is the standalone tester.
type testerPage struct {
	Summary govukfrontend.ErrorSummary
	Fields  []field // the rule to test, the line, and (when offered) a past import
	Results *testResults
	Past    *pastRun // against a past import
}

// pastRun is a past import's lines as the rules under test would leave them now.
type pastRun struct {
	Heading string
	Lines   []imports.Line // the first maxPastLines
	More    int            // lines not shown
}

// maxPastLines bounds a dry run against a past import shown on one page.
const maxPastLines = 500

// importRulesTester shows the tester, and runs it when a line was given (?tested=yes).
func (a *Admin) importRulesTester(w http.ResponseWriter, r *http.Request) {
	p, q := web.PrincipalFrom(r.Context()), r.URL.Query()
	setup, err := a.ImportSetup.ImportSetup(r.Context(), p)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var pg testerPage
	status, problems := http.StatusOK, map[string]string{}
	if q.Get("tested") != "" {
		typ, line, bad := lineOf(q)
		past := strings.TrimSpace(q.Get("import"))
		if a.offersPastImports(p) && past != "" {
			pg.Past, err = a.testPastImport(r, past, q.Get("rule"), bad)
		} else if len(bad) == 0 {
			var t refdata.RuleTest
			t, err = a.ImportSetup.TestImportRules(r.Context(), p, refdata.RuleTestInput{ImportType: typ, Line: line, RuleCode: q.Get("rule")})
			pg.Results = results(t)
		}
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if len(bad) > 0 {
			status, problems = http.StatusUnprocessableEntity, ims.ErrorFields(bad.Err("The line has problems"))
		}
	}
	rule := q.Get("rule")
	choice := field{Name: "rule", Label: "Rule to test", Kind: selectField,
		Hint:    "A disabled rule is tested too. Every enabled rule is run as well, in order.",
		Options: []option{{Value: "", Text: "(none: only the enabled rules)", Selected: rule == ""}}}
	for _, ru := range setup.Rules {
		state := ""
		if !ru.Enabled {
			state = " (disabled)"
		}
		choice.Options = append(choice.Options, option{Value: ru.Code, Text: ru.Code + " – " + ru.Name + state, Selected: rule == ru.Code})
	}
	pg.Fields = append([]field{choice}, testerFields(q, setup.Types, problems)...)
	if a.offersPastImports(p) {
		pg.Fields = append(pg.Fields, field{Name: "import", Label: "Or run the rules over a past import: its number", Kind: textField,
			Hint:  "Each of its lines is shown as the rules would leave it; the line above is then not used.",
			Value: q.Get("import"), Error: problems["import"], Width: govukfrontend.WidthChars10})
	}
	for _, f := range pg.Fields {
		if f.Error != "" {
			pg.Summary.Errors = append(pg.Summary.Errors, errorLink(f))
		}
	}
	title := "Test the import rules"
	if status != http.StatusOK {
		title = "Error: " + title
	}
	a.render(w, r, status, "admin-importrules-test", title, pg)
}

// offersPastImports reports whether the tester offers to run over a past import: once imports
// are stored (Options.PastImports set), to Finance, who may read imports.
func (a *Admin) offersPastImports(p ims.Principal) bool {
	return a.PastImports != nil && p.HasRole(ims.Finance)
}

// testPastImport runs the chosen rule alone (even disabled), or else every enabled rule as saved,
// over the stored file of a past import, writing nothing; a problem with the number is added to bad.
func (a *Admin) testPastImport(r *http.Request, number, rule string, bad ims.Problems) (*pastRun, error) {
	p := web.PrincipalFrom(r.Context())
	id, err := strconv.ParseInt(number, 10, 64)
	if err != nil || id <= 0 {
		bad.Add("import", "Enter the number of an import, such as 12")
		return nil, nil
	}
	setup, err := a.ImportSetup.ImportSetup(r.Context(), p)
	if err != nil {
		return nil, err
	}
	run := &pastRun{Heading: fmt.Sprintf("Import %d with every enabled rule", id)}
	ruleList := setup.Rules
	if rule != "" {
		i := slices.IndexFunc(setup.Rules, func(ru ims.ImportRule) bool { return ru.Code == rule })
		if i < 0 {
			return nil, ims.Errorf(ims.NotFound, "Import rule %s does not exist", rule)
		}
		alone := setup.Rules[i]
		alone.Enabled = true // a disabled rule is tested before it is enabled
		ruleList, run.Heading = []ims.ImportRule{alone}, fmt.Sprintf("Import %d with rule %s alone", id, rule)
	}
	rep, err := a.PastImports.DryRunImport(r.Context(), p, id, ruleList)
	if c := ims.ErrorCode(err); c == ims.NotFound || c == ims.Invalid {
		bad.Add("import", "%s", ims.ErrorMessage(err))
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	run.Lines = rep.Lines[:min(len(rep.Lines), maxPastLines)]
	run.More = len(rep.Lines) - len(run.Lines) + rep.LinesLeftOut
	return run, nil
}
