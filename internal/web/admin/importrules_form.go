package admin

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
)

// The rule form works without JavaScript: it shows a fixed number of blank rows (groups ×
// conditions, actions), blank rows are left out, and "Add another" buttons post the form back to be
// shown with one more row, keeping what was typed. Problems from ims.ImportRule.Validate name the
// rule's rows ("groups[0].conditions[1].value"); they are renamed to the form's rows, which differ
// when blank rows were left out.

const (
	blankGroups     = 3
	blankConditions = 4
	blankActions    = 4
	maxRows         = 30 // a posted count above this is not believed
)

// cell is one control of a row: a text input or a select.
type cell struct {
	Name, Label, Value, Error string
	Select                    bool
	Options                   []option
	Groups                    []optionGroup // a select's options in labelled groups
	Width                     string        // a text input's width in characters: 10 when blank
	Fixed                     string        // text shown instead of a control ("Where" on a first condition)
}

type optionGroup struct {
	Label   string
	Options []option
}

func (c cell) ID() string { return fieldID(c.Name) }

// row is a condition or an action: a fieldset of cells.
type row struct {
	Legend string
	Cells  []cell
	Error  string // a problem of the row as a whole
	ID     string
}

type groupRows struct {
	Legend, ID, Error string
	Rows              []row
}

// ruleValues is the rule form as posted (or filled from a saved rule): every row, blank or not.
type ruleValues struct {
	v                          url.Values
	groups, conditions, action int
}

func clampRows(s string, least int) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < least {
		return least
	}
	return min(n, maxRows)
}

// ruleFormValues fills the form's values from a saved rule, with blank rows to add more.
func ruleFormValues(r ims.ImportRule) url.Values {
	v := url.Values{"code": {r.Code}, "name": {r.Name}, "description": {r.Description}, "order": {strconv.Itoa(r.Order)},
		"import_types": r.ImportTypes}
	if r.Enabled {
		v.Set("enabled", "yes")
	}
	conds := 0
	for gi, g := range r.Groups {
		conds = max(conds, len(g.Conditions)+1)
		for ci, c := range g.Conditions {
			p := fmt.Sprintf("groups[%d].conditions[%d].", gi, ci)
			v.Set(p+"join", c.Join)
			v.Set(p+"field", string(c.Field))
			v.Set(p+"operator", string(c.Operator))
			v.Set(p+"value", c.Value)
			v.Set(p+"value2", c.Value2)
		}
	}
	for ai, a := range r.Actions {
		p := fmt.Sprintf("actions[%d].", ai)
		v.Set(p+"kind", string(a.Kind))
		v.Set(p+"value", a.Value)
		v.Set(p+"from_field", string(a.FromField))
		v.Set(p+"pattern", a.Pattern)
		v.Set(p+"reason", a.Reason)
	}
	v.Set("group_count", strconv.Itoa(max(blankGroups, len(r.Groups)+1)))
	v.Set("condition_count", strconv.Itoa(max(blankConditions, conds)))
	v.Set("action_count", strconv.Itoa(max(blankActions, len(r.Actions)+1)))
	return v
}

func newRuleValues(v url.Values) ruleValues {
	return ruleValues{v: v, groups: clampRows(v.Get("group_count"), blankGroups),
		conditions: clampRows(v.Get("condition_count"), blankConditions), action: clampRows(v.Get("action_count"), blankActions)}
}

func (rv ruleValues) get(name string) string { return strings.TrimSpace(rv.v.Get(name)) }

func (rv ruleValues) blank(prefix string, names ...string) bool {
	for _, n := range names {
		if rv.get(prefix+n) != "" {
			return false
		}
	}
	return true
}

// ruleRows maps the rule's rows to the form's: group i of the rule is form group groupAt[i], its
// condition j is form condition condAt[i][j], action k is form action actionAt[k].
type ruleRows struct {
	groupAt  []int
	condAt   [][]int
	actionAt []int
}

