package ims

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/ims-council/ims/money"
)

// An ImportRule corrects or routes lines of an import before they are posted (SPEC §7.4): "a bank
// line whose narrative starts CTAX is council tax, and its reference is the number after it". Rules
// are reference data; internal/rules evaluates them.
type ImportRule struct {
	Code        string `json:"code" yaml:"code"`
	Name        string `json:"name" yaml:"name"`
	Description string `json:"description,omitempty" yaml:"description,omitempty"`
	Enabled     bool   `json:"enabled" yaml:"enabled"` // disabled rules never run, but can be dry-run
	Order       int    `json:"order" yaml:"order"`     // lower runs first; equal orders run by code

	ImportTypes []string     `json:"import_types,omitempty" yaml:"import_types,omitempty"` // empty: every import type
	Groups      []RuleGroup  `json:"groups,omitempty" yaml:"groups,omitempty"`             // OR-ed; none: the rule always fires
	Actions     []RuleAction `json:"actions" yaml:"actions"`
}

// A RuleGroup holds when its conditions, combined left to right by their Join, hold.
type RuleGroup struct {
	Conditions []RuleCondition `json:"conditions" yaml:"conditions"`
}

// A RuleCondition compares one field of a line with Value (and Value2, the upper end of between).
type RuleCondition struct {
	Join     string       `json:"join,omitempty" yaml:"join,omitempty"` // "and" (also when blank) or "or"; ignored on the first
	Field    RuleField    `json:"field" yaml:"field"`
	Operator RuleOperator `json:"operator" yaml:"operator"`
	Value    string       `json:"value" yaml:"value"`
	Value2   string       `json:"value2,omitempty" yaml:"value2,omitempty"`
}

// A RuleAction is what a rule does to a line when it fires.
type RuleAction struct {
	Kind      RuleActionKind `json:"kind" yaml:"kind"`
	Value     string         `json:"value,omitempty" yaml:"value,omitempty"`
	FromField RuleField      `json:"from_field,omitempty" yaml:"from_field,omitempty"` // set_reference: capture from this field…
	Pattern   string         `json:"pattern,omitempty" yaml:"pattern,omitempty"`       // …with this regex's one capture group
	Reason    string         `json:"reason,omitempty" yaml:"reason,omitempty"`         // skip and suspense
}

// RuleField names a field of an import line.
type RuleField string

// The fields conditions can test.
const (
	RuleFieldReference     RuleField = "reference"
	RuleFieldAmount        RuleField = "amount"
	RuleFieldNarrative     RuleField = "narrative"
	RuleFieldFund          RuleField = "fund"
	RuleFieldMOP           RuleField = "mop"
	RuleFieldDate          RuleField = "date"
	RuleFieldBankReference RuleField = "bank_reference"
	RuleFieldChannel       RuleField = "channel"
)

// RuleFields lists every field, in the order forms show them.
func RuleFields() []RuleField {
	return []RuleField{RuleFieldReference, RuleFieldAmount, RuleFieldNarrative, RuleFieldFund, RuleFieldMOP,
		RuleFieldDate, RuleFieldBankReference, RuleFieldChannel}
}

// RuleFieldType says how a field is compared: as text, as an amount or as a date.
type RuleFieldType int

// The field types.
const (
	RuleText RuleFieldType = iota + 1
	RuleAmount
	RuleDate
)

// Type returns the field's type, or 0 for an unknown field.
func (f RuleField) Type() RuleFieldType {
	switch f {
	case RuleFieldAmount:
		return RuleAmount
	case RuleFieldDate:
		return RuleDate
	case RuleFieldReference, RuleFieldNarrative, RuleFieldFund, RuleFieldMOP, RuleFieldBankReference, RuleFieldChannel:
		return RuleText
	}
	return 0
}

// RuleOperator is how a condition compares.
type RuleOperator string

// Operators on text fields.
const (
	RuleEquals      RuleOperator = "equals"
	RuleNotEquals   RuleOperator = "not_equals"
	RuleContains    RuleOperator = "contains"
	RuleNotContains RuleOperator = "not_contains"
	RuleStartsWith  RuleOperator = "starts_with"
	RuleEndsWith    RuleOperator = "ends_with"
	RuleMatches     RuleOperator = "matches" // regular expression (Go RE2 syntax), found anywhere in the field
)

