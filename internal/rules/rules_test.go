package rules_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/rules"
	"github.com/ims-council/ims/money"
)

// line is a bank line as the demo council's statements have them.
func line() rules.Line {
	return rules.Line{Reference: "", Narrative: "  CTAX 12345678 SMITH ", Fund: "", MOP: "90",
		BankReference: "FP-0001", Channel: "P", Amount: money.MustParse("125.50"),
		Date: time.Date(2026, 4, 15, 23, 30, 0, 0, time.FixedZone("BST", 3600))}
}

// when is an enabled rule with one condition that sets the narrative to "hit".
func when(field ims.RuleField, op ims.RuleOperator, value, value2 string) ims.ImportRule {
	return ims.ImportRule{Code: "R1", Name: "Test", Enabled: true,
		Groups:  []ims.RuleGroup{{Conditions: []ims.RuleCondition{{Field: field, Operator: op, Value: value, Value2: value2}}}},
		Actions: []ims.RuleAction{{Kind: ims.RuleSetNarrative, Value: "hit"}}}
}

func TestEveryOperator(t *testing.T) {
	const (
		nar  = ims.RuleFieldNarrative
		amt  = ims.RuleFieldAmount
		date = ims.RuleFieldDate
	)
	for _, c := range []struct {
		field         ims.RuleField
		op            ims.RuleOperator
		value, value2 string
		fires         bool
	}{
		{ims.RuleFieldMOP, ims.RuleEquals, " 90 ", "", true},
		{ims.RuleFieldBankReference, ims.RuleEquals, "fp-0001", "", true}, // case ignored
		{ims.RuleFieldReference, ims.RuleEquals, "", "", true},            // equals blank: the field is blank
		{ims.RuleFieldFund, ims.RuleNotEquals, "", "", false},
		{ims.RuleFieldChannel, ims.RuleNotEquals, "q", "", true},
		{ims.RuleFieldChannel, ims.RuleNotEquals, "p", "", false},
		{nar, ims.RuleContains, "smith", "", true},
		{nar, ims.RuleContains, "jones", "", false},
		{nar, ims.RuleNotContains, "jones", "", true},
		{nar, ims.RuleNotContains, "Smith", "", false},
		{nar, ims.RuleStartsWith, "ctax", "", true}, // the field's surrounding spaces are ignored
		{nar, ims.RuleStartsWith, "smith", "", false},
		{nar, ims.RuleEndsWith, "SMITH", "", true},
		{nar, ims.RuleEndsWith, "ctax", "", false},
		{nar, ims.RuleMatches, `^ctax \d{8}\b`, "", true},
		{nar, ims.RuleMatches, `^\d{8}`, "", false},
		{nar, ims.RuleMatches, `\d{8}`, "", true}, // found anywhere
		{amt, ims.RuleEQ, "125.50", "", true},
		{amt, ims.RuleEQ, "125.51", "", false},
		{amt, ims.RuleLT, "125.51", "", true},
		{amt, ims.RuleLT, "125.50", "", false},
		{amt, ims.RuleLE, "125.50", "", true},
		{amt, ims.RuleLE, "125.49", "", false},
		{amt, ims.RuleGT, "£100", "", true},
		{amt, ims.RuleGT, "1,000.00", "", false},
		{amt, ims.RuleGE, "125.50", "", true},
		{amt, ims.RuleGE, "125.51", "", false},
		{amt, ims.RuleGT, "-5", "", true},
		{amt, ims.RuleBetween, "125.50", "125.50", true},
		{amt, ims.RuleBetween, "100", "125.49", false},
		// The line's date is 15 April in its own zone (14 April 22:30 UTC): its calendar date counts.
		{date, ims.RuleEQ, "2026-04-15", "", true},
		{date, ims.RuleEQ, "2026-04-14", "", false},
		{date, ims.RuleLT, "2026-04-16", "", true},
		{date, ims.RuleLT, "2026-04-15", "", false},
		{date, ims.RuleLE, "2026-04-15", "", true},
		{date, ims.RuleGT, "2026-04-14", "", true},
		{date, ims.RuleGT, "2026-04-15", "", false},
		{date, ims.RuleGE, "2026-04-15", "", true},
		{date, ims.RuleGE, "2026-04-16", "", false},
		{date, ims.RuleBetween, "2026-04-01", "2026-04-30", true},
		{date, ims.RuleBetween, "2026-05-01", "2026-05-31", false},
	} {
		name := fmt.Sprintf("%s %s %q %q", c.field, c.op, c.value, c.value2)
		o := rules.Apply([]ims.ImportRule{when(c.field, c.op, c.value, c.value2)}, "BANK", line())
		if len(o.Notes) > 0 {
			t.Fatalf("%s: notes %v", name, o.Notes)
		}
		if fired := o.Line.Narrative == "hit"; fired != c.fires {
			t.Errorf("%s: fired = %v, want %v", name, fired, c.fires)
		}
	}
}

