package ims_test

import (
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

// A Welsh payer reads why an amount is refused in Welsh, the fund named by its Welsh name; staff and
// API clients read English whatever language the payer chose.
func TestAmountProblemInWelsh(t *testing.T) {
	max, min, cardMax := money.MustParse("100.00"), money.MustParse("1.00"), money.MustParse("500.00")
	rates := ims.Fund{Code: "13", Name: "Business rates", NameCy: "Ardrethi busnes", VATCode: "O", MaxAmount: &max}
	plain := ims.Fund{Code: "19", Name: "Sundry debtors", VATCode: "O"}
	card := ims.MOP{Code: "CARD", Name: "Card", MinAmount: &min, MaxAmount: &cardMax}
	public, clerk := ims.Principal{Name: "portal"}, ims.Principal{UserID: 1, Funds: []string{"13", "19"}}
	for _, c := range []struct {
		name   string
		fund   ims.Fund
		amount string
		p      ims.Principal
		lang   string
		want   string
	}{
		{"nothing, Welsh", rates, "0.00", public, "cy", "Rhaid i'r swm fod yn fwy na £0.00"},
		{"over the fund's limit, Welsh", rates, "100.01", public, "cy", "Rhaid i'r swm fod yn £100.00 neu lai ar gyfer Ardrethi busnes"},
		{"too small for the card, Welsh", plain, "0.50", public, "cy", "Rhaid i'r swm fod yn £1.00 neu fwy"},
		{"too large for the card, Welsh", plain, "500.01", public, "cy", "Rhaid i'r swm fod yn £500.00 neu lai"},
		{"within the limits, Welsh", rates, "100.00", public, "cy", ""},
		{"over the fund's limit, English", rates, "100.01", public, "en", "Amount must be £100.00 or less for Business rates"},
		{"over the fund's limit, a clerk for a Welsh payer", rates, "100.01", clerk, "cy", "Amount must be £100.00 or less for Business rates"},
		{"too small for the card, a clerk for a Welsh payer", plain, "0.50", clerk, "cy", "Amount must be £1.00 or more for Card"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := money.MustParse(c.amount)
			res, err := ims.CheckReference(ims.ReferenceCheck{Fund: c.fund.Code, Reference: "X1", MOP: "CARD", Amount: &a, Lang: c.lang},
				ims.ReferenceFacts{Fund: &c.fund, MOP: &card}, c.p)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if !res.Valid {
				got = res.Errors[0]
			}
			if got != c.want {
				t.Errorf("got %q; want %q", got, c.want)
			}
		})
	}
}
