package rules_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/rules"
	"github.com/ims-council/ims/money"
)

// picker draws choices from the fuzzer's bytes; when they run out it draws zeros.
type picker struct{ b []byte }

func (p *picker) n(max int) int {
	if len(p.b) == 0 {
		return 0
	}
	v := int(p.b[0]) % max
	p.b = p.b[1:]
	return v
}

// text draws a short string, mostly from words that lines and rules share so conditions sometimes
// hold, sometimes raw bytes (invalid UTF-8, regex syntax) so nothing is assumed about them.
func (p *picker) text() string {
	words := []string{"", "CTAX", "ctax 12345678", " 23 ", "90", `(\d+)`, `^ctax\s*(\d{8})`, "((", "2026-04-15",
		"125.50", "-1", "£1,000", "2026-13-01", "P", "a|b", `\`, "9223372036854775807"}
	if i := p.n(len(words) + 1); i < len(words) {
		return words[i]
	}
	k := p.n(8)
	if k > len(p.b) {
		k = len(p.b)
	}
	s := string(p.b[:k])
	p.b = p.b[k:]
	return s
}

func pick[T any](p *picker, xs []T) T { return xs[p.n(len(xs))] }

// rules draws up to five rules, mostly well formed (so they run), sometimes not (so Apply must
// leave them out rather than fail).
func (p *picker) rules() []ims.ImportRule {
	var rs []ims.ImportRule
	for range p.n(6) {
		r := ims.ImportRule{Code: pick(p, []string{"A", "B", "C", "A1", ""}), Name: "fuzz", Enabled: p.n(4) > 0,
			Order: p.n(5) - 2, ImportTypes: []string{"BANK", "DWP", ""}[:p.n(3)]}
		for range p.n(3) {
			var g ims.RuleGroup
			for range 1 + p.n(3) {
				g.Conditions = append(g.Conditions, p.condition())
			}
			r.Groups = append(r.Groups, g)
		}
		for range 1 + p.n(3) {
			r.Actions = append(r.Actions, p.action())
		}
		rs = append(rs, r)
	}
	return rs
}

func (p *picker) condition() ims.RuleCondition {
	c := ims.RuleCondition{Join: pick(p, []string{"", "and", "or", "or", "xor"}), Field: pick(p, append(ims.RuleFields(), "payer"))}
	ops := ims.RuleOperators(c.Field.Type())
	if p.n(8) == 0 || len(ops) == 0 {
		ops = append(ims.RuleOperators(ims.RuleText), ims.RuleOperators(ims.RuleAmount)...)
	}
	c.Operator = pick(p, ops)
	switch c.Field.Type() {
	case ims.RuleAmount:
		c.Value, c.Value2 = pick(p, []string{"0", "125.50", "-1", "£1,000", "x"}), pick(p, []string{"", "125.50", "1,000,000"})
	case ims.RuleDate:
		c.Value, c.Value2 = pick(p, []string{"1970-01-01", "2026-04-15", "2026-13-01"}), pick(p, []string{"", "2026-04-15", "2100-01-01"})
	default:
		c.Value = p.text()
	}
	if c.Operator != ims.RuleBetween && p.n(4) > 0 {
		c.Value2 = ""
	}
	return c
}

func (p *picker) action() ims.RuleAction {
	a := ims.RuleAction{Kind: pick(p, append(ims.RuleActionKinds(), "delete"))}
	switch {
	case a.Kind == ims.RuleSetReference && p.n(2) == 0:
		a.FromField, a.Pattern = pick(p, ims.RuleFields()), pick(p, []string{`(\d+)`, `^ctax\s*(\d{8})`, `(a|b)`, `((`, `\d+`})
	case a.Kind == ims.RuleSkip || a.Kind == ims.RuleSuspense:
		a.Reason = p.text()
	default:
		a.Value = p.text()
	}
	if p.n(8) == 0 {
		a.Value, a.Reason = p.text(), p.text()
	}
	return a
}

// FuzzApply builds rules and a line from the fuzzer's input: Apply never panics, gives the same
// outcome twice, and its recorded changes account for every difference in the line.
func FuzzApply(f *testing.F) {
	f.Add([]byte{1, 0, 1, 1, 1, 7, 2, 2, 0, 1, 0, 6, 1}, "CTAX 12345678", int64(12550), 20558)
	f.Add([]byte{5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, "", int64(-1), 0)
	f.Add([]byte("rules of the fuzzer"), "x", int64(1<<62), -1)
	f.Fuzz(func(t *testing.T, data []byte, narrative string, amount int64, days int) {
		p := &picker{b: data}
		rs := p.rules()
		l := rules.Line{Reference: p.text(), Narrative: narrative, Fund: p.text(), MOP: p.text(),
			BankReference: p.text(), Channel: p.text(), Amount: money.Pence(amount)}
		if days != 0 {
			l.Date = time.Unix(0, 0).UTC().AddDate(0, 0, days%200000)
		}
		typ := pick(p, []string{"BANK", "DWP", ""})

		o := rules.Apply(rs, typ, l)
		if again := rules.Apply(rs, typ, l); !reflect.DeepEqual(o, again) {
			t.Fatalf("Apply is not deterministic:\n%+v\n%+v", o, again)
		}
		if set, err := rules.Compile(rs); err == nil {
			if c := set.Apply(typ, l); !reflect.DeepEqual(c, o) {
				t.Fatalf("Set.Apply differs from Apply:\n%+v\n%+v", c, o)
			}
		}
		// Replaying the recorded changes on the original line gives the line the rules left.
		replay := l
		for _, c := range o.Changes {
			f := map[string]*string{"reference": &replay.Reference, "narrative": &replay.Narrative, "fund": &replay.Fund, "mop": &replay.MOP}[c.Field]
			if f == nil || *f != c.Old {
				t.Fatalf("change %+v does not follow from the line %+v", c, replay)
			}
			*f = c.New
		}
		if replay != o.Line {
			t.Fatalf("the changes %+v do not account for the line %+v (from %+v)", o.Changes, o.Line, l)
		}
		if o.Skip && o.Suspense {
			t.Fatalf("a line both skipped and in suspense: %+v", o)
		}
	})
}
