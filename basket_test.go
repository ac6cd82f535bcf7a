package ims_test

import (
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

func TestCheckBasket(t *testing.T) {
	card := ims.MOP{Code: "CARD", Name: "Card", MaxAmount: &[]money.Pence{money.MustParse("2000000.00")}[0]}
	rates := ims.Fund{Code: "13", Name: "Rates", VATCode: "O", Portal: true}
	parking := ims.Fund{Code: "PK", Name: "Parking", VATCode: "S", Portal: true, AddressRequired: true}
	staffOnly := ims.Fund{Code: "ST", Name: "Staff only", VATCode: "O"}
	valid := func(ref string) ims.ReferenceResult { return ims.ReferenceResult{Valid: true, Reference: ref} }
	line := func(fund ims.Fund, ref, amount string) (ims.PaymentLine, ims.BasketLineFacts) {
		return ims.PaymentLine{Fund: fund.Code, Reference: ref, Amount: money.MustParse(amount)},
			ims.BasketLineFacts{Check: valid(ims.NormalizeReference(ref)), Fund: fund}
	}
	address := ims.Payer{Name: "A Payer", Address: []string{"1 High Street"}, Postcode: "SW1A 1AA"}

	type basket struct {
		req   ims.PaymentRequest
		facts []ims.BasketLineFacts
	}
	build := func(source ims.Source, payer ims.Payer, lines ...any) basket {
		b := basket{req: ims.PaymentRequest{Source: source, Payer: payer}}
		for i := 0; i < len(lines); i += 2 {
			b.req.Lines = append(b.req.Lines, lines[i].(ims.PaymentLine))
			b.facts = append(b.facts, lines[i+1].(ims.BasketLineFacts))
		}
		return b
	}
	l1, f1 := line(rates, "r1", "10.00")
	l2, f2 := line(parking, "P2", "20.00")
	lStaff, fStaff := line(staffOnly, "S1", "5.00")
	lBig, fBig := line(rates, "R9", "999999.00")
	lZero, _ := line(rates, "R0", "0.00")
	refused := f1
	refused.Check = ims.ReferenceResult{Reference: "R1", Errors: []string{"Reference must be 8 characters long"}}
	unknown := ims.BasketLineFacts{CheckErr: ims.FieldError("fund_code", "Fund %q does not exist or is disabled", "99")}
	withVAT := l1
	withVAT.VATCode = "S"
	withCard := l1
	withCard.Narrative = "4111 1111 1111 1111"

	for _, c := range []struct {
		name   string
		b      basket
		change func(*ims.PaymentRequest)
		fields []string // nil: accepted
	}{
		{name: "one line", b: build(ims.SourcePortal, ims.Payer{}, l1, f1)},
		{name: "a fund that needs an address, with one", b: build(ims.SourcePortal, address, l2, f2)},
		{name: "a fund that needs an address, without", b: build(ims.SourcePortal, ims.Payer{}, l2, f2),
			fields: []string{"payer.name", "payer.address", "payer.postcode"}},
		{name: "empty", b: build(ims.SourceAPI, ims.Payer{}), fields: []string{"lines"}},
		{name: "the same bill twice", b: build(ims.SourcePortal, ims.Payer{}, l1, f1, l1, f1), fields: []string{"lines[1].reference"}},
		{name: "a fund not on the portal, through the portal", b: build(ims.SourcePortal, ims.Payer{}, l1, f1, lStaff, fStaff),
			fields: []string{"lines[1].fund_code"}},
		{name: "a fund not on the portal, through the API", b: build(ims.SourceAPI, ims.Payer{}, lStaff, fStaff)},
		{name: "a fund not on the portal, by staff", b: build(ims.SourceStaff, ims.Payer{}, lStaff, fStaff)},
		{name: "a reference refused", b: build(ims.SourcePortal, ims.Payer{}, l1, refused), fields: []string{"lines[0].reference"}},
		{name: "a reference refused and a bad amount", b: build(ims.SourcePortal, ims.Payer{}, lZero, ims.BasketLineFacts{Fund: rates,
			Check: ims.ReferenceResult{Errors: []string{"No"}}}), fields: []string{"lines[0].amount", "lines[0].reference"}},
		{name: "an unknown fund", b: build(ims.SourceAPI, ims.Payer{}, l1, unknown), fields: []string{"lines[0].fund_code"}},
		{name: "a VAT code the fund does not allow", b: build(ims.SourceAPI, ims.Payer{}, withVAT, f1), fields: []string{"lines[0].vat_code"}},
		{name: "a card number in a line", b: build(ims.SourceAPI, ims.Payer{}, withCard, f1), fields: []string{"lines[0].narrative"}},
		{name: "over a million pounds", b: build(ims.SourceAPI, ims.Payer{}, lBig, fBig, l2, f2), change: func(r *ims.PaymentRequest) {
			r.Payer = address
		}, fields: []string{"lines"}},
		{name: "a card number in the narrative", b: build(ims.SourceAPI, ims.Payer{}, l1, f1), change: func(r *ims.PaymentRequest) {
			r.ClientReference = "4111111111111111"
		}, fields: []string{"narrative"}},
		{name: "a language we do not speak", b: build(ims.SourceAPI, ims.Payer{}, l1, f1), change: func(r *ims.PaymentRequest) {
			r.Language = "fr"
		}, fields: []string{"language"}},
		{name: "an email address with a name", b: build(ims.SourceAPI, ims.Payer{}, l1, f1), change: func(r *ims.PaymentRequest) {
			r.Payer.Email = "A Payer <a@example.com>"
		}, fields: []string{"payer.email"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := c.b.req
			if c.change != nil {
				c.change(&req)
			}
			err := ims.CheckBasket(req, card, c.b.facts)
			if c.fields == nil {
				if err != nil {
					t.Fatalf("CheckBasket = %v (%v), want nil", err, ims.ErrorFields(err))
				}
				return
			}
			got := ims.ErrorFields(err)
			if ims.ErrorCode(err) != ims.Invalid || len(got) != len(c.fields) {
				t.Fatalf("CheckBasket = %v %v, want Invalid naming %v", err, got, c.fields)
			}
			for _, f := range c.fields {
				if got[f] == "" {
					t.Errorf("no problem with %s: %v", f, got)
				}
			}
		})
	}
}

func TestPaymentChannels(t *testing.T) {
	if ims.CardMOPKind(ims.SourceStaff) != ims.KindCardStaff || ims.CardMOPKind(ims.SourcePortal) != ims.KindCardSelfService ||
		ims.CardMOPKind(ims.SourceAPI) != ims.KindCardSelfService {
		t.Error("CardMOPKind picks the wrong card MOP")
	}
	if ims.PaymentLanguage("cy") != "cy" || ims.PaymentLanguage("") != "en" || ims.PaymentLanguage("fr") != "en" {
		t.Error("PaymentLanguage")
	}
	for _, c := range []struct {
		p      ims.Principal
		source ims.Source
		want   ims.Code
	}{
		{ims.Principal{}, ims.SourcePortal, ""},
		{ims.Principal{UserID: 1}, ims.SourceStaff, ims.Forbidden},
		{ims.Principal{UserID: 1, Roles: []ims.Role{ims.Payments}}, ims.SourceStaff, ""},
		{ims.Principal{APIClientID: 1}, ims.SourceAPI, ims.Forbidden},
		{ims.Principal{APIClientID: 1, Scopes: []ims.Scope{ims.ScopePayments}}, ims.SourceAPI, ""},
	} {
		if got := ims.ErrorCode(ims.MayStartPayment(c.p, c.source)); got != c.want {
			t.Errorf("MayStartPayment(%+v, %s) = %q, want %q", c.p, c.source, got, c.want)
		}
	}
}

func TestPaymentVisibleTo(t *testing.T) {
	mine := ims.PendingPayment{ID: "pay-1", APIClientID: 3}
	portal := ims.PendingPayment{ID: "pay-2"}
	for _, c := range []struct {
		pp   ims.PendingPayment
		p    ims.Principal
		want bool
	}{
		{mine, ims.Principal{APIClientID: 3}, true},
		{mine, ims.Principal{APIClientID: 4}, false},
		{portal, ims.Principal{APIClientID: 4}, false},
		{mine, ims.Principal{UserID: 1}, true},
		{portal, ims.System(), true},
	} {
		if got := c.pp.VisibleTo(c.p); got != c.want {
			t.Errorf("%s visible to %+v = %v, want %v", c.pp.ID, c.p, got, c.want)
		}
	}
}
