package ims_test

import (
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/checkdigit"
	"github.com/ims-council/ims/money"
)

func TestCheckReference(t *testing.T) {
	max := money.MustParse("100.00")
	min := money.MustParse("1.00")
	rates := ims.Fund{Code: "13", Name: "Business rates", VATCode: "O", MaxAmount: &max}
	strict := ims.Fund{Code: "CT", Name: "Council tax", VATCode: "O", Validator: "CT8", AccountMustExist: true}
	ct8 := ims.ReferenceValidator{Code: "CT8", Name: "Council tax", MinLength: 8, MaxLength: 8, CharClass: ims.CharClassNumeric}
	card := ims.MOP{Code: "CARD", Name: "Card", MinAmount: &min}
	holder := &ims.AccountHolderSummary{Name: "A Payer", Balance: 1200}
	stopped := &ims.AccountHolderSummary{Name: "A Payer", Stopped: true}
	clerk := ims.Principal{UserID: 1, Funds: []string{"13", "CT"}}
	finance := ims.Principal{UserID: 2, Roles: []ims.Role{ims.Finance, ims.TransactionDetails}, Funds: []string{"13", "CT"}}
	housingClerk := ims.Principal{UserID: 3, Funds: []string{"HR"}}
	housingClient := ims.Principal{APIClientID: 4, Funds: []string{"HR"}}
	amount := func(s string) *money.Pence { p := money.MustParse(s); return &p }

	for _, c := range []struct {
		name   string
		check  ims.ReferenceCheck
		facts  ims.ReferenceFacts
		p      ims.Principal
		field  string // an Invalid error naming this field
		reason string // Valid false with this first reason ("" and no field: valid)
		holder bool   // the answer shows the account holder
	}{
		{name: "a fund without a validator", check: ims.ReferenceCheck{Fund: "13", Reference: " ab12 "},
			facts: ims.ReferenceFacts{Fund: &rates}, p: clerk},
		{name: "no such fund", check: ims.ReferenceCheck{Fund: "99", Reference: "X"}, p: clerk, field: "fund_code"},
		{name: "a fund outside the clerk's fund groups", check: ims.ReferenceCheck{Fund: "13", Reference: "X"},
			facts: ims.ReferenceFacts{Fund: &rates}, p: housingClerk, field: "fund_code"},
		{name: "a fund outside the API client's fund groups", check: ims.ReferenceCheck{Fund: "13", Reference: "X"},
			facts: ims.ReferenceFacts{Fund: &rates}, p: housingClient, field: "fund_code"},
		{name: "any fund for the public (the portal)", check: ims.ReferenceCheck{Fund: "13", Reference: "X"},
			facts: ims.ReferenceFacts{Fund: &rates}, p: ims.Principal{Name: "portal"}},
		{name: "a disabled fund", check: ims.ReferenceCheck{Fund: "13", Reference: "X"},
			facts: ims.ReferenceFacts{Fund: &ims.Fund{Code: "13", Disabled: true}}, p: clerk, field: "fund_code"},
		{name: "no such MOP", check: ims.ReferenceCheck{Fund: "13", Reference: "X", MOP: "ZZ"},
			facts: ims.ReferenceFacts{Fund: &rates}, p: clerk, field: "mop_code"},
		{name: "over the fund's maximum", check: ims.ReferenceCheck{Fund: "13", Reference: "X", Amount: amount("100.01")},
			facts: ims.ReferenceFacts{Fund: &rates}, p: clerk, reason: "Amount must be £100.00 or less for Business rates"},
		{name: "under the MOP's minimum", check: ims.ReferenceCheck{Fund: "13", Reference: "X", MOP: "CARD", Amount: amount("0.50")},
			facts: ims.ReferenceFacts{Fund: &rates, MOP: &card}, p: clerk, reason: "Amount must be £1.00 or more for Card"},
		{name: "a card number", check: ims.ReferenceCheck{Fund: "13", Reference: "4111 1111 1111 1111"},
			facts: ims.ReferenceFacts{Fund: &rates}, p: clerk, reason: "Reference looks like a card number. Do not enter card details here"},
		{name: "blank without a validator", check: ims.ReferenceCheck{Fund: "13", Reference: "  "},
			facts: ims.ReferenceFacts{Fund: &rates}, p: clerk, reason: "Enter a reference"},
		{name: "the validator's format", check: ims.ReferenceCheck{Fund: "CT", Reference: "1234"},
			facts: ims.ReferenceFacts{Fund: &strict, Validator: ct8, Account: holder}, p: clerk, reason: "Reference must be 8 characters long"},
		{name: "no such account", check: ims.ReferenceCheck{Fund: "CT", Reference: "12345678"},
			facts: ims.ReferenceFacts{Fund: &strict, Validator: ct8}, p: clerk, reason: "There is no Council tax account with reference 12345678"},
		{name: "an account, hidden from a clerk", check: ims.ReferenceCheck{Fund: "CT", Reference: "12345678"},
			facts: ims.ReferenceFacts{Fund: &strict, Validator: ct8, Account: holder}, p: clerk},
		{name: "an account, shown to those who may see it", check: ims.ReferenceCheck{Fund: "CT", Reference: "12345678"},
			facts: ims.ReferenceFacts{Fund: &strict, Validator: ct8, Account: holder}, p: finance, holder: true},
		{name: "a stopped account", check: ims.ReferenceCheck{Fund: "CT", Reference: "12345678"},
			facts: ims.ReferenceFacts{Fund: &strict, Validator: ct8, Account: stopped, Stop: ims.FundMessage{Text: "Account with enforcement agent"}},
			p:     finance, reason: "Account with enforcement agent"},
		{name: "a stop a clerk cannot override", check: ims.ReferenceCheck{Fund: "CT", Reference: "12345678", OverrideStop: true},
			facts: ims.ReferenceFacts{Fund: &strict, Validator: ct8, Account: stopped, Stop: ims.FundMessage{Text: "Stopped"}},
			p:     clerk, reason: "Stopped"},
		{name: "a stop Finance overrides", check: ims.ReferenceCheck{Fund: "CT", Reference: "12345678", OverrideStop: true},
			facts: ims.ReferenceFacts{Fund: &strict, Validator: ct8, Account: stopped, Stop: ims.FundMessage{Text: "Stopped"}}, p: finance, holder: true},
		{name: "a validator that needs the account", check: ims.ReferenceCheck{Fund: "13", Reference: "12345678"},
			facts: ims.ReferenceFacts{Fund: &ims.Fund{Code: "13", Name: "Rates", Validator: "CT8"},
				Validator: ims.ReferenceValidator{Code: "CT8", Name: "Any", MustExist: true}}, p: clerk,
			reason: "There is no Rates account with reference 12345678"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := ims.CheckReference(c.check, c.facts, c.p)
			if c.field != "" {
				if ims.ErrorCode(err) != ims.Invalid || ims.ErrorFields(err)[c.field] == "" {
					t.Fatalf("CheckReference = %v, want Invalid naming %s", err, c.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Reference != ims.NormalizeReference(c.check.Reference) {
				t.Errorf("Reference = %q, want it normalised", res.Reference)
			}
			switch {
			case c.reason == "" && !res.Valid:
				t.Errorf("refused: %v", res.Errors)
			case c.reason != "" && (res.Valid || len(res.Errors) != 1 || res.Errors[0] != c.reason):
				t.Errorf("answer = %+v, want refused with %q", res, c.reason)
			}
			if (res.Holder != nil) != c.holder {
				t.Errorf("Holder = %+v, want shown %v", res.Holder, c.holder)
			}
		})
	}
}

func TestCheckReferenceCheckDigit(t *testing.T) {
	scheme := checkdigit.Mod11()
	fund := ims.Fund{Code: "BOOK", Name: "Books", Validator: "ISBN"}
	v := ims.ReferenceValidator{Code: "ISBN", Name: "ISBN", MinLength: 10, MaxLength: 10, CheckDigitScheme: scheme.Name}
	for ref, valid := range map[string]bool{"0306406152": true, "0306406153": false} {
		res, err := ims.CheckReference(ims.ReferenceCheck{Fund: "BOOK", Reference: ref},
			ims.ReferenceFacts{Fund: &fund, Validator: v, Scheme: &scheme}, ims.Principal{})
		if err != nil || res.Valid != valid {
			t.Errorf("%s: %+v, %v; want valid %v", ref, res, err, valid)
		}
	}
}

func TestAmountProblem(t *testing.T) {
	max := money.MustParse("50.00")
	fund := ims.Fund{Code: "13", Name: "Rates", MaxAmount: &max}
	for _, c := range []struct {
		amount string
		mop    *ims.MOP
		want   string
	}{
		{"10.00", nil, ""},
		{"0.00", nil, "Amount must be more than £0.00"},
		{"-5.00", &ims.MOP{Reversal: true}, ""},
		{"50.01", nil, "Amount must be £50.00 or less for Rates"},
		{"2.00", &ims.MOP{Name: "Card", MaxAmount: &[]money.Pence{100}[0]}, "Amount must be £1.00 or less for Card"},
	} {
		if got := ims.AmountProblem(fund, c.mop, money.MustParse(c.amount)); got != c.want {
			t.Errorf("AmountProblem(%s) = %q, want %q", c.amount, got, c.want)
		}
	}
}
