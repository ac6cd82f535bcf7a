package ims_test

import (
	"slices"
	"testing"

	"github.com/ims-council/ims"
)

func TestConfigurationProblems(t *testing.T) {
	var mops []ims.MOP
	for _, k := range ims.RoleKinds() {
		mops = append(mops, ims.MOP{Code: string(k), Kind: k})
	}
	mops = append(mops, ims.MOP{Code: "CARD", Kind: ims.KindCardSelfService, ProviderAccount: "pay"})
	funds := []ims.Fund{{Code: "SUSP", VATCode: "O", Suspense: true}, {Code: "13", VATCode: "O", Portal: true, Validator: "V"}}
	vats := []ims.VATCode{{Code: "O", Suspense: true}, {Code: "OLD", Disabled: true}}
	if got := ims.ConfigurationProblems(mops, funds, vats); len(got) != 0 {
		t.Fatalf("a usable configuration has problems: %v", got)
	}

	mops = append(mops, ims.MOP{Code: "J2", Kind: ims.KindJournal}, ims.MOP{Code: "CNP", Kind: ims.KindCardStaff},
		ims.MOP{Code: "OFF", Kind: ims.KindCardStaff, Disabled: true})
	mops = slices.DeleteFunc(mops, func(m ims.MOP) bool { return m.Kind == ims.KindCardFee })
	funds = []ims.Fund{{Code: "13", VATCode: "OLD", Portal: true}, {Code: "SUSP", VATCode: "O", Suspense: true, Disabled: true}}
	vats = []ims.VATCode{{Code: "O"}, {Code: "OLD", Disabled: true}}
	want := []string{
		"method of payment CNP takes cards but names no payment provider account",
		"2 enabled methods of payment of kind journal (journal, J2): the system needs exactly one",
		"no enabled method of payment of kind card_fee: the system needs exactly one",
		"no enabled VAT code is marked as the suspense VAT code",
		"fund 13 uses VAT code OLD, which is disabled",
		"fund 13 is on the portal but has no reference validator",
		"no enabled fund is marked as the suspense fund",
	}
	if got := ims.ConfigurationProblems(mops, funds, vats); !slices.Equal(got, want) {
		t.Errorf("ConfigurationProblems =\n%q\nwant\n%q", got, want)
	}
}