// rule reads the rule the form describes, leaving blank rows out. A malformed order is a problem.
func (rv ruleValues) rule(code string) (ims.ImportRule, ruleRows, ims.Problems) {
	problems := ims.Problems{}
	r := ims.ImportRule{Code: code, Name: rv.get("name"), Description: rv.get("description"), Enabled: rv.get("enabled") != ""}
	if code == "" {
		r.Code = strings.ToUpper(rv.get("code"))
	}
	if s := rv.get("order"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			problems.Add("order", "Order must be a whole number, like 10")
		}
		r.Order = n
	}
	for _, t := range rv.v["import_types"] {
		if t = strings.TrimSpace(t); t != "" {
			r.ImportTypes = append(r.ImportTypes, t)
		}
	}
	var at ruleRows
	for gi := range rv.groups {
		var g ims.RuleGroup
		var conds []int
		for ci := range rv.conditions {
			p := fmt.Sprintf("groups[%d].conditions[%d].", gi, ci)
			if rv.blank(p, "field", "operator", "value", "value2") {
				continue
			}
			g.Conditions = append(g.Conditions, ims.RuleCondition{Join: rv.get(p + "join"), Field: ims.RuleField(rv.get(p + "field")),
				Operator: ims.RuleOperator(rv.get(p + "operator")), Value: rv.get(p + "value"), Value2: rv.get(p + "value2")})
			conds = append(conds, ci)
		}
		if len(g.Conditions) > 0 {
			g.Conditions[0].Join = "" // the first condition of a group joins nothing
			r.Groups = append(r.Groups, g)
			at.groupAt, at.condAt = append(at.groupAt, gi), append(at.condAt, conds)
		}
	}
	for ai := range rv.action {
		p := fmt.Sprintf("actions[%d].", ai)
		if rv.blank(p, "kind", "value", "from_field", "pattern", "reason") {
			continue
		}
		r.Actions = append(r.Actions, ims.RuleAction{Kind: ims.RuleActionKind(rv.get(p + "kind")), Value: rv.get(p + "value"),
			FromField: ims.RuleField(rv.get(p + "from_field")), Pattern: rv.get(p + "pattern"), Reason: rv.get(p + "reason")})
		at.actionAt = append(at.actionAt, ai)
	}
	return r, at, problems
}

var (
	conditionProblem = regexp.MustCompile(`^groups\[(\d+)\]\.conditions\[(\d+)\]\.(.+)$`)
	groupProblem     = regexp.MustCompile(`^groups\[(\d+)\]$`)
	actionProblem    = regexp.MustCompile(`^actions\[(\d+)\]\.(.+)$`)
	typeProblem      = regexp.MustCompile(`^import_types\[\d+\]$`)
)

// formProblems renames the problems of the rule's rows to the form's rows.
func (at ruleRows) formProblems(fields map[string]string) map[string]string {
	out := map[string]string{}
	idx := func(s string) int { n, _ := strconv.Atoi(s); return n }
	for name, msg := range fields {
		switch m := conditionProblem.FindStringSubmatch(name); {
		case m != nil && idx(m[1]) < len(at.groupAt) && idx(m[2]) < len(at.condAt[idx(m[1])]):
			g := idx(m[1])
			name = fmt.Sprintf("groups[%d].conditions[%d].%s", at.groupAt[g], at.condAt[g][idx(m[2])], m[3])
		case groupProblem.MatchString(name):
			if g := idx(groupProblem.FindStringSubmatch(name)[1]); g < len(at.groupAt) {
				name = fmt.Sprintf("groups[%d]", at.groupAt[g])
			}
		case actionProblem.MatchString(name):
			m := actionProblem.FindStringSubmatch(name)
			if a := idx(m[1]); a < len(at.actionAt) {
				name = fmt.Sprintf("actions[%d].%s", at.actionAt[a], m[2])
			}
		case typeProblem.MatchString(name):
			name = "import_types"
		}
		if prev, ok := out[name]; ok {
			msg = prev + ". " + msg
		}
		out[name] = msg
	}
	return out
}

// ruleFormView is the rule form's rows, each with its problem.
type ruleFormView struct {
	Head                       []field // code (new rules), name, description, order, enabled
	Types                      []field
	Groups                     []groupRows
	Actions                    []row
	ActionsError               string
	GroupCount, ConditionCount int
	ActionCount                int
	Summary                    govukfrontend.ErrorSummary
}

func fieldOptions(value string, fields []ims.RuleField) []option {
	out := []option{{Value: "", Text: "Choose a field", Selected: value == ""}}
	for _, f := range fields {
		out = append(out, option{Value: string(f), Text: capitalised(words(fieldWords, f)), Selected: value == string(f)})
	}
	return out
}

func operatorGroups(value string) []optionGroup {
	group := func(label string, ops []ims.RuleOperator) optionGroup {
		g := optionGroup{Label: label}
		for _, op := range ops {
			g.Options = append(g.Options, option{Value: string(op), Text: words(operatorWords, op), Selected: value == string(op)})
		}
		return g
	}
	return []optionGroup{group("Text fields", ims.RuleOperators(ims.RuleText)),
		group("Amounts and dates", ims.RuleOperators(ims.RuleAmount))}
}