// Operators on amounts and dates.
const (
	RuleEQ      RuleOperator = "eq"
	RuleLT      RuleOperator = "lt"
	RuleLE      RuleOperator = "le"
	RuleGT      RuleOperator = "gt"
	RuleGE      RuleOperator = "ge"
	RuleBetween RuleOperator = "between" // Value ≤ field ≤ Value2
)

// RuleOperators returns the operators that apply to fields of type t.
func RuleOperators(t RuleFieldType) []RuleOperator {
	switch t {
	case RuleText:
		return []RuleOperator{RuleEquals, RuleNotEquals, RuleContains, RuleNotContains, RuleStartsWith, RuleEndsWith, RuleMatches}
	case RuleAmount, RuleDate:
		return []RuleOperator{RuleEQ, RuleLT, RuleLE, RuleGT, RuleGE, RuleBetween}
	}
	return nil
}

// RuleActionKind is what an action does.
type RuleActionKind string

// The action kinds.
const (
	RuleSetFund      RuleActionKind = "set_fund"
	RuleSetReference RuleActionKind = "set_reference"
	RuleSetNarrative RuleActionKind = "set_narrative"
	RuleSetMOP       RuleActionKind = "set_mop"
	RuleSuspense     RuleActionKind = "suspense"
	RuleSkip         RuleActionKind = "skip"
)

// RuleActionKinds lists every action kind, in the order forms show them.
func RuleActionKinds() []RuleActionKind {
	return []RuleActionKind{RuleSetFund, RuleSetReference, RuleSetNarrative, RuleSetMOP, RuleSuspense, RuleSkip}
}

// MaxRulePatternLength bounds a rule's regular expression. Go's RE2 runs in time linear in the
// input, but a long pattern still costs memory to compile and time on every line of an import.
const MaxRulePatternLength = 500

// RuleDateLayout is how dates are written in conditions.
const RuleDateLayout = "2006-01-02"

// CompileRulePattern compiles a rule's regular expression as rules evaluate it: case-insensitive,
// like every text comparison of a rule.
func CompileRulePattern(pattern string) (*regexp.Regexp, error) {
	if len(pattern) > MaxRulePatternLength {
		return nil, fmt.Errorf("is longer than %d characters", MaxRulePatternLength)
	}
	return regexp.Compile("(?i)" + pattern)
}

// Validate reports every problem with the rule, naming each field as its JSON and YAML form does
// ("groups[0].conditions[1].value"). Whether the funds and MOPs it sets exist is for the store.
func (r ImportRule) Validate() error {
	p := Problems{}
	checkCode(p, "code", r.Code, 20)
	if strings.TrimSpace(r.Name) == "" {
		p.Add("name", "Enter a name")
	}
	seen := map[string]bool{}
	for i, t := range r.ImportTypes {
		field := fmt.Sprintf("import_types[%d]", i)
		switch {
		case strings.TrimSpace(t) == "":
			p.Add(field, "Choose an import type")
		case seen[t]:
			p.Add(field, "Import type %s is listed twice", t)
		}
		seen[t] = true
	}
	for i, g := range r.Groups {
		if len(g.Conditions) == 0 {
			p.Add(fmt.Sprintf("groups[%d]", i), "Add a condition to the group or remove it")
		}
		for j, c := range g.Conditions {
			c.validate(p, fmt.Sprintf("groups[%d].conditions[%d].", i, j), j == 0)
		}
	}
	if len(r.Actions) == 0 {
		p.Add("actions", "Add at least one action")
	}
	kinds := map[RuleActionKind]bool{}
	for i, a := range r.Actions {
		prefix := fmt.Sprintf("actions[%d].", i)
		if kinds[a.Kind] {
			p.Add(prefix+"kind", "The rule already has a %s action", a.Kind)
		}
		kinds[a.Kind] = true
		a.validate(p, prefix)
	}
	if kinds[RuleSkip] && kinds[RuleSuspense] {
		p.Add("actions", "A rule cannot both skip a line and send it to suspense")
	}
	return p.Err("Import rule " + r.Code + " is not valid")
}

