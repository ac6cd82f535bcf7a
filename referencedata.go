package ims

import "github.com/ims-council/ims/checkdigit"

// ReferenceData is a council's whole configuration as one document, the format of
// `ims config load FILE` (YAML or JSON), so a council can keep it in version control. Sections are
// applied in dependency order, in one transaction: all of it or none of it.
type ReferenceData struct {
	Organisation      *Organisation        `json:"organisation,omitempty" yaml:"organisation,omitempty"`
	VATCodes          []VATCode            `json:"vat_codes,omitempty" yaml:"vat_codes,omitempty"`
	CheckDigitSchemes []checkdigit.Scheme  `json:"check_digit_schemes,omitempty" yaml:"check_digit_schemes,omitempty"`
	Validators        []ReferenceValidator `json:"validators,omitempty" yaml:"validators,omitempty"`
	Funds             []Fund               `json:"funds,omitempty" yaml:"funds,omitempty"`
	ProviderAccounts  []ProviderAccount    `json:"provider_accounts,omitempty" yaml:"provider_accounts,omitempty"`
	MOPs              []MOP                `json:"mops,omitempty" yaml:"mops,omitempty"`
	Offices           []Office             `json:"offices,omitempty" yaml:"offices,omitempty"`
	FundGroups        []FundGroup          `json:"fund_groups,omitempty" yaml:"fund_groups,omitempty"`
	FundMessages      []FundMessage        `json:"fund_messages,omitempty" yaml:"fund_messages,omitempty"`
	AccountHolders    []AccountHolder      `json:"account_holders,omitempty" yaml:"account_holders,omitempty"`
	MetadataKeys      []MetadataKey        `json:"metadata_keys,omitempty" yaml:"metadata_keys,omitempty"`
	SystemMessages    []SystemMessage      `json:"system_messages,omitempty" yaml:"system_messages,omitempty"`
	ImportTypes       []ImportType         `json:"import_types,omitempty" yaml:"import_types,omitempty"`
	ImportRules       []ImportRule         `json:"import_rules,omitempty" yaml:"import_rules,omitempty"`

	// Cash return templates (SPEC §9) come after the offices, funds and VAT codes they name.
	CashReturnTemplates []CashReturnTemplate `json:"cash_return_templates,omitempty" yaml:"cash_return_templates,omitempty"`

	// Export targets (SPEC §10, docs/exports.md) come after the funds they own.
	ExportTargets []ExportTarget `json:"export_targets,omitempty" yaml:"export_targets,omitempty"`
}
