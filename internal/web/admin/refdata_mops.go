package admin

import (
	"context"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/refdata"
)

// mopKind is the methods of payment's pages: how money arrives, with its typed capabilities.
func mopKind() kind[ims.MOP] {
	return kind[ims.MOP]{
		slug: "mops", plural: "Methods of payment", one: "method of payment",
		intro:   "How money arrives: its kind decides what the system does with it. One the ledger uses cannot be deleted, only disabled.",
		records: func(s ReferenceData) refdata.Records[ims.MOP] { return s.MOPs() },
		key:     func(m ims.MOP) string { return m.Code },
		head:    []string{"Code", "Name", "Kind", "Refundable", "Provider account", "Status"},
		row: func(m ims.MOP) []string {
			return []string{m.Code, m.Name, string(m.Kind), yesNo(m.Refundable), m.ProviderAccount, status(m.Disabled)}
		},
		fields: func(ctx context.Context, a *Admin, p ims.Principal, m ims.MOP, creating bool) ([]field, error) {
			funds, err := a.RefData.Funds().List(ctx, p)
			if err != nil {
				return nil, err
			}
			accounts, err := a.RefData.ProviderAccounts().List(ctx, p)
			if err != nil {
				return nil, err
			}
			var fCodes, fNames, aNames, kinds []string
			for _, f := range funds {
				fCodes, fNames = append(fCodes, f.Code), append(fNames, f.Name)
			}
			for _, acc := range accounts {
				aNames = append(aNames, acc.Name)
			}
			for _, k := range ims.MOPKinds() {
				kinds = append(kinds, string(k))
			}
			var fs []field
			if creating {
				fs = append(fs, field{Name: "code", Label: "Code", Hint: "1 to 5 letters or digits", Kind: textField, Value: m.Code, Width: "govuk-input--width-5"})
			}
			return append(fs,
				field{Name: "name", Label: "Name", Kind: textField, Value: m.Name, Width: "govuk-!-width-two-thirds"},
				field{Name: "kind", Label: "Kind", Hint: "Journals, transfers and card fees need exactly one enabled method of payment each", Kind: selectField, Options: choices(string(m.Kind), creating, kinds, make([]string, len(kinds)))},
				field{Name: "min_amount", Label: "Smallest amount, in pounds (optional)", Kind: textField, Value: showPence(m.MinAmount), Width: "govuk-input--width-10"},
				field{Name: "max_amount", Label: "Largest amount, in pounds (optional)", Kind: textField, Value: showPence(m.MaxAmount), Width: "govuk-input--width-10"},
				field{Name: "refundable", Label: "Payments by it can be refunded", Kind: checkboxField, Checked: m.Refundable},
				field{Name: "reversal", Label: "Negative amounts are expected (reversals)", Kind: checkboxField, Checked: m.Reversal},
				field{Name: "incurs_fee", Label: "Payments by it incur a card fee", Kind: checkboxField, Checked: m.IncursFee},
				field{Name: "fee_treatment", Label: "Who bears the fee", Kind: selectField, Options: choices(string(m.FeeTreatment), true,
					[]string{string(ims.FeeRecharge), string(ims.FeeCentral)}, []string{"added to the payer's account", "charged to a fund"})},
				field{Name: "fee_fund", Label: "Fund charged with central fees", Kind: selectField, Options: choices(m.FeeFund, true, fCodes, fNames), Autocomplete: true},
				field{Name: "fee_reference", Label: "Reference charged with central fees", Kind: textField, Value: m.FeeReference, Width: "govuk-input--width-20"},
				field{Name: "provider_account", Label: "Payment provider account", Hint: "Card methods of payment need one", Kind: selectField, Options: choices(m.ProviderAccount, true, aNames, make([]string, len(aNames)))},
				field{Name: "badge_colour", Label: "Badge colour (optional)", Kind: textField, Value: m.BadgeColour, Width: "govuk-input--width-10"},
				field{Name: "badge_text_colour", Label: "Badge text colour (optional)", Kind: textField, Value: m.BadgeTextColour, Width: "govuk-input--width-10"},
				field{Name: "metadata", Label: "Metadata (optional)", Hint: "One key=value a line, for the council's own use", Kind: areaField, Value: metadataText(m.Metadata)},
				field{Name: "disabled", Label: "Disabled: no new payments by this method", Kind: checkboxField, Checked: m.Disabled},
			), nil
		},
		parse: func(f *form, key string) ims.MOP {
			if key == "" {
				key = f.text("code")
			}
			return ims.MOP{Code: key, Name: f.text("name"), Kind: ims.MOPKind(f.text("kind")),
				MinAmount: f.pence("min_amount", "Smallest amount"), MaxAmount: f.pence("max_amount", "Largest amount"),
				Refundable: f.check("refundable"), Reversal: f.check("reversal"), IncursFee: f.check("incurs_fee"),
				FeeTreatment: ims.FeeTreatment(f.text("fee_treatment")), FeeFund: f.text("fee_fund"), FeeReference: f.text("fee_reference"),
				ProviderAccount: f.text("provider_account"), BadgeColour: f.text("badge_colour"), BadgeTextColour: f.text("badge_text_colour"),
				Metadata: f.metadata("metadata"), Disabled: f.check("disabled")}
		},
	}
}
