package ims

import "github.com/ims-council/ims/money"

// A VATCode is a VAT treatment a ledger line can carry: W0 standard 20 %, N0 zero-rated, E0 exempt,
// M0 outside the scope. Exactly one enabled code is the suspense VAT code, used for money whose
// treatment is not yet known.
type VATCode struct {
	Code     string     `json:"code" yaml:"code"`
	Name     string     `json:"name" yaml:"name"`
	Rate     money.Rate `json:"rate_bp" yaml:"rate_bp"` // basis points: 2000 = 20 %
	Suspense bool       `json:"suspense,omitempty" yaml:"suspense,omitempty"`
	Disabled bool       `json:"disabled,omitempty" yaml:"disabled,omitempty"`
}

// Validate reports every problem with the code's own fields.
func (v VATCode) Validate() error {
	p := Problems{}
	checkCode(p, "code", v.Code, 2)
	if v.Name == "" {
		p.Add("name", "Enter a name")
	}
	if v.Rate < 0 || v.Rate > 10000 {
		p.Add("rate_bp", "Rate must be between 0 and 10000 basis points (0–100 %%)")
	}
	return p.Err("VAT code " + v.Code + " is not valid")
}
