package ims

import "github.com/ims-council/ims/money"

// A Fund is an income stream: council tax, parking fines, housing rents. Every ledger entry belongs
// to one. Its code is immutable once a ledger entry uses it; it can then only be disabled.
type Fund struct {
	Code        string `json:"code" yaml:"code"` // 1–5 letters/digits, e.g. "23"
	Name        string `json:"name" yaml:"name"`
	DisplayName string `json:"display_name,omitempty" yaml:"display_name,omitempty"` // shown to payers; Name when blank

	VATCode     string       `json:"vat_code" yaml:"vat_code"`                             // default VAT code of its lines
	VATOverride bool         `json:"vat_override,omitempty" yaml:"vat_override,omitempty"` // a line may carry another VAT code
	MaxAmount   *money.Pence `json:"max_amount,omitempty" yaml:"max_amount,omitempty"`     // largest amount of one line, when set

	Validator        string `json:"validator,omitempty" yaml:"validator,omitempty"` // reference validator code
	AccountMustExist bool   `json:"account_must_exist,omitempty" yaml:"account_must_exist,omitempty"`
	AddressRequired  bool   `json:"address_required,omitempty" yaml:"address_required,omitempty"`
	Disabled         bool   `json:"disabled,omitempty" yaml:"disabled,omitempty"`

	Portal         bool   `json:"portal,omitempty" yaml:"portal,omitempty"` // offered on the citizen portal
	PortalLabel    string `json:"portal_label,omitempty" yaml:"portal_label,omitempty"`
	PortalHelp     string `json:"portal_help,omitempty" yaml:"portal_help,omitempty"`
	ReferenceLabel string `json:"reference_label,omitempty" yaml:"reference_label,omitempty"`

	// The Welsh of what payers read (ims/welsh.go); blank: the English is shown.
	NameCy           string `json:"name_cy,omitempty" yaml:"name_cy,omitempty"`
	PortalLabelCy    string `json:"portal_label_cy,omitempty" yaml:"portal_label_cy,omitempty"`
	PortalHelpCy     string `json:"portal_help_cy,omitempty" yaml:"portal_help_cy,omitempty"`
	ReferenceLabelCy string `json:"reference_label_cy,omitempty" yaml:"reference_label_cy,omitempty"`

	CostCentre     string `json:"cost_centre,omitempty" yaml:"cost_centre,omitempty"`
	GLCode         string `json:"gl_code,omitempty" yaml:"gl_code,omitempty"`
	BalanceSheet   string `json:"balance_sheet_code,omitempty" yaml:"balance_sheet_code,omitempty"`
	Suspense       bool   `json:"suspense,omitempty" yaml:"suspense,omitempty"`                       // the one suspense fund
	CashReturnFund bool   `json:"cash_return_default,omitempty" yaml:"cash_return_default,omitempty"` // default fund of cash returns
	CreditNotes    bool   `json:"credit_notes,omitempty" yaml:"credit_notes,omitempty"`               // credit notes may be taken from it

	Metadata map[string]string `json:"metadata,omitempty" yaml:"metadata,omitempty"`
}

// Label returns the name payers see.
func (f Fund) Label() string {
	if f.DisplayName != "" {
		return f.DisplayName
	}
	return f.Name
}

// PayerLabel returns the fund's name as payers see it, on the portal, receipts and receipt emails:
// its portal label, or else its Label.
func (f Fund) PayerLabel() string {
	if f.PortalLabel != "" {
		return f.PortalLabel
	}
	return f.Label()
}

// Validate reports every problem with the fund's own fields; references to other records (VAT code,
// validator) are checked by the store.
func (f Fund) Validate() error {
	p := Problems{}
	checkCode(p, "code", f.Code, 5)
	if f.Name == "" {
		p.Add("name", "Enter a name")
	}
	if f.VATCode == "" {
		p.Add("vat_code", "Choose a default VAT code")
	}
	if f.MaxAmount != nil && *f.MaxAmount <= 0 {
		p.Add("max_amount", "Maximum amount must be more than £0.00")
	}
	if f.Suspense && f.Portal {
		p.Add("portal", "The suspense fund cannot be offered on the portal")
	}
	return p.Err("Fund " + f.Code + " is not valid")
}