// view builds the form's rows from the posted values, problems (already renamed to the form's
// rows) on their cells, and the error summary linking to each.
func (rv ruleValues) view(importTypes []ims.ImportType, creating bool, problems map[string]string, err error) ruleFormView {
	var s govukfrontend.ErrorSummary
	used := map[string]bool{}
	problem := func(name string) string {
		if msg, ok := problems[name]; ok {
			used[name] = true
			s.Errors = append(s.Errors, govukfrontend.ErrorLink{Text: msg, Href: "#" + fieldID(name)})
			return msg
		}
		return ""
	}
	text := func(name, label, hint string, width govukfrontend.InputWidth) field {
		return field{Name: name, Label: label, Hint: hint, Kind: textField, Value: rv.get(name), Width: width, Error: problem(name)}
	}
	f := ruleFormView{GroupCount: rv.groups, ConditionCount: rv.conditions, ActionCount: rv.action}
	if creating {
		f.Head = append(f.Head, text("code", "Code", "Up to 20 letters, digits, '-' or '_', such as CTAXNARR. It cannot be changed later.", govukfrontend.WidthChars10))
	}
	description := text("description", "Description (optional)", "What the rule is for, for the next person to read.", "")
	description.Kind = areaField
	f.Head = append(f.Head, text("name", "Name", "", ""), description,
		text("order", "Order", "Rules run from the lowest order up; rules with the same order run by code.", govukfrontend.WidthChars5))
	enabled := field{Name: "enabled", Label: "Enabled: the rule runs on imports", Kind: checkboxField, Checked: rv.get("enabled") != "",
		Hint: "Leave it disabled to test it first.", Error: problem("enabled")}
	f.Head = append(f.Head, enabled)
	chosen := rv.v["import_types"]
	types := field{Name: "import_types", Label: "Import types it applies to", Kind: checkboxesList,
		Hint: "Tick none for every import type.", Error: problem("import_types")}
	for _, t := range importTypes {
		types.Options = append(types.Options, option{Value: t.Code, Text: t.Code + " – " + t.Name, Selected: slices.Contains(chosen, t.Code)})
	}
	f.Types = []field{types}
	for gi := range rv.groups {
		g := groupRows{Legend: fmt.Sprintf("Group %d", gi+1), ID: fieldID(fmt.Sprintf("groups[%d]", gi)),
			Error: problem(fmt.Sprintf("groups[%d]", gi))}
		for ci := range rv.conditions {
			p := fmt.Sprintf("groups[%d].conditions[%d].", gi, ci)
			join := cell{Name: p + "join", Label: "Joined by", Select: true,
				Options: []option{{Value: "and", Text: "and", Selected: rv.get(p+"join") != "or"}, {Value: "or", Text: "or", Selected: rv.get(p+"join") == "or"}}}
			if ci == 0 {
				join = cell{Fixed: "Where"}
			}
			join.Error = problem(p + "join")
			g.Rows = append(g.Rows, row{Legend: fmt.Sprintf("Group %d, condition %d", gi+1, ci+1), Cells: []cell{
				join,
				{Name: p + "field", Label: "Field", Select: true, Options: fieldOptions(rv.get(p+"field"), ims.RuleFields()), Error: problem(p + "field")},
				{Name: p + "operator", Label: "Comparison", Select: true, Groups: operatorGroups(rv.get(p + "operator")),
					Options: []option{{Value: "", Text: "Choose a comparison", Selected: rv.get(p+"operator") == ""}}, Error: problem(p + "operator")},
				{Name: p + "value", Label: "Value", Value: rv.get(p + "value"), Error: problem(p + "value")},
				{Name: p + "value2", Label: "And (for between)", Value: rv.get(p + "value2"), Error: problem(p + "value2")},
			}})
		}
		f.Groups = append(f.Groups, g)
	}
	f.ActionsError = problem("actions")
	for ai := range rv.action {
		p := fmt.Sprintf("actions[%d].", ai)
		kinds := []option{{Value: "", Text: "Choose an action", Selected: rv.get(p+"kind") == ""}}
		for _, k := range ims.RuleActionKinds() {
			kinds = append(kinds, option{Value: string(k), Text: words(actionWords, k), Selected: rv.get(p+"kind") == string(k)})
		}
		var textOnly []ims.RuleField
		for _, fl := range ims.RuleFields() {
			if fl.Type() == ims.RuleText {
				textOnly = append(textOnly, fl)
			}
		}
		f.Actions = append(f.Actions, row{Legend: fmt.Sprintf("Action %d", ai+1), Cells: []cell{
			{Name: p + "kind", Label: "Action", Select: true, Options: kinds, Error: problem(p + "kind")},
			{Name: p + "value", Label: "Value", Value: rv.get(p + "value"), Error: problem(p + "value")},
			{Name: p + "from_field", Label: "Or take the reference from", Select: true, Options: fieldOptions(rv.get(p+"from_field"), textOnly), Error: problem(p + "from_field")},
			{Name: p + "pattern", Label: "With the pattern", Value: rv.get(p + "pattern"), Error: problem(p + "pattern"), Width: "20"},
			{Name: p + "reason", Label: "Reason", Value: rv.get(p + "reason"), Error: problem(p + "reason"), Width: "20"},
		}})
	}
	var rest []string
	for name, msg := range problems {
		if !used[name] {
			rest = append(rest, msg)
		}
	}
	slices.Sort(rest)
	for _, msg := range rest {
		s.Errors = append(s.Errors, govukfrontend.ErrorLink{Text: msg})
	}
	if err != nil && len(s.Errors) == 0 {
		s.Errors = append(s.Errors, govukfrontend.ErrorLink{Text: ims.ErrorMessage(err)})
	}
	f.Summary = s
	return f
}
