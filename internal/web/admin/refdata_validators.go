package admin

import (
	"context"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/checkdigit"
	"github.com/ims-council/ims/internal/refdata"
)

// validatorKind is the reference validators' pages: the rules a fund's references must follow.
func validatorKind() kind[ims.ReferenceValidator] {
	return kind[ims.ReferenceValidator]{
		slug: "validators", plural: "Reference validators", one: "reference validator",
		intro:   "The rules a fund's account references must follow. Test them with the reference tester on a fund's page. A validator funds use cannot be deleted.",
		records: func(s ReferenceData) refdata.Records[ims.ReferenceValidator] { return s.ReferenceValidators() },
		key:     func(v ims.ReferenceValidator) string { return v.Code },
		head:    []string{"Code", "Name", "Lengths", "Input mask", "Check digit scheme"},
		row: func(v ims.ReferenceValidator) []string {
			return []string{v.Code, v.Name, showInt(v.MinLength) + "–" + showInt(v.MaxLength), v.InputMask, v.CheckDigitScheme}
		},
		fields: func(ctx context.Context, a *Admin, p ims.Principal, v ims.ReferenceValidator, creating bool) ([]field, error) {
			schemes, err := a.RefData.CheckDigitSchemes().List(ctx, p)
			if err != nil {
				return nil, err
			}
			var names []string
			for _, s := range schemes {
				names = append(names, s.Name)
			}
			classes := []string{string(ims.CharClassAlpha), string(ims.CharClassAlphaSpace), string(ims.CharClassNumeric),
				string(ims.CharClassNumericSpace), string(ims.CharClassAlphanumeric), string(ims.CharClassAlphanumericSpace)}
			classNames := []string{"letters", "letters and spaces", "digits", "digits and spaces", "letters and digits", "letters, digits and spaces"}
			classOpts := choices(string(v.CharClass), true, classes, classNames)
			classOpts[0].Text = "any printable character"
			var fs []field
			if creating {
				fs = append(fs, field{Name: "code", Label: "Code", Hint: "Up to 20 letters or digits", Kind: textField, Value: v.Code, Width: "govuk-input--width-20"})
			}
			return append(fs,
				field{Name: "name", Label: "Name", Kind: textField, Value: v.Name, Width: "govuk-!-width-two-thirds"},
				field{Name: "min_length", Label: "Shortest length (optional)", Kind: textField, Value: showInt(v.MinLength), Width: "govuk-input--width-3"},
				field{Name: "max_length", Label: "Longest length (optional)", Kind: textField, Value: showInt(v.MaxLength), Width: "govuk-input--width-3"},
				field{Name: "char_class", Label: "Characters allowed", Kind: selectField, Options: classOpts},
				field{Name: "regex", Label: "Regular expression (optional)", Hint: "Go (RE2) syntax; write ^…$ to match the whole reference", Kind: textField, Value: v.Regex, Width: "govuk-!-width-two-thirds"},
				field{Name: "input_mask", Label: "Input mask (optional)", Hint: "Position by position: $ a letter, # a digit, ? either, * also space / -, @ the check character; other characters stand for themselves. For example BJ#######@", Kind: textField, Value: v.InputMask, Width: "govuk-input--width-20"},
				field{Name: "check_digit_scheme", Label: "Check digit scheme", Kind: selectField, Options: choices(v.CheckDigitScheme, true, names, make([]string, len(names)))},
				field{Name: "must_exist", Label: "The reference must be an account holder's", Kind: checkboxField, Checked: v.MustExist},
			), nil
		},
		parse: func(f *form, key string) ims.ReferenceValidator {
			if key == "" {
				key = f.text("code")
			}
			return ims.ReferenceValidator{Code: key, Name: f.text("name"), MinLength: f.number("min_length", "Shortest length"),
				MaxLength: f.number("max_length", "Longest length"), CharClass: ims.CharClass(f.text("char_class")),
				Regex: f.text("regex"), InputMask: f.text("input_mask"), CheckDigitScheme: f.text("check_digit_scheme"),
				MustExist: f.check("must_exist")}
		},
	}
}

// schemeKind is the check digit schemes' pages, keyed by name.
func schemeKind() kind[checkdigit.Scheme] {
	return kind[checkdigit.Scheme]{
		slug: "check-digit-schemes", plural: "Check digit schemes", one: "check digit scheme",
		intro:   "How the check character, the last of a reference, is computed. A scheme validators use cannot be deleted.",
		records: func(s ReferenceData) refdata.Records[checkdigit.Scheme] { return s.CheckDigitSchemes() },
		key:     func(s checkdigit.Scheme) string { return s.Name },
		head:    []string{"Name", "Type", "Modulus", "Weights"},
		row: func(s checkdigit.Scheme) []string {
			return []string{s.Name, string(s.Type), showInt(s.Modulus), showInts(s.Weights)}
		},
		fields: func(_ context.Context, _ *Admin, _ ims.Principal, s checkdigit.Scheme, creating bool) ([]field, error) {
			types := []string{string(checkdigit.WeightedSum), string(checkdigit.Dynix), string(checkdigit.LuhnType), string(checkdigit.Mod11Type)}
			var fs []field
			if creating {
				fs = append(fs, field{Name: "name", Label: "Name", Kind: textField, Value: s.Name, Width: "govuk-!-width-one-half"})
			}
			return append(fs,
				field{Name: "type", Label: "Algorithm", Kind: selectField, Options: choices(string(s.Type), creating, types,
					[]string{"weighted sum", "Dynix (library cards)", "Luhn (modulus 10)", "modulus 11"})},
				field{Name: "modulus", Label: "Modulus", Hint: "Weighted sum and Dynix only", Kind: textField, Value: showInt(s.Modulus), Width: "govuk-input--width-3"},
				field{Name: "weights", Label: "Weights", Hint: "By position from the left, separated by commas; weighted sum and Dynix only", Kind: textField, Value: showInts(s.Weights), Width: "govuk-!-width-two-thirds"},
				field{Name: "source_substitution", Label: "Source substitution (optional)", Hint: "Digits counted in place of the reference's leading characters", Kind: textField, Value: s.SourceSubstitution, Width: "govuk-input--width-10"},
				field{Name: "result_substitutions", Label: "Result substitutions (optional)", Hint: "Result:character pairs, such as 10:X,11:0", Kind: textField, Value: s.ResultSubstitutions.String(), Width: "govuk-input--width-20"},
				field{Name: "subtract", Label: "Subtract the remainder from the modulus", Kind: checkboxField, Checked: s.Subtract},
			), nil
		},
		parse: func(f *form, key string) checkdigit.Scheme {
			if key == "" {
				key = f.text("name")
			}
			subs, err := checkdigit.ParseSubstitutions(f.text("result_substitutions"))
			if err != nil {
				f.problems.Add("result_substitutions", "Write result substitutions as result:character pairs, like 10:X,11:0")
			}
			return checkdigit.Scheme{Name: key, Type: checkdigit.Type(f.text("type")), Modulus: f.number("modulus", "Modulus"),
				Weights: f.numbers("weights", "Weights"), SourceSubstitution: f.text("source_substitution"),
				ResultSubstitutions: subs, Subtract: f.check("subtract")}
		},
	}
}