// Numeric comparisons never throw: amounts at the extremes, negative amounts and lines without a
// date all compare (LocalGov IMS throws on numeric comparisons).
func TestNumericComparisonsNeverFail(t *testing.T) {
	for _, c := range []struct {
		l     rules.Line
		rule  ims.ImportRule
		fires bool
	}{
		{rules.Line{Amount: -1}, when(ims.RuleFieldAmount, ims.RuleLT, "0", ""), true},
		{rules.Line{Amount: 1<<63 - 1}, when(ims.RuleFieldAmount, ims.RuleGT, "1,000,000,000.00", ""), true},
		{rules.Line{Amount: -1 << 63}, when(ims.RuleFieldAmount, ims.RuleBetween, "-1", "1"), false},
		{rules.Line{}, when(ims.RuleFieldDate, ims.RuleLT, "2026-04-01", ""), false},
		{rules.Line{}, when(ims.RuleFieldDate, ims.RuleGE, "0001-01-01", ""), false},
	} {
		o := rules.Apply([]ims.ImportRule{c.rule}, "", c.l)
		if fired := o.Line.Narrative == "hit"; fired != c.fires || len(o.Notes) > 0 {
			t.Errorf("%+v on %+v: fired = %v (notes %v), want %v", c.rule.Groups, c.l, fired, o.Notes, c.fires)
		}
	}
}

// The demo council's rule: bank narrative "CTAX 12345678" is council tax (fund 23) for account
// 12345678, taken from the narrative.
func TestCaptureFromAnotherField(t *testing.T) {
	ctax := ims.ImportRule{Code: "CTAX", Name: "Council tax", Enabled: true,
		Groups: []ims.RuleGroup{{Conditions: []ims.RuleCondition{{Field: ims.RuleFieldNarrative, Operator: ims.RuleStartsWith, Value: "CTAX"}}}},
		Actions: []ims.RuleAction{{Kind: ims.RuleSetFund, Value: "23"},
			{Kind: ims.RuleSetReference, FromField: ims.RuleFieldNarrative, Pattern: `^ctax\s*(\d{8})\b`}}}
	o := rules.Apply([]ims.ImportRule{ctax}, "BANK", line())
	want := []rules.Change{{Rule: "CTAX", Field: "fund", Old: "", New: "23"}, {Rule: "CTAX", Field: "reference", Old: "", New: "12345678"}}
	if !reflect.DeepEqual(o.Changes, want) || o.Line.Fund != "23" || o.Line.Reference != "12345678" {
		t.Errorf("changes %+v, line %+v; want %+v", o.Changes, o.Line, want)
	}

	// A narrative whose number is too short: the fund is set, the reference is not, and the outcome says why.
	l := line()
	l.Narrative = "CTAX 1234"
	o = rules.Apply([]ims.ImportRule{ctax}, "BANK", l)
	if o.Line.Fund != "23" || o.Line.Reference != "" || len(o.Changes) != 1 || len(o.Notes) != 1 ||
		!strings.Contains(o.Notes[0], `"CTAX 1234"`) || !strings.Contains(o.Notes[0], "CTAX did not set the reference") {
		t.Errorf("line %+v, changes %+v, notes %q", o.Line, o.Changes, o.Notes)
	}
}

// chain returns n rules; rule i fires only when rule i-1 has run, so the narrative ends as "step n"
// only when every rule loaded and ran in order. Orders are given backwards to the codes.
func chain(n int) []ims.ImportRule {
	var rs []ims.ImportRule
	for i := n; i >= 1; i-- {
		rs = append(rs, ims.ImportRule{Code: fmt.Sprintf("R%02d", n-i), Name: "Step", Enabled: true, Order: i * 10,
			Groups:  []ims.RuleGroup{{Conditions: []ims.RuleCondition{{Field: ims.RuleFieldNarrative, Operator: ims.RuleEquals, Value: fmt.Sprintf("step %d", i-1)}}}},
			Actions: []ims.RuleAction{{Kind: ims.RuleSetNarrative, Value: fmt.Sprintf("step %d", i)}}})
	}
	return rs
}

