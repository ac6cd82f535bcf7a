package admin

import (
	"fmt"
	"strings"

	"github.com/ims-council/ims"
)

// A rule in words, for its line in the list and its page: If narrative matches the pattern
// "CTAX\s*\d+": Set the fund to "23"; Set the reference to what the pattern … finds in the narrative.
// Values are quoted as typed (not Go-escaped), so a pattern reads as it was written.

var fieldWords = map[ims.RuleField]string{
	ims.RuleFieldReference: "reference", ims.RuleFieldAmount: "amount", ims.RuleFieldNarrative: "narrative",
	ims.RuleFieldFund: "fund", ims.RuleFieldMOP: "method of payment", ims.RuleFieldDate: "date",
	ims.RuleFieldBankReference: "bank reference", ims.RuleFieldChannel: "channel",
}

var operatorWords = map[ims.RuleOperator]string{
	ims.RuleEquals: "is", ims.RuleNotEquals: "is not", ims.RuleContains: "contains", ims.RuleNotContains: "does not contain",
	ims.RuleStartsWith: "starts with", ims.RuleEndsWith: "ends with", ims.RuleMatches: "matches the pattern",
	ims.RuleEQ: "is", ims.RuleLT: "is less than", ims.RuleLE: "is at most", ims.RuleGT: "is more than",
	ims.RuleGE: "is at least", ims.RuleBetween: "is between",
}

var actionWords = map[ims.RuleActionKind]string{
	ims.RuleSetFund: "Set the fund", ims.RuleSetReference: "Set the reference", ims.RuleSetNarrative: "Set the narrative",
	ims.RuleSetMOP: "Set the method of payment", ims.RuleSuspense: "Send to suspense", ims.RuleSkip: "Skip the line",
}

func words[K comparable](m map[K]string, k K) string {
	if w, ok := m[k]; ok {
		return w
	}
	return fmt.Sprint(k)
}

// ruleWhen says when the rule fires.
func ruleWhen(r ims.ImportRule) string {
	if len(r.Groups) == 0 {
		return "Always"
	}
	groups := make([]string, len(r.Groups))
	for i, g := range r.Groups {
		var b strings.Builder
		for j, c := range g.Conditions {
			if j > 0 {
				b.WriteString(" " + cmpJoin(c.Join) + " ")
			}
			fmt.Fprintf(&b, "%s %s \"%s\"", words(fieldWords, c.Field), words(operatorWords, c.Operator), c.Value)
			if c.Operator == ims.RuleBetween {
				fmt.Fprintf(&b, " and \"%s\"", c.Value2)
			}
		}
		groups[i] = b.String()
	}
	if len(groups) == 1 {
		return "If " + groups[0]
	}
	return "If (" + strings.Join(groups, ") or (") + ")"
}

func cmpJoin(j string) string {
	if j == "or" {
		return "or"
	}
	return "and"
}

// ruleDoes says what the rule does.
func ruleDoes(r ims.ImportRule) string {
	parts := make([]string, len(r.Actions))
	for i, a := range r.Actions {
		w := words(actionWords, a.Kind)
		switch {
		case a.Kind == ims.RuleSetReference && a.Pattern != "":
			w += fmt.Sprintf(" to what the pattern \"%s\" finds in the %s", a.Pattern, words(fieldWords, a.FromField))
		case a.Kind == ims.RuleSkip || a.Kind == ims.RuleSuspense:
			w += fmt.Sprintf(": \"%s\"", a.Reason)
		default:
			w += fmt.Sprintf(" to \"%s\"", a.Value)
		}
		parts[i] = w
	}
	return strings.Join(parts, "; ")
}

// ruleTypes names the import types a rule applies to.
func ruleTypes(r ims.ImportRule) string {
	if len(r.ImportTypes) == 0 {
		return "All"
	}
	return strings.Join(r.ImportTypes, ", ")
}
