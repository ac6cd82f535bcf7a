package portal

import (
	"context"
	"slices"
	"strings"

	"github.com/ims-council/ims"
)

// portalFunds returns the funds a payer may choose, ordered by the label payers see in lang.
func (p *Portal) portalFunds(ctx context.Context, lang string) ([]ims.Fund, error) {
	all, err := p.db.Funds(ctx)
	if err != nil {
		return nil, err
	}
	var out []ims.Fund
	for _, f := range all {
		if f.Portal && !f.Disabled && !f.Suspense {
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(a, b ims.Fund) int {
		return strings.Compare(strings.ToLower(portalLabel(a, lang)), strings.ToLower(portalLabel(b, lang)))
	})
	return out, nil
}

// portalFund returns the fund with a code if payers may choose it. A code from a form is checked
// here, because a fund not offered on the portal must not be paid through it.
func (p *Portal) portalFund(ctx context.Context, code string) (ims.Fund, bool, error) {
	funds, err := p.portalFunds(ctx, "")
	if err != nil {
		return ims.Fund{}, false, err
	}
	for _, f := range funds {
		if f.Code == code {
			return f, true, nil
		}
	}
	return ims.Fund{}, false, nil
}

// portalLabel is what a fund is called on the portal in lang (Welsh when the fund has it).
func portalLabel(f ims.Fund, lang string) string { return f.PayerLabelIn(lang) }

// fundLabels returns the portal label in lang of every fund by code, including funds no longer offered
// (a basket or a receipt may still name one).
func (p *Portal) fundLabels(ctx context.Context, lang string) (map[string]string, map[string]ims.Fund, error) {
	all, err := p.db.Funds(ctx)
	if err != nil {
		return nil, nil, err
	}
	labels := make(map[string]string, len(all))
	funds := make(map[string]ims.Fund, len(all))
	for _, f := range all {
		labels[f.Code] = portalLabel(f, lang)
		funds[f.Code] = f
	}
	return labels, funds, nil
}

// needsAddress reports whether any fund in the basket needs the payer's name and address.
func needsAddress(lines []ims.PaymentLine, funds map[string]ims.Fund) bool {
	for _, l := range lines {
		if funds[l.Fund].AddressRequired {
			return true
		}
	}
	return false
}

// cardMOP returns the code of the method of payment the portal's card payments use, or "" when
// none is configured (the payer is then told card payments are unavailable when they pay).
func (p *Portal) cardMOP(ctx context.Context) (string, error) {
	mops, err := p.db.MOPs(ctx)
	if err != nil {
		return "", err
	}
	code := ""
	for _, m := range mops {
		if m.Kind == ims.KindCardSelfService && !m.Disabled {
			if code != "" {
				return "", nil // ambiguous: ims config check reports it
			}
			code = m.Code
		}
	}
	return code, nil
}