func TestRulesRunInOrderAndSeeEarlierChanges(t *testing.T) {
	// More than 20 rules all load (LocalGov IMS loads only 20).
	set, err := rules.Compile(chain(30))
	if err != nil {
		t.Fatal(err)
	}
	o := set.Apply("BANK", rules.Line{Narrative: "step 0"})
	if o.Line.Narrative != "step 30" || len(o.Changes) != 30 || len(o.Fired) != 30 {
		t.Fatalf("narrative %q after %d changes, want step 30 after 30", o.Line.Narrative, len(o.Changes))
	}
	if c := o.Changes[4]; c != (rules.Change{Rule: "R25", Field: "narrative", Old: "step 4", New: "step 5"}) {
		t.Errorf("fifth change %+v", c)
	}

	// Equal orders run by code.
	a := ims.ImportRule{Code: "B", Name: "b", Enabled: true, Actions: []ims.RuleAction{{Kind: ims.RuleSetFund, Value: "B"}}}
	b := ims.ImportRule{Code: "A", Name: "a", Enabled: true, Actions: []ims.RuleAction{{Kind: ims.RuleSetFund, Value: "A"}}}
	if o := rules.Apply([]ims.ImportRule{a, b}, "", rules.Line{}); o.Line.Fund != "B" || !reflect.DeepEqual(o.Fired, []string{"A", "B"}) {
		t.Errorf("fund %q, fired %v; want B after A then B", o.Line.Fund, o.Fired)
	}
}

func TestDisabledRulesNeverRun(t *testing.T) {
	rs := chain(3)
	rs[1].Enabled = false // R01, "step 1" → "step 2": the chain stops at step 1
	rs[1].Actions = nil   // and a disabled rule is not checked either
	set, err := rules.Compile(rs)
	if err != nil {
		t.Fatal(err)
	}
	if o := set.Apply("", rules.Line{Narrative: "step 0"}); o.Line.Narrative != "step 1" || len(o.Fired) != 1 {
		t.Errorf("narrative %q, fired %v; want step 1 by R02 alone", o.Line.Narrative, o.Fired)
	}
}

func TestImportTypes(t *testing.T) {
	r := ims.ImportRule{Code: "DWP", Name: "DWP", Enabled: true, ImportTypes: []string{"DWP", "ALLPAY"},
		Actions: []ims.RuleAction{{Kind: ims.RuleSetMOP, Value: "95"}}}
	for typ, want := range map[string]string{"DWP": "95", "ALLPAY": "95", "BANK": "90", "": "90"} {
		if o := rules.Apply([]ims.ImportRule{r}, typ, line()); o.Line.MOP != want {
			t.Errorf("import type %q: MOP %q, want %q", typ, o.Line.MOP, want)
		}
	}
}

func TestConditionsLeftToRightAndGroupsOred(t *testing.T) {
	yes := ims.RuleCondition{Field: ims.RuleFieldMOP, Operator: ims.RuleEquals, Value: "90"}
	no := ims.RuleCondition{Field: ims.RuleFieldMOP, Operator: ims.RuleEquals, Value: "91"}
	and := func(c ims.RuleCondition) ims.RuleCondition { c.Join = "and"; return c }
	or := func(c ims.RuleCondition) ims.RuleCondition { c.Join = "or"; return c }
	blank := func(c ims.RuleCondition) ims.RuleCondition { c.Join = ""; return c }
	for _, c := range []struct {
		name   string
		groups []ims.RuleGroup
		fires  bool
	}{
		{"no groups", nil, true},
		{"yes and no", []ims.RuleGroup{{Conditions: []ims.RuleCondition{yes, and(no)}}}, false},
		{"yes, blank join is and, no", []ims.RuleGroup{{Conditions: []ims.RuleCondition{yes, blank(no)}}}, false},
		{"no or yes", []ims.RuleGroup{{Conditions: []ims.RuleCondition{no, or(yes)}}}, true},
		// Left to right: (yes or yes) and no is false, where "and before or" would make it true.
		{"yes or yes and no", []ims.RuleGroup{{Conditions: []ims.RuleCondition{yes, or(yes), and(no)}}}, false},
		// Left to right: (no and no) or yes is true, the same as with precedence; (no and yes) or yes too.
		{"no and yes or yes", []ims.RuleGroup{{Conditions: []ims.RuleCondition{no, and(yes), or(yes)}}}, true},
		{"join of the first ignored", []ims.RuleGroup{{Conditions: []ims.RuleCondition{or(no), or(yes)}}}, true},
		{"groups or-ed", []ims.RuleGroup{{Conditions: []ims.RuleCondition{no}}, {Conditions: []ims.RuleCondition{yes}}}, true},
		{"no group holds", []ims.RuleGroup{{Conditions: []ims.RuleCondition{no}}, {Conditions: []ims.RuleCondition{yes, and(no)}}}, false},
	} {
		r := ims.ImportRule{Code: "R", Name: "r", Enabled: true, Groups: c.groups,
			Actions: []ims.RuleAction{{Kind: ims.RuleSetFund, Value: "23"}}}
		o := rules.Apply([]ims.ImportRule{r}, "", line())
		if fired := o.Line.Fund == "23"; fired != c.fires || len(o.Notes) > 0 {
			t.Errorf("%s: fired = %v (notes %v), want %v", c.name, fired, o.Notes, c.fires)
		}
	}
}

