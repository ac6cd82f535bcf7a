package rules

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ims-council/ims"
)

// Apply runs the set's rules for importType over one line.
func (s *Set) Apply(importType string, l Line) Outcome {
	o := Outcome{Line: l, Notes: slices.Clone(s.notes)}
	for _, r := range s.rules {
		if len(r.types) > 0 && !slices.Contains(r.types, importType) {
			continue
		}
		if !r.holds(&o.Line) {
			continue
		}
		o.Fired = append(o.Fired, r.code)
		for _, a := range r.actions {
			o.do(r.code, a)
		}
		if o.Skip {
			break
		}
	}
	return o
}

// holds reports whether any group holds; a rule without groups always fires.
func (r compiled) holds(l *Line) bool {
	if len(r.groups) == 0 {
		return true
	}
	for _, g := range r.groups {
		if groupHolds(g, l) {
			return true
		}
	}
	return false
}

// groupHolds combines the conditions strictly left to right, as people read them in the form.
func groupHolds(g []condition, l *Line) bool {
	ok := false
	for i, c := range g {
		v := c.holds(l)
		switch {
		case i == 0:
			ok = v
		case c.or:
			ok = ok || v
		default:
			ok = ok && v
		}
	}
	return ok
}

func (c condition) holds(l *Line) bool {
	switch c.field.Type() {
	case ims.RuleAmount:
		return compare(int64(l.Amount), int64(c.lo), int64(c.hi), c.op)
	case ims.RuleDate:
		if l.Date.IsZero() {
			return false // a line without a date is neither before nor after any date
		}
		y, m, d := l.Date.Date()
		day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()
		return compare(day, c.dlo.Unix(), c.dhi.Unix(), c.op)
	}
	raw := strings.TrimSpace(textField(l, c.field))
	v := strings.ToLower(raw)
	switch c.op {
	case ims.RuleEquals:
		return v == c.text
	case ims.RuleNotEquals:
		return v != c.text
	case ims.RuleContains:
		return strings.Contains(v, c.text)
	case ims.RuleNotContains:
		return !strings.Contains(v, c.text)
	case ims.RuleStartsWith:
		return strings.HasPrefix(v, c.text)
	case ims.RuleEndsWith:
		return strings.HasSuffix(v, c.text)
	case ims.RuleMatches:
		return c.re.MatchString(raw)
	}
	return false
}

// compare compares integers, so amounts and dates cannot fail to compare.
func compare(v, lo, hi int64, op ims.RuleOperator) bool {
	switch op {
	case ims.RuleEQ:
		return v == lo
	case ims.RuleLT:
		return v < lo
	case ims.RuleLE:
		return v <= lo
	case ims.RuleGT:
		return v > lo
	case ims.RuleGE:
		return v >= lo
	case ims.RuleBetween:
		return lo <= v && v <= hi
	}
	return false
}

// textField returns a text field of the line; fields that are not text give "".
func textField(l *Line, f ims.RuleField) string {
	if p := textFieldPtr(l, f); p != nil {
		return *p
	}
	return ""
}

func textFieldPtr(l *Line, f ims.RuleField) *string {
	switch f {
	case ims.RuleFieldReference:
		return &l.Reference
	case ims.RuleFieldNarrative:
		return &l.Narrative
	case ims.RuleFieldFund:
		return &l.Fund
	case ims.RuleFieldMOP:
		return &l.MOP
	case ims.RuleFieldBankReference:
		return &l.BankReference
	case ims.RuleFieldChannel:
		return &l.Channel
	}
	return nil
}

// do carries out one action of rule on the outcome's line.
func (o *Outcome) do(rule string, a action) {
	switch a.Kind {
	case ims.RuleSetFund:
		o.set(rule, ims.RuleFieldFund, strings.TrimSpace(a.Value))
	case ims.RuleSetNarrative:
		o.set(rule, ims.RuleFieldNarrative, strings.TrimSpace(a.Value))
	case ims.RuleSetMOP:
		o.set(rule, ims.RuleFieldMOP, strings.TrimSpace(a.Value))
	case ims.RuleSetReference:
		if a.re == nil {
			o.set(rule, ims.RuleFieldReference, strings.TrimSpace(a.Value))
			return
		}
		from := strings.TrimSpace(textField(&o.Line, a.FromField))
		m := a.re.FindStringSubmatch(from)
		if len(m) < 2 || strings.TrimSpace(m[1]) == "" {
			o.Notes = append(o.Notes, fmt.Sprintf("Rule %s did not set the reference: its pattern found none in the %s %q", rule, strings.ReplaceAll(string(a.FromField), "_", " "), from))
			return
		}
		o.set(rule, ims.RuleFieldReference, strings.TrimSpace(m[1]))
	case ims.RuleSuspense:
		if o.Suspense {
			return // the first rule to send a line to suspense gives the reason shown
		}
		o.Suspense, o.SuspenseRule, o.SuspenseReason = true, rule, a.Reason
	case ims.RuleSkip:
		if o.Suspense {
			o.Notes = append(o.Notes, fmt.Sprintf("Rule %s skipped the line, which rule %s had sent to suspense", rule, o.SuspenseRule))
			o.Suspense, o.SuspenseRule, o.SuspenseReason = false, "", ""
		}
		o.Skip, o.SkipRule, o.SkipReason = true, rule, a.Reason
	}
}

// set changes a field, recording the change; setting a field to the value it has is no change.
func (o *Outcome) set(rule string, f ims.RuleField, v string) {
	p := textFieldPtr(&o.Line, f)
	if *p == v {
		return
	}
	o.Changes = append(o.Changes, Change{Rule: rule, Field: string(f), Old: *p, New: v})
	*p = v
}
