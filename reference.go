package ims

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/ims-council/ims/checkdigit"
)

// CharClass is the set of characters a fund's references may contain. Letters and digits are ASCII
// ones, as back-office systems issue them; "space" is the ordinary space character.
type CharClass string

// The character classes. The empty class allows any printable character.
const (
	CharClassAny               CharClass = ""
	CharClassAlpha             CharClass = "alpha"
	CharClassAlphaSpace        CharClass = "alpha_space"
	CharClassNumeric           CharClass = "numeric"
	CharClassNumericSpace      CharClass = "numeric_space"
	CharClassAlphanumeric      CharClass = "alphanumeric"
	CharClassAlphanumericSpace CharClass = "alphanumeric_space"
)

// allows reports whether r may appear in a reference of the class, and false for an unknown class.
func (c CharClass) allows(r rune) bool {
	letter := 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z'
	digit := '0' <= r && r <= '9'
	space := r == ' '
	switch c {
	case CharClassAny:
		// Control characters are never part of a reference, and would corrupt files we export.
		return unicode.IsPrint(r)
	case CharClassAlpha:
		return letter
	case CharClassAlphaSpace:
		return letter || space
	case CharClassNumeric:
		return digit
	case CharClassNumericSpace:
		return digit || space
	case CharClassAlphanumeric:
		return letter || digit
	case CharClassAlphanumericSpace:
		return letter || digit || space
	}
	return false
}

// message returns the sentence shown when a reference holds a character the class does not allow.
func (c CharClass) message() string {
	switch c {
	case CharClassAlpha:
		return "Reference must contain only letters"
	case CharClassAlphaSpace:
		return "Reference must contain only letters and spaces"
	case CharClassNumeric:
		return "Reference must contain only digits"
	case CharClassNumericSpace:
		return "Reference must contain only digits and spaces"
	case CharClassAlphanumeric:
		return "Reference must contain only letters and digits"
	case CharClassAlphanumericSpace:
		return "Reference must contain only letters, digits and spaces"
	}
	return "Reference must not contain tabs, line breaks or other invisible characters"
}

func (c CharClass) known() bool {
	switch c {
	case CharClassAny, CharClassAlpha, CharClassAlphaSpace, CharClassNumeric, CharClassNumericSpace,
		CharClassAlphanumeric, CharClassAlphanumericSpace:
		return true
	}
	return false
}

// A ReferenceValidator is the set of rules a fund's account references must satisfy (SPEC §2.1). It
// is data that councils keep in their configuration; funds name it by code.
type ReferenceValidator struct {
	Code string `json:"code" yaml:"code"`
	Name string `json:"name" yaml:"name"`
	// MinLength and MaxLength bound the length in characters; 0 means no bound. A blank reference is
	// never valid.
	MinLength int       `json:"min_length,omitempty" yaml:"min_length,omitempty"`
	MaxLength int       `json:"max_length,omitempty" yaml:"max_length,omitempty"`
	CharClass CharClass `json:"char_class,omitempty" yaml:"char_class,omitempty"`
	// Regex is a Go (RE2) regular expression the normalized reference must match. It is not anchored
	// for its author: write ^…$ to match the whole reference.
	Regex string `json:"regex,omitempty" yaml:"regex,omitempty"`
	// InputMask describes the reference position by position (see checkdigit.MatchMask), e.g.
	// "BJ#######@".
	InputMask string `json:"input_mask,omitempty" yaml:"input_mask,omitempty"`
	// CheckDigitScheme is the name of the check digit scheme the last character is checked with.
	CheckDigitScheme string `json:"check_digit_scheme,omitempty" yaml:"check_digit_scheme,omitempty"`
	// MustExist requires an account holder with the reference in the fund. It needs the database, so
	// CheckFormat does not apply it; the fund's AccountMustExist flag has the same effect.
	MustExist bool `json:"must_exist,omitempty" yaml:"must_exist,omitempty"`
}

// Validate reports every problem with the validator's configuration, as an Invalid *Error whose
// Fields are named as in its YAML and JSON form. Whether the check digit scheme exists is for the
// store to check.
func (v ReferenceValidator) Validate() error {
	p := Problems{}
	checkCode(p, "code", v.Code, 20)
	if strings.TrimSpace(v.Name) == "" {
		p.Add("name", "Enter a name")
	}
	if v.MinLength < 0 {
		p.Add("min_length", "Minimum length must be 0 or more")
	}
	if v.MaxLength < 0 {
		p.Add("max_length", "Maximum length must be 0 (no maximum) or more")
	}
	if v.MaxLength > 0 && v.MinLength > v.MaxLength {
		p.Add("min_length", "Minimum length must not be more than the maximum length")
	}
	if !v.CharClass.known() {
		p.Add("char_class", "Unknown character class %q; use alpha, alpha_space, numeric, numeric_space, alphanumeric or alphanumeric_space, or leave it blank for any", v.CharClass)
	}
	if _, err := regexp.Compile(v.Regex); err != nil {
		p.Add("regex", "Regex is not a valid Go regular expression: %v", err)
	}
	if v.InputMask != "" {
		// A mask describes the whole reference, so its length must be one the length rules allow.
		n := utf8.RuneCountInString(v.InputMask)
		if n < v.MinLength || v.MaxLength > 0 && n > v.MaxLength {
			p.Add("input_mask", "Input mask is %d characters long, which the length rules do not allow", n)
		}
	}
	return p.Err("Reference validator " + v.Code + " is not valid")
}