func TestSkipAndSuspense(t *testing.T) {
	rule := func(code string, order int, a ims.RuleAction) ims.ImportRule {
		return ims.ImportRule{Code: code, Name: code, Enabled: true, Order: order, Actions: []ims.RuleAction{a}}
	}
	susp := rule("SUSP", 1, ims.RuleAction{Kind: ims.RuleSuspense, Reason: "Unidentified"})
	susp2 := rule("SUSP2", 2, ims.RuleAction{Kind: ims.RuleSuspense, Reason: "Second reason"})
	skip := rule("SKIP", 3, ims.RuleAction{Kind: ims.RuleSkip, Reason: "Bank charge"})
	after := rule("AFTER", 4, ims.RuleAction{Kind: ims.RuleSetFund, Value: "99"})

	o := rules.Apply([]ims.ImportRule{after, susp2, susp}, "", line())
	if !o.Suspense || o.SuspenseRule != "SUSP" || o.SuspenseReason != "Unidentified" || o.Line.Fund != "99" || o.Skip {
		t.Errorf("suspense: %+v; want SUSP's reason, and later rules still run", o)
	}

	o = rules.Apply([]ims.ImportRule{after, skip, susp}, "", line())
	if !o.Skip || o.SkipRule != "SKIP" || o.SkipReason != "Bank charge" || o.Suspense || o.Line.Fund != "" ||
		!reflect.DeepEqual(o.Fired, []string{"SUSP", "SKIP"}) || len(o.Notes) != 1 || !strings.Contains(o.Notes[0], "SUSP had sent") {
		t.Errorf("skip: %+v; want skipped by SKIP, not in suspense, AFTER not run, and a note", o)
	}
}

func TestInvalidRules(t *testing.T) {
	bad := when(ims.RuleFieldAmount, ims.RuleGT, "lots", "")
	bad.Code = "BAD"
	good := when(ims.RuleFieldMOP, ims.RuleEquals, "90", "")
	if _, err := rules.Compile([]ims.ImportRule{good, bad}); ims.ErrorCode(err) != ims.Invalid || !strings.Contains(err.Error(), "BAD") {
		t.Errorf("Compile = %v, want Invalid naming BAD", err)
	}
	if _, err := rules.Compile([]ims.ImportRule{good, good}); ims.ErrorCode(err) != ims.Invalid || !strings.Contains(err.Error(), "R1") {
		t.Errorf("Compile of two R1 = %v, want Invalid naming R1", err)
	}
	// Apply runs the valid rules and says which were left out.
	o := rules.Apply([]ims.ImportRule{good, bad}, "", line())
	if o.Line.Narrative != "hit" || len(o.Notes) != 1 || !strings.Contains(o.Notes[0], "BAD") || !strings.Contains(o.Notes[0], "groups[0].conditions[0].value") {
		t.Errorf("narrative %q, notes %q", o.Line.Narrative, o.Notes)
	}
}

func TestSettingTheSameValueIsNoChange(t *testing.T) {
	r := ims.ImportRule{Code: "R", Name: "r", Enabled: true, Actions: []ims.RuleAction{{Kind: ims.RuleSetMOP, Value: "90"}}}
	if o := rules.Apply([]ims.ImportRule{r}, "", line()); len(o.Changes) != 0 || len(o.Fired) != 1 {
		t.Errorf("changes %+v, fired %v", o.Changes, o.Fired)
	}
}
