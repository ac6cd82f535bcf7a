package ims

import (
	"slices"
	"testing"
)

func TestImportConfigurationProblems(t *testing.T) {
	mops := []MOP{{Code: "15"}, {Code: "18", Disabled: true}, {Code: "BK"}}
	offices := []Office{{Code: "BI"}, {Code: "OLD", Disabled: true}}
	funds := []Fund{{Code: "23"}, {Code: "5", Disabled: true}}
	types := []ImportType{
		{Code: "ALLPAY", DefaultMOP: "15", DefaultOffice: "BI", Fund: "23", ChannelMOPs: map[string]string{"P": "15", "T": "18"}},
		{Code: "BANK", DefaultMOP: "BK", DefaultOffice: "OLD", Fund: "5"},
		{Code: "GONE", DefaultMOP: "99", DefaultOffice: "BI", Disabled: true}, // disabled: not checked
	}
	rules := []ImportRule{
		{Code: "CTAX", Enabled: true, ImportTypes: []string{"BANK", "GONE", "NONE"}, Actions: []RuleAction{{Kind: RuleSetFund, Value: "23"}, {Kind: RuleSetMOP, Value: "77"}}},
		{Code: "OLD", Enabled: false, Actions: []RuleAction{{Kind: RuleSetFund, Value: "99"}}}, // disabled: not checked
		{Code: "RENT", Enabled: true, Actions: []RuleAction{{Kind: RuleSetFund, Value: "5"}}},
	}
	got := ImportConfigurationProblems(types, rules, mops, offices, funds)
	want := []string{
		"import type ALLPAY: method of payment 18 of channel T is disabled",
		"import type BANK: its office OLD is disabled",
		"import type BANK: its fund 5 is disabled",
		"import rule CTAX: import type NONE does not exist",
		"import rule CTAX: it sets method of payment 77, which does not exist",
		"import rule RENT: it sets fund 5, which is disabled",
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%q\nwant:\n%q", got, want)
	}
	if p := ImportConfigurationProblems(types[:1:1], nil, []MOP{{Code: "15"}, {Code: "18"}}, offices, funds); len(p) != 0 {
		t.Errorf("a usable import type has problems %q", p)
	}
}
