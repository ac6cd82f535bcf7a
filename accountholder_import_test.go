package ims

import (
	"strings"
	"testing"
)

func TestCheckAccountHolderLine(t *testing.T) {
	t.Parallel()
	checker, err := ReferenceValidator{Code: "NUM", Name: "Numbers", MinLength: 3, MaxLength: 5, CharClass: CharClassNumeric}.Checker(nil)
	if err != nil {
		t.Fatal(err)
	}
	fund := &Fund{Code: "5"}
	facts := AccountHolderLineFacts{Fund: fund, Checker: checker, Messages: map[string]bool{"EA": true}}
	finance := Principal{UserID: 1, Roles: []Role{Finance}, Funds: []string{"5"}}
	other := Principal{UserID: 2, Roles: []Role{Finance}, Funds: []string{"19"}}
	ok := AccountHolder{Fund: "5", Reference: "1234", Name: "A Person", StopMessage: "EA"}
	cases := []struct {
		name  string
		h     AccountHolder
		facts AccountHolderLineFacts
		p     Principal
		want  string // "" or a part of the reason
	}{
		{"applied", ok, facts, finance, ""},
		{"no fund given", AccountHolder{Reference: "1234"}, facts, finance, "The fund is blank"},
		{"fund does not exist", ok, AccountHolderLineFacts{}, finance, "Fund 5 does not exist or is not one of your funds"},
		{"another group's fund", ok, facts, other, "Fund 5 does not exist or is not one of your funds"},
		{"blank reference", AccountHolder{Fund: "5"}, facts, finance, "Enter a reference"},
		{"reference too short", AccountHolder{Fund: "5", Reference: "12"}, facts, finance, "between 3 and 5 characters"},
		{"reference with letters", AccountHolder{Fund: "5", Reference: "12A4"}, facts, finance, "only digits"},
		{"no validator: any text", AccountHolder{Fund: "5", Reference: "ANY/THING"}, AccountHolderLineFacts{Fund: fund}, finance, ""},
		{"unknown stop message", AccountHolder{Fund: "5", Reference: "1234", StopMessage: "ZZ"}, facts, finance, "Fund 5 has no message ZZ"},
		{"name too long", AccountHolder{Fund: "5", Reference: "1234", Name: strings.Repeat("n", 201)}, facts, finance, "name is longer"},
		{"too many address lines", AccountHolder{Fund: "5", Reference: "1234", Address: make([]string, 7)}, facts, finance, "more than 6 lines"},
	}
	for _, c := range cases {
		got := CheckAccountHolderLine(c.h, c.facts, c.p)
		if (c.want == "") != (got == "") || !strings.Contains(strings.ToLower(got), strings.ToLower(c.want)) {
			t.Errorf("%s: %q; want %q", c.name, got, c.want)
		}
	}
}

func TestAccountHolderOutcome(t *testing.T) {
	t.Parallel()
	stored := AccountHolder{Fund: "5", Reference: "1", Name: "A", Address: []string{"1 High St"}, Postcode: "DM1 1AA", Balance: 100}
	same := stored
	same.Address = []string{"1 High St"}
	moved := stored
	moved.Address = []string{"2 High St"}
	stopped := stored
	stopped.StopMessage = "EA"
	for _, c := range []struct {
		stored *AccountHolder
		h      AccountHolder
		want   string
	}{
		{nil, stored, LineCreated},
		{&stored, same, LineUnchanged},
		{&stored, moved, LineUpdated},
		{&stored, stopped, LineUpdated},
	} {
		if got := AccountHolderOutcome(c.stored, c.h); got != c.want {
			t.Errorf("AccountHolderOutcome(%+v, %+v) = %q; want %q", c.stored, c.h, got, c.want)
		}
	}
}
