package admin

import (
	"context"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/refdata"
)

// providerKind is the payment provider accounts' pages. The API key and webhook secret are
// write-only: the form never shows them, and leaving them blank on a change keeps the stored ones.
func providerKind() kind[ims.ProviderAccount] {
	return kind[ims.ProviderAccount]{
		slug: "payment-providers", plural: "Payment provider accounts", one: "payment provider account",
		intro:   "Accounts with GOV.UK Pay. Their API keys and webhook secrets are stored encrypted and never shown again.",
		records: func(s ReferenceData) refdata.Records[ims.ProviderAccount] { return s.ProviderAccounts() },
		key:     func(a ims.ProviderAccount) string { return a.Name },
		head:    []string{"Name", "Provider", "API key", "Status"},
		row: func(a ims.ProviderAccount) []string {
			key := "Not set"
			if a.HasAPIKey {
				key = "Set"
			}
			return []string{a.Name, a.Provider, key, status(a.Disabled)}
		},
		fields: func(_ context.Context, _ *Admin, _ ims.Principal, acc ims.ProviderAccount, creating bool) ([]field, error) {
			keyHint := "Leave blank to keep the stored key"
			secretHint := "Leave blank to keep the stored secret"
			if creating {
				keyHint, secretHint = "", ""
			} else if !acc.HasAPIKey {
				keyHint = "No key is stored yet"
			}
			var fs []field
			if creating {
				fs = append(fs, field{Name: "name", Label: "Name", Hint: "Letters, digits, hyphens or underscores; it appears in the webhook address", Kind: textField, Value: acc.Name, Width: "govuk-input--width-20"})
			}
			provider := acc.Provider
			if provider == "" {
				provider = "govukpay"
			}
			return append(fs,
				field{Name: "provider", Label: "Provider", Kind: selectField, Options: choices(provider, false, []string{"govukpay"}, []string{"GOV.UK Pay"})},
				field{Name: "base_url", Label: "API address (optional)", Hint: "The provider's standard address when blank", Kind: textField, Value: acc.BaseURL, Width: "govuk-!-width-two-thirds"},
				field{Name: "api_key", Label: "API key", Hint: keyHint, Kind: passwordField, Secret: true, Width: "govuk-!-width-two-thirds"},
				field{Name: "webhook_secret", Label: "Webhook signing secret", Hint: secretHint, Kind: passwordField, Secret: true, Width: "govuk-!-width-two-thirds"},
				field{Name: "disabled", Label: "Disabled", Kind: checkboxField, Checked: acc.Disabled},
			), nil
		},
		parse: func(f *form, key string) ims.ProviderAccount {
			if key == "" {
				key = f.text("name")
			}
			return ims.ProviderAccount{Name: key, Provider: f.text("provider"), BaseURL: f.text("base_url"),
				APIKey: f.text("api_key"), WebhookSecret: f.text("webhook_secret"), Disabled: f.check("disabled")}
		},
	}
}