func (c RuleCondition) validate(p Problems, prefix string, first bool) {
	if !first && c.Join != "" && c.Join != "and" && c.Join != "or" {
		p.Add(prefix+"join", "Join must be and or or, not %q", c.Join)
	}
	t := c.Field.Type()
	if t == 0 {
		p.Add(prefix+"field", "Unknown field %q; use one of %s", c.Field, joinNames(RuleFields()))
		return
	}
	fits := false
	for _, op := range RuleOperators(t) {
		fits = fits || op == c.Operator
	}
	if !fits {
		p.Add(prefix+"operator", "Operator %q cannot compare %s; use one of %s", c.Operator, c.Field, joinNames(RuleOperators(t)))
		return
	}
	switch t {
	case RuleText:
		switch {
		case c.Operator == RuleMatches:
			if _, err := CompileRulePattern(c.Value); err != nil {
				p.Add(prefix+"value", "Value is not a valid regular expression: %v", err)
			}
		case c.Operator != RuleEquals && c.Operator != RuleNotEquals && strings.TrimSpace(c.Value) == "":
			// equals "" tests for a blank field; contains "" would hold for every line.
			p.Add(prefix+"value", "Enter a value")
		}
	case RuleAmount:
		lo, err := money.Parse(c.Value)
		if err != nil {
			p.Add(prefix+"value", "Value must be an amount such as 12.34: %v", err)
		}
		if c.Operator == RuleBetween {
			hi, err2 := money.Parse(c.Value2)
			switch {
			case err2 != nil:
				p.Add(prefix+"value2", "Upper amount must be an amount such as 12.34: %v", err2)
			case err == nil && hi < lo:
				p.Add(prefix+"value2", "Upper amount must not be less than %s", c.Value)
			}
		}
	case RuleDate:
		lo, err := time.Parse(RuleDateLayout, strings.TrimSpace(c.Value))
		if err != nil {
			p.Add(prefix+"value", "Value must be a date written yyyy-mm-dd, such as 2026-04-01")
		}
		if c.Operator == RuleBetween {
			hi, err2 := time.Parse(RuleDateLayout, strings.TrimSpace(c.Value2))
			switch {
			case err2 != nil:
				p.Add(prefix+"value2", "Upper date must be a date written yyyy-mm-dd, such as 2026-04-30")
			case err == nil && hi.Before(lo):
				p.Add(prefix+"value2", "Upper date must not be before %s", c.Value)
			}
		}
	}
	if c.Operator != RuleBetween && c.Value2 != "" {
		p.Add(prefix+"value2", "Only between takes a second value")
	}
}

func (a RuleAction) validate(p Problems, prefix string) {
	literal := strings.TrimSpace(a.Value) != ""
	capture := a.FromField != "" || a.Pattern != ""
	switch a.Kind {
	case RuleSetFund, RuleSetNarrative, RuleSetMOP:
		if !literal {
			p.Add(prefix+"value", "Enter the value to set")
		}
	case RuleSetReference:
		switch {
		case literal && capture:
			p.Add(prefix+"value", "Give either a reference or a field and pattern to take it from, not both")
		case !literal && !capture:
			p.Add(prefix+"value", "Enter a reference, or a field and pattern to take it from")
		case capture:
			if a.FromField.Type() != RuleText {
				p.Add(prefix+"from_field", "Choose a text field to take the reference from: one of %s", joinNames(textFields()))
			}
			re, err := CompileRulePattern(a.Pattern)
			switch {
			case err != nil:
				p.Add(prefix+"pattern", "Pattern is not a valid regular expression: %v", err)
			case re.NumSubexp() != 1:
				p.Add(prefix+"pattern", "Pattern must have exactly one capture group (…), the reference; it has %d", re.NumSubexp())
			}
		}
	case RuleSuspense, RuleSkip:
		if strings.TrimSpace(a.Reason) == "" {
			p.Add(prefix+"reason", "Enter the reason, which is shown on the line")
		}
		if literal {
			p.Add(prefix+"value", "A %s action takes a reason, not a value", a.Kind)
		}
	default:
		p.Add(prefix+"kind", "Unknown action %q; use one of %s", a.Kind, joinNames(RuleActionKinds()))
		return
	}
	if capture && a.Kind != RuleSetReference {
		p.Add(prefix+"pattern", "Only set_reference can take a value from another field")
	}
	if a.Reason != "" && a.Kind != RuleSkip && a.Kind != RuleSuspense {
		p.Add(prefix+"reason", "Only skip and suspense take a reason")
	}
}

func textFields() []RuleField {
	var out []RuleField
	for _, f := range RuleFields() {
		if f.Type() == RuleText {
			out = append(out, f)
		}
	}
	return out
}