// ValidateCheckDigitScheme returns nil when the scheme can be used, or an Invalid *Error naming each
// misconfigured field.
func ValidateCheckDigitScheme(s checkdigit.Scheme) error {
	err := s.Validate()
	var ce *checkdigit.ConfigError
	if errors.As(err, &ce) {
		return &Error{Code: Invalid, Message: "Check digit scheme " + s.Name + " is not valid",
			Fields: ce.Fields, Err: err}
	}
	return err
}

// NormalizeReference returns a reference as it is checked and stored: in Unicode NFKC form, without
// surrounding white space, upper-cased. NFKC makes the full-width "ＳＩ／２６／００４１２" that some
// keyboards and PDFs produce the same reference as "SI/26/00412" (and a no-break space a space), so
// one bill cannot be paid under two references. Spaces inside are kept, because some character
// classes allow them and some back-office systems issue references containing them.
func NormalizeReference(s string) string {
	return strings.ToUpper(strings.TrimSpace(norm.NFKC.String(s)))
}

// CheckReferenceText returns the sentence for a normalised reference that no fund accepts, whatever
// its validator: a blank one, or one holding a control or invisible formatting character (they would
// corrupt exported files, or hide what the reference really is) or U+FFFD, the mark text decoders
// leave where bytes could not be read (invalid UTF-8 counts as that too). It returns "" otherwise.
// The validator's own rules (ReferenceChecker.Check) apply it first; a fund without a validator
// applies only this.
func CheckReferenceText(ref string) string {
	if ref == "" {
		return "Enter a reference"
	}
	for _, r := range ref {
		switch {
		case r == utf8.RuneError:
			return "Reference contains a character that cannot be read (�): type the reference again"
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			return CharClassAny.message()
		}
	}
	return ""
}

// A ReferenceChecker applies one validator, and its check digit scheme, to many references; it
// compiles the regex once, so an import of a million lines builds one checker per fund.
type ReferenceChecker struct {
	v      ReferenceValidator
	regex  *regexp.Regexp // nil when the validator has none
	scheme *checkdigit.Scheme
}

// Checker returns a checker for the validator with scheme, the check digit scheme the validator
// names (nil when it names none). A missing or different scheme is an error rather than a reason to
// skip the check digit: a council that configured one expects mistyped references to be refused.
func (v ReferenceValidator) Checker(scheme *checkdigit.Scheme) (*ReferenceChecker, error) {
	if err := v.Validate(); err != nil {
		return nil, err
	}
	switch {
	case scheme == nil && v.CheckDigitScheme != "":
		return nil, Errorf(Invalid, "Reference validator %s needs check digit scheme %s, which was not given", v.Code, v.CheckDigitScheme)
	case scheme != nil && scheme.Name != v.CheckDigitScheme:
		return nil, Errorf(Invalid, "Reference validator %s uses check digit scheme %q, not %q", v.Code, v.CheckDigitScheme, scheme.Name)
	case scheme != nil:
		if err := ValidateCheckDigitScheme(*scheme); err != nil {
			return nil, err
		}
	}
	c := &ReferenceChecker{v: v, scheme: scheme}
	if v.Regex != "" {
		c.regex = regexp.MustCompile(v.Regex) // Validate compiled it already
	}
	return c, nil
}

// Check applies steps 2 to 5 of SPEC §2.1 to NormalizeReference(reference), in order, and returns ""
// when it passes them all, or a sentence for the payer or cashier about the first rule it breaks:
// the characters no reference may hold (CheckReferenceText; a blank reference breaks it), length,
// character class, regex, input mask, check digit.
func (c *ReferenceChecker) Check(reference string) string {
	ref := NormalizeReference(reference)
	if msg := CheckReferenceText(ref); msg != "" {
		return msg
	}
	if msg := lengthProblem(utf8.RuneCountInString(ref), c.v.MinLength, c.v.MaxLength); msg != "" {
		return msg
	}
	for _, r := range ref {
		if !c.v.CharClass.allows(r) {
			return c.v.CharClass.message()
		}
	}
	if c.regex != nil && !c.regex.MatchString(ref) {
		return "Reference is not in the right format"
	}
	if c.v.InputMask != "" && !checkdigit.MatchMask(c.v.InputMask, ref) {
		return "Reference does not match the format " + c.v.InputMask
	}
	if c.scheme != nil {
		// The scheme was validated when the checker was built, so Check cannot fail here.
		if ok, _ := c.scheme.Check(ref); !ok {
			return "Reference check digit is wrong"
		}
	}
	return ""
}

// CheckFormat is Checker(scheme).Check(reference) for a single reference. A misconfigured validator
// or scheme fails every reference, with a sentence saying so, rather than letting any through.
func (v ReferenceValidator) CheckFormat(reference string, scheme *checkdigit.Scheme) string {
	c, err := v.Checker(scheme)
	if err != nil {
		return "Reference cannot be checked because its rules are set up wrongly; please tell the council"
	}
	return c.Check(reference)
}

// lengthProblem returns the sentence for a reference of n characters outside least..most (0 meaning
// no bound), or "".
func lengthProblem(n, least, most int) string {
	if n >= least && (most == 0 || n <= most) {
		return ""
	}
	switch {
	case least == most:
		return fmt.Sprintf("Reference must be %s long", characters(most))
	case most == 0:
		return fmt.Sprintf("Reference must be at least %s long", characters(least))
	case least <= 1:
		return fmt.Sprintf("Reference must be %s or fewer", characters(most))
	}
	return fmt.Sprintf("Reference must be between %d and %d characters long", least, most)
}

func characters(n int) string {
	if n == 1 {
		return "1 character"
	}
	return fmt.Sprintf("%d characters", n)
}
