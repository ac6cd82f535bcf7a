package admin

import (
	"context"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/money"
)

// vatKind is the VAT codes' pages.
func vatKind() kind[ims.VATCode] {
	return kind[ims.VATCode]{
		slug: "vat-codes", plural: "VAT codes", one: "VAT code",
		intro:   "The VAT treatments a payment line can carry. A code the ledger or a fund uses cannot be deleted, only disabled.",
		records: func(s ReferenceData) refdata.Records[ims.VATCode] { return s.VATCodes() },
		key:     func(v ims.VATCode) string { return v.Code },
		head:    []string{"Code", "Name", "Rate", "Suspense", "Status"},
		row: func(v ims.VATCode) []string {
			return []string{v.Code, v.Name, v.Rate.Percent() + "%", yesNo(v.Suspense), status(v.Disabled)}
		},
		fields: func(_ context.Context, _ *Admin, _ ims.Principal, v ims.VATCode, creating bool) ([]field, error) {
			var fs []field
			if creating {
				fs = append(fs, field{Name: "code", Label: "Code", Hint: "1 or 2 letters or digits, such as W0", Kind: textField, Value: v.Code, Width: "govuk-input--width-2"})
			}
			return append(fs,
				field{Name: "name", Label: "Name", Kind: textField, Value: v.Name, Width: "govuk-!-width-two-thirds"},
				field{Name: "rate_bp", Label: "Rate, in per cent", Hint: "For example 20 or 17.5", Kind: textField, Value: v.Rate.Percent(), Width: "govuk-input--width-5"},
				field{Name: "suspense", Label: "This is the suspense VAT code, for money whose treatment is not yet known", Kind: checkboxField, Checked: v.Suspense},
				field{Name: "disabled", Label: "Disabled", Kind: checkboxField, Checked: v.Disabled},
			), nil
		},
		parse: func(f *form, key string) ims.VATCode {
			if key == "" {
				key = f.text("code")
			}
			rate, err := money.ParseRate(f.text("rate_bp"))
			if err != nil {
				f.problems.Add("rate_bp", "Rate must be a percentage from 0 to 100, like 20 or 17.5")
			}
			return ims.VATCode{Code: key, Name: f.text("name"), Rate: rate, Suspense: f.check("suspense"), Disabled: f.check("disabled")}
		},
	}
}

// officeKind is the offices' pages.
func officeKind() kind[ims.Office] {
	return kind[ims.Office]{
		slug: "offices", plural: "Offices", one: "office",
		intro:   "Where or how a payment was taken: a cash office, the post room, the web portal. An office payments name cannot be deleted, only disabled.",
		records: func(s ReferenceData) refdata.Records[ims.Office] { return s.Offices() },
		key:     func(o ims.Office) string { return o.Code },
		head:    []string{"Code", "Name", "Status"},
		row:     func(o ims.Office) []string { return []string{o.Code, o.Name, status(o.Disabled)} },
		fields: func(_ context.Context, _ *Admin, _ ims.Principal, o ims.Office, creating bool) ([]field, error) {
			var fs []field
			if creating {
				fs = append(fs, field{Name: "code", Label: "Code", Hint: "1 or 2 letters or digits", Kind: textField, Value: o.Code, Width: "govuk-input--width-2"})
			}
			return append(fs,
				field{Name: "name", Label: "Name", Kind: textField, Value: o.Name, Width: "govuk-!-width-two-thirds"},
				field{Name: "disabled", Label: "Disabled", Kind: checkboxField, Checked: o.Disabled},
			), nil
		},
		parse: func(f *form, key string) ims.Office {
			if key == "" {
				key = f.text("code")
			}
			return ims.Office{Code: key, Name: f.text("name"), Disabled: f.check("disabled")}
		},
	}
}

// fundGroupKind is the fund groups' pages: named sets of funds that users and API clients are given.
func fundGroupKind() kind[ims.FundGroup] {
	return kind[ims.FundGroup]{
		slug: "fund-groups", plural: "Fund groups", one: "fund group",
		intro:   "Users see and take only the funds of their fund groups. A group users hold cannot be deleted.",
		records: func(s ReferenceData) refdata.Records[ims.FundGroup] { return s.FundGroups() },
		key:     func(g ims.FundGroup) string { return g.Code },
		head:    []string{"Code", "Name", "Funds"},
		row: func(g ims.FundGroup) []string {
			return []string{g.Code, g.Name, joinComma(g.Funds)}
		},
		fields: func(ctx context.Context, a *Admin, p ims.Principal, g ims.FundGroup, creating bool) ([]field, error) {
			funds, err := a.RefData.Funds().List(ctx, p)
			if err != nil {
				return nil, err
			}
			members := map[string]bool{}
			for _, f := range g.Funds {
				members[f] = true
			}
			var opts []option
			for _, f := range funds {
				opts = append(opts, option{Value: f.Code, Text: f.Code + " – " + f.Name, Selected: members[f.Code]})
			}
			var fs []field
			if creating {
				fs = append(fs, field{Name: "code", Label: "Code", Hint: "Up to 10 letters or digits", Kind: textField, Value: g.Code, Width: "govuk-input--width-10"})
			}
			return append(fs,
				field{Name: "name", Label: "Name", Kind: textField, Value: g.Name, Width: "govuk-!-width-two-thirds"},
				field{Name: "funds", Label: "Funds in the group", Kind: checkboxesList, Options: opts},
			), nil
		},
		parse: func(f *form, key string) ims.FundGroup {
			if key == "" {
				key = f.text("code")
			}
			members := []string{}
			for _, code := range f.v["funds"] {
				if code != "" {
					members = append(members, code)
				}
			}
			return ims.FundGroup{Code: key, Name: f.text("name"), Funds: members}
		},
	}
}

func joinComma(items []string) string {
	out := ""
	for i, s := range items {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}
