package ims

import (
	"errors"
	"strings"
	"testing"
)

func TestAllRolesMatchSpec(t *testing.T) {
	// The names are stored in the database and shown to staff, so they must be exactly SPEC §12's.
	want := "TransactionList TransactionDetails Refund PartialRefund RefundApprover Journal Transfer " +
		"Payments ChequeProcess PostPayment Finance Reporting CashReturns CashReturnAuthoriser " +
		"CashReturnDelete SystemAdmin UserAdmin Auditor SuperUser"
	if got := joinNames(AllRoles()); got != strings.ReplaceAll(want, " ", ", ") {
		t.Errorf("AllRoles() = %s\nwant %s", got, want)
	}
}

func TestParseRole(t *testing.T) {
	for _, r := range AllRoles() {
		for _, typed := range []string{string(r), strings.ToLower(string(r)), " " + strings.ToUpper(string(r)) + " "} {
			got, err := ParseRole(typed)
			if err != nil || got != r {
				t.Errorf("ParseRole(%q) = %q, %v; want %q", typed, got, err, r)
			}
		}
		if !r.Valid() {
			t.Errorf("%q.Valid() = false", r)
		}
	}
	if Role("finance").Valid() {
		t.Error(`Role("finance").Valid() = true; only the exact spelling is a stored role`)
	}
}

func TestParseRoleRefusesUnknownNamesListingTheValidOnes(t *testing.T) {
	for _, typed := range []string{"", "Admin", "Super User", "Finance,Journal"} {
		_, err := ParseRole(typed)
		if ErrorCode(err) != Invalid {
			t.Fatalf("ParseRole(%q) error code = %q, want invalid", typed, ErrorCode(err))
		}
		msg := ErrorFields(err)["role"]
		if !strings.Contains(msg, "TransactionList") || !strings.Contains(msg, "SuperUser") {
			t.Errorf("ParseRole(%q) field error %q does not list the valid roles", typed, msg)
		}
	}
}

func TestParseScope(t *testing.T) {
	for _, want := range []string{"reference-checks", "payments", "refunds", "transactions", "imports",
		"suspense", "account-holders", "reference-data", "exports"} {
		got, err := ParseScope(strings.ToUpper(want))
		if err != nil || string(got) != want {
			t.Errorf("ParseScope(%q) = %q, %v", strings.ToUpper(want), got, err)
		}
	}
	_, err := ParseScope("admin")
	if ErrorCode(err) != Invalid || !strings.Contains(ErrorFields(err)["scope"], "account-holders") {
		t.Errorf("ParseScope(admin) = %v; want an invalid error listing the scopes", err)
	}
}

func TestRequireNamesTheMissingRole(t *testing.T) {
	p := Principal{UserID: 7, Roles: []Role{TransactionList, Journal}}
	if err := p.Require(Journal); err != nil {
		t.Errorf("Require(Journal) with Journal = %v", err)
	}
	err := p.Require(Refund)
	var e *Error
	if !errors.As(err, &e) || e.Code != Forbidden {
		t.Fatalf("Require(Refund) without Refund = %v, want Forbidden", err)
	}
	if !strings.Contains(ErrorMessage(err), "Refund") {
		t.Errorf("message %q does not name the missing role", ErrorMessage(err))
	}
}

func TestSuperUserGrantsNoOtherRole(t *testing.T) {
	p := Principal{UserID: 1, Roles: []Role{SuperUser}}
	if !p.SeesAllFunds() {
		t.Error("a SuperUser should see all funds")
	}
	for _, r := range AllRoles() {
		if r != SuperUser && p.HasRole(r) {
			t.Errorf("SuperUser implied %s", r)
		}
	}
	if (Principal{Roles: []Role{Finance}}).SeesAllFunds() {
		t.Error("a Finance user should be limited to their fund groups")
	}
}

func TestRequireScope(t *testing.T) {
	p := Principal{APIClientID: 3, Scopes: []Scope{ScopePayments}}
	if err := p.RequireScope(ScopePayments); err != nil {
		t.Errorf("RequireScope(payments) = %v", err)
	}
	err := p.RequireScope(ScopeRefunds)
	if ErrorCode(err) != Forbidden || !strings.Contains(ErrorMessage(err), "refunds") {
		t.Errorf("RequireScope(refunds) = %v; want Forbidden naming refunds", err)
	}
	// An API client holds scopes, not roles.
	if p.Require(Payments) == nil {
		t.Error("an API client passed a role check")
	}
}

func TestZeroPrincipalMayDoNothing(t *testing.T) {
	var p Principal
	for _, r := range AllRoles() {
		if p.Require(r) == nil {
			t.Errorf("the zero Principal holds %s", r)
		}
	}
	for _, s := range AllScopes() {
		if p.RequireScope(s) == nil {
			t.Errorf("the zero Principal holds %s", s)
		}
	}
}

func TestSystemMayDoEverything(t *testing.T) {
	p := System()
	if p.Name != "system" || p.Actor() != "system" {
		t.Errorf("System() = %+v, actor %q", p, p.Actor())
	}
	for _, r := range AllRoles() {
		if err := p.Require(r); err != nil {
			t.Error(err)
		}
	}
	for _, s := range AllScopes() {
		if err := p.RequireScope(s); err != nil {
			t.Error(err)
		}
	}
}

func TestActor(t *testing.T) {
	tests := []struct {
		p    Principal
		want string
	}{
		{Principal{UserID: 12, Name: "Jo Bloggs"}, "user:12"},
		{Principal{APIClientID: 3, Name: "IVR"}, "apiclient:3"},
		{System(), "system"},
	}
	for _, tt := range tests {
		if got := tt.p.Actor(); got != tt.want {
			t.Errorf("%+v.Actor() = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestSeesFundFollowsFundGroups(t *testing.T) {
	limited := Principal{UserID: 1, Roles: []Role{TransactionList}, Funds: []string{"11", "12"}}
	super := Principal{UserID: 2, Roles: []Role{SuperUser}}
	client := Principal{APIClientID: 3, AllFunds: true}
	for _, c := range []struct {
		name string
		p    Principal
		fund string
		want bool
	}{
		{"user, own group's fund", limited, "11", true},
		{"user, another group's fund", limited, "30", false},
		{"SuperUser, any fund", super, "30", true},
		{"system, any fund", System(), "30", true},
		{"API client without fund groups", client, "30", true},
		{"nobody", Principal{}, "11", false},
		{"user without fund groups", Principal{UserID: 4, Roles: []Role{Finance}}, "11", false},
	} {
		if got := c.p.SeesFund(c.fund); got != c.want {
			t.Errorf("%s: SeesFund(%q) = %v, want %v", c.name, c.fund, got, c.want)
		}
	}
}
