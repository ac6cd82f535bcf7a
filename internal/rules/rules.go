// Package rules evaluates import rules (SPEC §7.4) against the lines of an import: which rules fire,
// what they change, and whether a line goes to suspense or is skipped. It is pure: no storage, no
// clock, and no rule can make it panic or fail an import.
//
// Decisions (docs/adr/0023-import-rules.md):
//   - Text comparisons ignore case and the white space around both the field and the value.
//     "matches" is a case-insensitive regular expression found anywhere in the trimmed field (anchor
//     it with ^ and $ to match all of it).
//   - Within a group conditions combine strictly left to right: a or b and c is (a or b) and c.
//   - Rules run by Order, then Code. Each sees the line as earlier rules left it.
//   - A skip ends the line's rules; a skip overrides an earlier rule's suspense.
//   - An action that cannot be carried out for a line (a capture that does not match) changes
//     nothing and leaves a note, so one odd line never stops an import.
package rules

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

// Line is what rules see of an import line, and what they may change.
type Line struct {
	Reference     string
	Narrative     string
	Fund          string
	MOP           string
	BankReference string
	Channel       string
	Amount        money.Pence
	Date          time.Time // only the calendar date counts
}

// A Change is one field a rule changed, recorded on the line so people can see why it was posted
// where it was.
type Change struct {
	Rule     string // the rule's code
	Field    string // reference, narrative, fund or mop
	Old, New string
}

// Outcome is a line after the rules.
type Outcome struct {
	Line           Line
	Fired          []string // codes of the rules whose conditions held, in the order they ran
	Changes        []Change
	Suspense       bool
	SuspenseRule   string
	SuspenseReason string
	Skip           bool
	SkipRule       string
	SkipReason     string
	Notes          []string // what rules could not do for this line, for people to read
}

// A Set is rules compiled once to be applied to every line of an import.
type Set struct {
	rules []compiled
	notes []string // rules left out because they are not valid (Apply only)
}

type compiled struct {
	code    string
	types   []string
	groups  [][]condition
	actions []action
}

type condition struct {
	or       bool
	field    ims.RuleField
	op       ims.RuleOperator
	text     string         // lower-cased, trimmed value of a text condition
	re       *regexp.Regexp // matches
	lo, hi   money.Pence
	dlo, dhi time.Time
}

type action struct {
	ims.RuleAction
	re *regexp.Regexp // set_reference from another field
}

// Compile validates and compiles the enabled rules; disabled rules are left out, unchecked, because
// they never run. To try a rule before it is enabled, pass a copy with Enabled set. An invalid
// enabled rule, or two rules with one code, is an Invalid error naming the rule.
func Compile(rules []ims.ImportRule) (*Set, error) {
	s, errs := compile(rules)
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return s, nil
}

// Apply applies rules to one line of an import of type importType. Rules that are not valid are not
// run, and each outcome says so in its Notes; importing many lines should Compile once instead.
func Apply(rules []ims.ImportRule, importType string, l Line) Outcome {
	s, errs := compile(rules)
	for _, err := range errs {
		s.notes = append(s.notes, "Not run: "+ims.ErrorMessage(err)+fieldList(err))
	}
	return s.Apply(importType, l)
}

func fieldList(err error) string {
	fields := ims.ErrorFields(err)
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "; %s: %s", k, fields[k])
	}
	return b.String()
}

// compile returns the set of the valid enabled rules and an error for each rule left out.
func compile(rules []ims.ImportRule) (*Set, []error) {
	var errs []error
	enabled := make([]ims.ImportRule, 0, len(rules))
	for _, r := range rules {
		if r.Enabled {
			enabled = append(enabled, r)
		}
	}
	sort.SliceStable(enabled, func(i, j int) bool {
		if enabled[i].Order != enabled[j].Order {
			return enabled[i].Order < enabled[j].Order
		}
		return enabled[i].Code < enabled[j].Code
	})
	s := &Set{}
	seen := map[string]bool{}
	for _, r := range enabled {
		if seen[r.Code] {
			errs = append(errs, ims.FieldError("code", "Two import rules have the code %s", r.Code))
			continue
		}
		seen[r.Code] = true
		c, err := compileRule(r)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		s.rules = append(s.rules, c)
	}
	return s, errs
}

func compileRule(r ims.ImportRule) (compiled, error) {
	if err := r.Validate(); err != nil {
		return compiled{}, err
	}
	c := compiled{code: r.Code, types: r.ImportTypes}
	for _, g := range r.Groups {
		conds := make([]condition, len(g.Conditions))
		for i, rc := range g.Conditions {
			conds[i] = compileCondition(rc)
		}
		c.groups = append(c.groups, conds)
	}
	for _, ra := range r.Actions {
		a := action{RuleAction: ra}
		if ra.Kind == ims.RuleSetReference && ra.Pattern != "" {
			a.re, _ = ims.CompileRulePattern(ra.Pattern) // Validate compiled it already
		}
		c.actions = append(c.actions, a)
	}
	return c, nil
}

// compileCondition converts a condition Validate has accepted, so no conversion here can fail.
func compileCondition(rc ims.RuleCondition) condition {
	c := condition{or: rc.Join == "or", field: rc.Field, op: rc.Operator}
	switch rc.Field.Type() {
	case ims.RuleText:
		c.text = fold(rc.Value)
		if rc.Operator == ims.RuleMatches {
			c.re, _ = ims.CompileRulePattern(rc.Value)
		}
	case ims.RuleAmount:
		c.lo, _ = money.Parse(rc.Value)
		c.hi, _ = money.Parse(rc.Value2)
	case ims.RuleDate:
		c.dlo, _ = time.Parse(ims.RuleDateLayout, strings.TrimSpace(rc.Value))
		c.dhi, _ = time.Parse(ims.RuleDateLayout, strings.TrimSpace(rc.Value2))
	}
	return c
}

func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
