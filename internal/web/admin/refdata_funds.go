package admin

import (
	"context"
	"slices"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/refdata"
)

// fundKind is the funds' pages: income streams with their codes, VAT, reference validator, ledger
// codes and portal texts.
func fundKind() kind[ims.Fund] {
	return kind[ims.Fund]{
		slug: "funds", plural: "Funds", one: "fund",
		intro:   "Every payment is taken into a fund. A fund the ledger uses cannot be deleted, only disabled.",
		records: func(s ReferenceData) refdata.Records[ims.Fund] { return s.Funds() },
		key:     func(f ims.Fund) string { return f.Code },
		head:    []string{"Code", "Name", "VAT code", "Validator", "Portal", "Status"},
		row: func(f ims.Fund) []string {
			return []string{f.Code, f.Name, f.VATCode, f.Validator, yesNo(f.Portal), status(f.Disabled)}
		},
		tester: true,
		fields: func(ctx context.Context, a *Admin, p ims.Principal, f ims.Fund, creating bool) ([]field, error) {
			vats, err := a.RefData.VATCodes().List(ctx, p)
			if err != nil {
				return nil, err
			}
			validators, err := a.RefData.ReferenceValidators().List(ctx, p)
			if err != nil {
				return nil, err
			}
			var vatCodes, vatNames, vCodes, vNames []string
			for _, v := range vats {
				vatCodes, vatNames = append(vatCodes, v.Code), append(vatNames, v.Name)
			}
			for _, v := range validators {
				vCodes, vNames = append(vCodes, v.Code), append(vNames, v.Name)
			}
			var fs []field
			if creating {
				fs = append(fs, field{Name: "code", Label: "Code", Hint: "1 to 5 letters or digits, as the ledger and the finance system know it", Kind: textField, Value: f.Code, Width: "govuk-input--width-5"})
			}
			return append(fs,
				field{Name: "name", Label: "Name", Kind: textField, Value: f.Name, Width: "govuk-!-width-two-thirds"},
				field{Name: "display_name", Label: "Name shown to payers (optional)", Kind: textField, Value: f.DisplayName, Width: "govuk-!-width-two-thirds"},
				field{Name: "vat_code", Label: "Default VAT code", Kind: selectField, Options: choices(f.VATCode, true, vatCodes, vatNames)},
				field{Name: "vat_override", Label: "A payment line may carry another VAT code", Kind: checkboxField, Checked: f.VATOverride},
				field{Name: "max_amount", Label: "Largest amount of one payment line, in pounds (optional)", Kind: textField, Value: showPence(f.MaxAmount), Width: "govuk-input--width-10"},
				field{Name: "validator", Label: "Reference validator", Hint: "The rules references must follow; test them below once the fund is saved", Kind: selectField, Options: choices(f.Validator, true, vCodes, vNames), Autocomplete: true},
				field{Name: "reference_label", Label: "What payers call the reference (optional)", Hint: "For example, Council tax account number", Kind: textField, Value: f.ReferenceLabel, Width: "govuk-!-width-two-thirds"},
				field{Name: "account_must_exist", Label: "The reference must be an account holder's", Kind: checkboxField, Checked: f.AccountMustExist},
				field{Name: "address_required", Label: "Ask payers for their address", Kind: checkboxField, Checked: f.AddressRequired},
				field{Name: "portal", Label: "Offer this fund on the payment portal", Kind: checkboxField, Checked: f.Portal},
				field{Name: "portal_label", Label: "Portal label (optional)", Kind: textField, Value: f.PortalLabel, Width: "govuk-!-width-two-thirds"},
				field{Name: "portal_help", Label: "Portal help text (optional)", Kind: areaField, Value: f.PortalHelp},
				field{Name: "name_cy", Label: "Name shown to payers, in Welsh (optional)", Hint: "The portal in Welsh shows the English where the Welsh is blank", Kind: textField, Value: f.NameCy, Width: "govuk-!-width-two-thirds"},
				field{Name: "portal_label_cy", Label: "Portal label, in Welsh (optional)", Kind: textField, Value: f.PortalLabelCy, Width: "govuk-!-width-two-thirds"},
				field{Name: "portal_help_cy", Label: "Portal help text, in Welsh (optional)", Kind: areaField, Value: f.PortalHelpCy},
				field{Name: "reference_label_cy", Label: "What payers call the reference, in Welsh (optional)", Kind: textField, Value: f.ReferenceLabelCy, Width: "govuk-!-width-two-thirds"},
				field{Name: "cost_centre", Label: "Cost centre (optional)", Kind: textField, Value: f.CostCentre, Width: "govuk-input--width-10"},
				field{Name: "gl_code", Label: "General ledger code (optional)", Kind: textField, Value: f.GLCode, Width: "govuk-input--width-10"},
				field{Name: "balance_sheet_code", Label: "Balance sheet code (optional)", Kind: textField, Value: f.BalanceSheet, Width: "govuk-input--width-10"},
				field{Name: "suspense", Label: "This is the suspense fund", Kind: checkboxField, Checked: f.Suspense},
				field{Name: "cash_return_default", Label: "This is the default fund of cash returns", Kind: checkboxField, Checked: f.CashReturnFund},
				field{Name: "credit_notes", Label: "Credit notes may be taken from this fund", Kind: checkboxField, Checked: f.CreditNotes},
				field{Name: "metadata", Label: "Metadata (optional)", Hint: "One key=value a line, for the council's own use", Kind: areaField, Value: metadataText(f.Metadata)},
				field{Name: "disabled", Label: "Disabled: no new payments to this fund", Kind: checkboxField, Checked: f.Disabled},
			), nil
		},
		parse: func(f *form, key string) ims.Fund {
			if key == "" {
				key = f.text("code")
			}
			return ims.Fund{Code: key, Name: f.text("name"), DisplayName: f.text("display_name"),
				VATCode: f.text("vat_code"), VATOverride: f.check("vat_override"), MaxAmount: f.pence("max_amount", "Largest amount"),
				Validator: f.text("validator"), ReferenceLabel: f.text("reference_label"),
				AccountMustExist: f.check("account_must_exist"), AddressRequired: f.check("address_required"),
				Portal: f.check("portal"), PortalLabel: f.text("portal_label"), PortalHelp: f.text("portal_help"),
				NameCy: f.text("name_cy"), PortalLabelCy: f.text("portal_label_cy"), PortalHelpCy: f.text("portal_help_cy"),
				ReferenceLabelCy: f.text("reference_label_cy"), CostCentre: f.text("cost_centre"), GLCode: f.text("gl_code"), BalanceSheet: f.text("balance_sheet_code"),
				Suspense: f.check("suspense"), CashReturnFund: f.check("cash_return_default"), CreditNotes: f.check("credit_notes"),
				Metadata: f.metadata("metadata"), Disabled: f.check("disabled")}
		},
	}
}

func status(disabled bool) string {
	if disabled {
		return "Disabled"
	}
	return "Enabled"
}

// metadataText writes metadata as key=value lines, sorted by key.
func metadataText(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k + "=" + m[k] + "\n")
	}
	return b.String()
}

// metadata reads key=value lines; nil when there are none.
func (f *form) metadata(name string) map[string]string {
	var m map[string]string
	for _, l := range f.lines(name) {
		k, v, ok := strings.Cut(l, "=")
		if k = strings.TrimSpace(k); !ok || k == "" {
			f.problems.Add(name, "Write metadata as key=value, one a line: %q is not", l)
			continue
		}
		if m == nil {
			m = map[string]string{}
		}
		m[k] = strings.TrimSpace(v)
	}
	return m
}
