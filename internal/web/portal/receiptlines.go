package portal

import (
	"context"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

// paidLines is what a payer paid, as the ledger recorded it: the outcome page and the receipt both
// show it, so they always agree with the ledger.
type paidLines struct {
	Lines    []paidLine
	VAT      []vatRow
	Total    string
	TotalVAT string
}

// paidLine is one payment of a receipt.
type paidLine struct {
	Label     string
	Reference string
	Net       string
	VATRate   string
	VAT       string
	Amount    string
}

// vatRow is the VAT summary of one VAT code and rate.
type vatRow struct {
	Name  string
	Rate  string
	Net   string
	VAT   string
	Gross string
}

// paidLinesOf builds what the payer paid from a payment's posting, line by line as ims.PaidLines
// decides (the same rule as the receipt email), with a VAT summary.
func (v *view) paidLinesOf(ctx context.Context, posting ims.Posting, pp ims.PendingPayment) (paidLines, error) {
	labels, _, err := v.p.fundLabels(ctx, v.lang)
	if err != nil {
		return paidLines{}, err
	}
	codes, err := v.p.db.VATCodes(ctx)
	if err != nil {
		return paidLines{}, err
	}
	vatNames := make(map[string]string, len(codes))
	for _, c := range codes {
		vatNames[c.Code] = c.Name
	}
	type vatKey struct {
		code string
		rate money.Rate
	}
	type vatSum struct{ net, vat, gross money.Pence }
	var order []vatKey
	sums := map[vatKey]*vatSum{}
	var out paidLines
	var total, totalVAT money.Pence
	for _, l := range ims.PaidLines(posting, pp.Lines) {
		net := l.Amount - l.VAT
		out.Lines = append(out.Lines, paidLine{Label: labels[l.Fund], Reference: l.Reference, Net: net.Display(),
			VATRate: l.VATRate.Percent() + "%", VAT: l.VAT.Display(), Amount: l.Amount.Display()})
		k := vatKey{l.VATCode, l.VATRate}
		s, ok := sums[k]
		if !ok {
			s = &vatSum{}
			sums[k] = s
			order = append(order, k)
		}
		s.net, s.vat, s.gross = s.net+net, s.vat+l.VAT, s.gross+l.Amount
		total, totalVAT = total+l.Amount, totalVAT+l.VAT
	}
	for _, k := range order {
		s := sums[k]
		name := vatNames[k.code]
		if name == "" {
			name = k.code
		}
		out.VAT = append(out.VAT, vatRow{Name: v.t(name), Rate: k.rate.Percent() + "%", Net: s.net.Display(),
			VAT: s.vat.Display(), Gross: s.gross.Display()})
	}
	out.Total, out.TotalVAT = total.Display(), totalVAT.Display()
	return out, nil
}
