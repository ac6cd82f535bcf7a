package api

import (
	"net/http"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
	"github.com/ims-council/ims/money"
)

// The reference data the API returns is a deliberate subset of the records: what an integrator
// needs to offer a fund or method of payment and to check a reference before sending it. Ledger
// codes, provider accounts, fee set-up and metadata stay inside IMS.

type fundJSON struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	PayerLabel string `json:"payer_label"`
	// The Welsh a form for a Welsh payer shows (SPEC §5.7): the name (absent when the fund has no
	// Welsh name), the name payers see (falling back as the portal does), and the hint.
	NameCy       string         `json:"name_cy,omitempty"`
	PayerLabelCy string         `json:"payer_label_cy"`
	Help         string         `json:"help,omitempty"`
	HelpCy       string         `json:"help_cy,omitempty"`
	Portal       bool           `json:"portal"`
	VATCode      string         `json:"vat_code"`
	MaxAmount    *string        `json:"max_amount,omitempty"`
	Reference    *referenceJSON `json:"reference,omitempty"`
}

// referenceJSON is what a fund's reference validator lets a form check as the payer types; the
// check digit and pattern are left to POST /api/v1/reference-checks.
type referenceJSON struct {
	Label     string `json:"label,omitempty"`
	LabelCy   string `json:"label_cy,omitempty"`
	MinLength int    `json:"min_length,omitempty"`
	MaxLength int    `json:"max_length,omitempty"`
	InputMask string `json:"input_mask,omitempty"`
}

type mopJSON struct {
	Code      string      `json:"code"`
	Name      string      `json:"name"`
	Kind      ims.MOPKind `json:"kind"`
	MinAmount *string     `json:"min_amount,omitempty"`
	MaxAmount *string     `json:"max_amount,omitempty"`
}

type vatCodeJSON struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	RateBP  int64  `json:"rate_bp"`
	Percent string `json:"rate_percent"`
}

type listJSON[T any] struct {
	Items []T `json:"items"`
}

// amountText gives an optional limit as pounds and pence, as every other amount in the API.
func amountText(p *money.Pence) *string {
	if p == nil {
		return nil
	}
	s := p.String()
	return &s
}

// listFunds answers GET /api/v1/funds: the enabled funds the client sees, which are every enabled
// fund for a client without fund groups and those of its fund groups for the others.
func (a *API) listFunds(w http.ResponseWriter, r *http.Request) {
	caller := web.PrincipalFrom(r.Context())
	funds, err := a.ReferenceData.Funds(r.Context())
	if err != nil {
		a.problem(w, r, err)
		return
	}
	validators, err := a.ReferenceData.ReferenceValidators(r.Context())
	if err != nil {
		a.problem(w, r, err)
		return
	}
	byCode := make(map[string]ims.ReferenceValidator, len(validators))
	for _, v := range validators {
		byCode[v.Code] = v
	}
	out := listJSON[fundJSON]{Items: []fundJSON{}}
	for _, f := range funds {
		if f.Disabled || !caller.SeesFund(f.Code) {
			continue
		}
		item := fundJSON{Code: f.Code, Name: f.Label(), PayerLabel: f.PayerLabel(), NameCy: f.NameCy, PayerLabelCy: f.PayerLabelIn("cy"),
			Help: f.PortalHelp, HelpCy: f.PortalHelpCy, Portal: f.Portal, VATCode: f.VATCode, MaxAmount: amountText(f.MaxAmount)}
		ref := referenceJSON{Label: f.ReferenceLabel, LabelCy: f.ReferenceLabelCy}
		if v, ok := byCode[f.Validator]; ok && f.Validator != "" {
			ref.MinLength, ref.MaxLength, ref.InputMask = v.MinLength, v.MaxLength, v.InputMask
		}
		if ref != (referenceJSON{}) {
			item.Reference = &ref
		}
		out.Items = append(out.Items, item)
	}
	writeJSON(w, http.StatusOK, out)
}

// listMOPs answers GET /api/v1/mops: the enabled methods of payment.
func (a *API) listMOPs(w http.ResponseWriter, r *http.Request) {
	mops, err := a.ReferenceData.MOPs(r.Context())
	if err != nil {
		a.problem(w, r, err)
		return
	}
	out := listJSON[mopJSON]{Items: []mopJSON{}}
	for _, m := range mops {
		if m.Disabled {
			continue
		}
		out.Items = append(out.Items, mopJSON{Code: m.Code, Name: m.Name, Kind: m.Kind,
			MinAmount: amountText(m.MinAmount), MaxAmount: amountText(m.MaxAmount)})
	}
	writeJSON(w, http.StatusOK, out)
}

// listVATCodes answers GET /api/v1/vat-codes: the enabled VAT codes with their rates.
func (a *API) listVATCodes(w http.ResponseWriter, r *http.Request) {
	codes, err := a.ReferenceData.VATCodes(r.Context())
	if err != nil {
		a.problem(w, r, err)
		return
	}
	out := listJSON[vatCodeJSON]{Items: []vatCodeJSON{}}
	for _, v := range codes {
		if v.Disabled {
			continue
		}
		out.Items = append(out.Items, vatCodeJSON{Code: v.Code, Name: v.Name, RateBP: int64(v.Rate), Percent: v.Rate.Percent()})
	}
	writeJSON(w, http.StatusOK, out)
}
