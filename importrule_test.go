package ims_test

import (
	"strings"
	"testing"

	"github.com/ims-council/ims"
)

// ctaxRule is the demo council's rule: a bank line "CTAX 12345678" is council tax for that account.
func ctaxRule() ims.ImportRule {
	return ims.ImportRule{Code: "CTAX", Name: "Council tax by bank narrative", Enabled: true, Order: 10,
		Groups: []ims.RuleGroup{{Conditions: []ims.RuleCondition{
			{Field: ims.RuleFieldNarrative, Operator: ims.RuleStartsWith, Value: "CTAX"},
		}}},
		Actions: []ims.RuleAction{
			{Kind: ims.RuleSetFund, Value: "23"},
			{Kind: ims.RuleSetReference, FromField: ims.RuleFieldNarrative, Pattern: `^CTAX\s*(\d{8})`},
		}}
}

func TestImportRuleValidate(t *testing.T) {
	cond := func(c ims.RuleCondition) ims.ImportRule {
		r := ctaxRule()
		r.Groups = []ims.RuleGroup{{Conditions: []ims.RuleCondition{c}}}
		return r
	}
	act := func(a ...ims.RuleAction) ims.ImportRule {
		r := ctaxRule()
		r.Actions = a
		return r
	}
	const c0 = "groups[0].conditions[0]."
	for _, c := range []struct {
		name string
		rule ims.ImportRule
		want map[string]string // field → a word the message must contain
	}{
		{"demo rule", ctaxRule(), nil},
		{"no groups always fires", func() ims.ImportRule { r := ctaxRule(); r.Groups = nil; return r }(), nil},
		{"blank everything", ims.ImportRule{}, map[string]string{"code": "code", "name": "name", "actions": "action"}},
		{"code with a dash", func() ims.ImportRule { r := ctaxRule(); r.Code = "C-TAX"; return r }(), map[string]string{"code": "letters"}},
		{"empty group", func() ims.ImportRule { r := ctaxRule(); r.Groups = []ims.RuleGroup{{}}; return r }(), map[string]string{"groups[0]": "condition"}},
		{"import type twice", func() ims.ImportRule { r := ctaxRule(); r.ImportTypes = []string{"BANK", "BANK", " "}; return r }(),
			map[string]string{"import_types[1]": "twice", "import_types[2]": "import type"}},
		{"unknown field", cond(ims.RuleCondition{Field: "payer", Operator: ims.RuleEquals, Value: "x"}), map[string]string{c0 + "field": "payer"}},
		{"text operator on amount", cond(ims.RuleCondition{Field: ims.RuleFieldAmount, Operator: ims.RuleContains, Value: "5"}),
			map[string]string{c0 + "operator": "eq, lt"}},
		{"number operator on text", cond(ims.RuleCondition{Field: ims.RuleFieldReference, Operator: ims.RuleGT, Value: "5"}),
			map[string]string{c0 + "operator": "equals"}},
		{"amount not money", cond(ims.RuleCondition{Field: ims.RuleFieldAmount, Operator: ims.RuleGT, Value: "12.345"}),
			map[string]string{c0 + "value": "amount"}},
		{"amount in euros", cond(ims.RuleCondition{Field: ims.RuleFieldAmount, Operator: ims.RuleGT, Value: "€5"}),
			map[string]string{c0 + "value": "pounds"}},
		{"amount between", cond(ims.RuleCondition{Field: ims.RuleFieldAmount, Operator: ims.RuleBetween, Value: "£1.00", Value2: "1,000"}), nil},
		{"amount between backwards", cond(ims.RuleCondition{Field: ims.RuleFieldAmount, Operator: ims.RuleBetween, Value: "10", Value2: "9.99"}),
			map[string]string{c0 + "value2": "less than 10"}},
		{"between without upper", cond(ims.RuleCondition{Field: ims.RuleFieldAmount, Operator: ims.RuleBetween, Value: "10"}),
			map[string]string{c0 + "value2": "Upper amount"}},
		{"value2 without between", cond(ims.RuleCondition{Field: ims.RuleFieldAmount, Operator: ims.RuleLT, Value: "10", Value2: "20"}),
			map[string]string{c0 + "value2": "between"}},
		{"date not iso", cond(ims.RuleCondition{Field: ims.RuleFieldDate, Operator: ims.RuleGE, Value: "01/04/2026"}),
			map[string]string{c0 + "value": "yyyy-mm-dd"}},
		{"date between backwards", cond(ims.RuleCondition{Field: ims.RuleFieldDate, Operator: ims.RuleBetween, Value: "2026-04-02", Value2: "2026-04-01"}),
			map[string]string{c0 + "value2": "before 2026-04-02"}},
		{"bad regex", cond(ims.RuleCondition{Field: ims.RuleFieldNarrative, Operator: ims.RuleMatches, Value: "CTAX(("}),
			map[string]string{c0 + "value": "regular expression"}},
		{"long regex", cond(ims.RuleCondition{Field: ims.RuleFieldNarrative, Operator: ims.RuleMatches, Value: strings.Repeat("a", 501)}),
			map[string]string{c0 + "value": "500"}},
		{"blank contains", cond(ims.RuleCondition{Field: ims.RuleFieldNarrative, Operator: ims.RuleContains}),
			map[string]string{c0 + "value": "Enter a value"}},
		{"equals blank tests for blank", cond(ims.RuleCondition{Field: ims.RuleFieldFund, Operator: ims.RuleEquals}), nil},
		{"bad join", func() ims.ImportRule {
			r := ctaxRule()
			r.Groups[0].Conditions = append(r.Groups[0].Conditions, ims.RuleCondition{Join: "xor", Field: ims.RuleFieldFund, Operator: ims.RuleEquals})
			return r
		}(), map[string]string{"groups[0].conditions[1].join": "xor"}},
		{"unknown action", act(ims.RuleAction{Kind: "delete"}), map[string]string{"actions[0].kind": "delete"}},
		{"set fund blank", act(ims.RuleAction{Kind: ims.RuleSetFund}), map[string]string{"actions[0].value": "value"}},
		{"reference both ways", act(ims.RuleAction{Kind: ims.RuleSetReference, Value: "1", FromField: ims.RuleFieldNarrative, Pattern: `(\d+)`}),
			map[string]string{"actions[0].value": "not both"}},
		{"reference neither way", act(ims.RuleAction{Kind: ims.RuleSetReference}), map[string]string{"actions[0].value": "reference"}},
		{"capture with two groups", act(ims.RuleAction{Kind: ims.RuleSetReference, FromField: ims.RuleFieldNarrative, Pattern: `(\w+) (\d+)`}),
			map[string]string{"actions[0].pattern": "it has 2"}},
		{"capture with none", act(ims.RuleAction{Kind: ims.RuleSetReference, FromField: ims.RuleFieldNarrative, Pattern: `\d+`}),
			map[string]string{"actions[0].pattern": "it has 0"}},
		{"capture from amount", act(ims.RuleAction{Kind: ims.RuleSetReference, FromField: ims.RuleFieldAmount, Pattern: `(\d+)`}),
			map[string]string{"actions[0].from_field": "text field"}},
		{"pattern on set fund", act(ims.RuleAction{Kind: ims.RuleSetFund, Value: "23", Pattern: `(\d+)`}),
			map[string]string{"actions[0].pattern": "set_reference"}},
		{"skip without reason", act(ims.RuleAction{Kind: ims.RuleSkip}), map[string]string{"actions[0].reason": "reason"}},
		{"reason on set mop", act(ims.RuleAction{Kind: ims.RuleSetMOP, Value: "90", Reason: "why"}), map[string]string{"actions[0].reason": "Only skip"}},
		{"skip and suspense", act(ims.RuleAction{Kind: ims.RuleSkip, Reason: "a"}, ims.RuleAction{Kind: ims.RuleSuspense, Reason: "b"}),
			map[string]string{"actions": "both"}},
		{"two set funds", act(ims.RuleAction{Kind: ims.RuleSetFund, Value: "23"}, ims.RuleAction{Kind: ims.RuleSetFund, Value: "24"}),
			map[string]string{"actions[1].kind": "already"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.rule.Validate()
			got := ims.ErrorFields(err)
			if len(c.want) == 0 {
				if err != nil {
					t.Fatalf("Validate() = %v, want no problems", err)
				}
				return
			}
			if ims.ErrorCode(err) != ims.Invalid || len(got) != len(c.want) {
				t.Fatalf("Validate() = %v, want problems with exactly %v", err, c.want)
			}
			for f, word := range c.want {
				if !strings.Contains(got[f], word) {
					t.Errorf("problem with %s = %q, want it to mention %q", f, got[f], word)
				}
			}
		})
	}
}

func TestEveryRuleFieldHasOperators(t *testing.T) {
	for _, f := range ims.RuleFields() {
		ops := ims.RuleOperators(f.Type())
		if len(ops) == 0 {
			t.Fatalf("field %s has no operators", f)
		}
	}
	if ims.RuleField("payer").Type() != 0 {
		t.Error("an unknown field has a type")
	}
}
