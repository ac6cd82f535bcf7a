package ims

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/ims-council/ims/checkdigit"
)

// A ReferenceStep is one rule of a fund's reference checks applied to one reference, as the
// administrators' reference tester shows it: what the rule asks, whether the reference passed, and
// what was found.
type ReferenceStep struct {
	Name   string // the rule: "Length", "Check digit"…
	Rule   string // what it asks: "10 characters", "scheme Parking"
	Passed bool
	Found  string // what the reference has: "9 characters", "computed 4, given 5"
	// Message is the sentence a payer or cashier gets when this is the first rule the reference
	// breaks (the one CheckReference answers with); "" when the step passed.
	Message string
}

// Steps applies every rule of the checker to reference and reports each. It uses the same rules,
// in the same order, as Check: the Message of the first failed step is what Check returns, and Check
// returns "" exactly when every step passed. Unlike Check it goes on after a failure, so an
// administrator sees every rule the reference breaks.
func (c *ReferenceChecker) Steps(reference string) []ReferenceStep {
	ref := NormalizeReference(reference)
	n := utf8.RuneCountInString(ref)
	steps := []ReferenceStep{step("Readable characters", "not blank; no control or invisible characters",
		fmt.Sprintf("%q", ref), CheckReferenceText(ref))}
	if c.v.MinLength > 0 || c.v.MaxLength > 0 {
		steps = append(steps, step("Length", lengthRule(c.v.MinLength, c.v.MaxLength), characters(n),
			lengthProblem(n, c.v.MinLength, c.v.MaxLength)))
	}
	classMsg := ""
	bad := []string{}
	for _, r := range ref {
		if !c.v.CharClass.allows(r) {
			classMsg = c.v.CharClass.message()
			bad = append(bad, fmt.Sprintf("%q", r))
		}
	}
	found := "all allowed"
	if len(bad) > 0 {
		found = "not allowed: " + strings.Join(bad, " ")
	}
	steps = append(steps, step("Characters", c.v.CharClass.rule(), found, classMsg))
	if c.regex != nil {
		msg, found := "", "matches"
		if !c.regex.MatchString(ref) {
			msg, found = "Reference is not in the right format", "does not match"
		}
		steps = append(steps, step("Format", "matches "+c.v.Regex, found, msg))
	}
	if c.v.InputMask != "" {
		msg, found := "", "matches"
		if !checkdigit.MatchMask(c.v.InputMask, ref) {
			msg, found = "Reference does not match the format "+c.v.InputMask, "does not match"
		}
		steps = append(steps, step("Input mask", c.v.InputMask, found, msg))
	}
	if c.scheme != nil {
		steps = append(steps, c.checkDigitStep(ref))
	}
	return steps
}

// checkDigitStep compares the reference's last character with the one the scheme computes for the
// characters before it. Whether it passes is decided by Scheme.Check, as Check decides it; the
// computed character is shown to help an administrator find a misconfigured scheme.
func (c *ReferenceChecker) checkDigitStep(ref string) ReferenceStep {
	rule := "scheme " + c.scheme.Name
	if ref == "" {
		return step("Check digit", rule, "no reference", "Reference check digit is wrong")
	}
	last := []rune(ref)
	body, given := string(last[:len(last)-1]), string(last[len(last)-1])
	computed, err := c.scheme.CheckChar(body)
	found := fmt.Sprintf("computed %s, given %s", computed, given)
	if errors.Is(err, checkdigit.ErrNoCheckCharacter) {
		found = "no check character makes " + body + " valid, given " + given
	}
	msg := ""
	if ok, _ := c.scheme.Check(ref); !ok { // the scheme was validated when the checker was built
		msg = "Reference check digit is wrong"
	}
	return step("Check digit", rule, found, msg)
}

// ReferenceSteps returns the format checks CheckReference applies to reference for fund, whose
// validator is v (the zero value when it has none) with scheme, each with its outcome: the card
// number guard, then the validator's rules (Steps), or only the readable-characters rule for a fund
// without a validator. Amount limits and "account must exist" need a payment and the account holders,
// so the tester leaves them out. An error means the validator or scheme is set up wrongly, which
// would refuse every reference.
func ReferenceSteps(fund Fund, v ReferenceValidator, scheme *checkdigit.Scheme, reference string) ([]ReferenceStep, error) {
	ref := NormalizeReference(reference)
	var steps []ReferenceStep
	if v.CheckDigitScheme == "" {
		msg, found := "", "no"
		if LooksLikeCardNumber(ref) {
			msg, found = "Reference looks like a card number. Do not enter card details here", "yes"
		}
		steps = append(steps, step("Not a card number", "no payment card number", found, msg))
	}
	if fund.Validator == "" {
		return append(steps, step("Readable characters", "not blank; no control or invisible characters",
			fmt.Sprintf("%q", ref), CheckReferenceText(ref))), nil
	}
	c, err := v.Checker(scheme)
	if err != nil {
		return nil, err
	}
	return append(steps, c.Steps(ref)...), nil
}

// FirstProblem returns the Message of the first failed step, "" when all passed.
func FirstProblem(steps []ReferenceStep) string {
	for _, s := range steps {
		if !s.Passed {
			return s.Message
		}
	}
	return ""
}

func step(name, rule, found, msg string) ReferenceStep {
	return ReferenceStep{Name: name, Rule: rule, Passed: msg == "", Found: found, Message: msg}
}

// lengthRule says in words which lengths least..most (0 meaning no bound) allows.
func lengthRule(least, most int) string {
	switch {
	case least == most:
		return characters(most)
	case most == 0:
		return "at least " + characters(least)
	case least <= 1:
		return characters(most) + " or fewer"
	}
	return fmt.Sprintf("between %d and %d characters", least, most)
}

// rule says in words which characters the class allows.
func (c CharClass) rule() string {
	switch c {
	case CharClassAlpha:
		return "letters"
	case CharClassAlphaSpace:
		return "letters and spaces"
	case CharClassNumeric:
		return "digits"
	case CharClassNumericSpace:
		return "digits and spaces"
	case CharClassAlphanumeric:
		return "letters and digits"
	case CharClassAlphanumericSpace:
		return "letters, digits and spaces"
	}
	return "any printable character"
}
