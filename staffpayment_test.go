package ims

import (
	"strings"
	"testing"
)

// The staff rules: each kind needs its role; a cheque needs a cheque MOP, a post-room payment a
// MOP money arrives by that is not a card; the MOP must be one the user may post; overrides need
// Finance and a reason; the cheque's number and drawer are required.
func TestCheckStaffPayment(t *testing.T) {
	cheque := MOP{Code: "24", Name: "Cheque", Kind: KindCheque}
	cash := MOP{Code: "1", Name: "Cash", Kind: KindCash}
	card := MOP{Code: "92", Name: "Card via staff", Kind: KindCardStaff}
	clerk := Principal{UserID: 1, Roles: []Role{ChequeProcess, PostPayment}}
	finance := Principal{UserID: 2, Roles: []Role{ChequeProcess, Finance}}
	good := Cheque{Number: "000123", Drawer: "A Payer"}
	line := []PaymentLine{{Fund: "5", Reference: "R1", Amount: 100}}
	tests := []struct {
		name    string
		sp      StaffPayment
		p       Principal
		mop     *MOP
		allowed []string
		want    string // field with a problem; "" none; "forbidden" the role
	}{
		{"cheque", StaffPayment{Kind: StaffCheque, Cheque: good, Lines: line}, clerk, &cheque, []string{"24"}, ""},
		{"cheque with spaces and dashes", StaffPayment{Kind: StaffCheque, Cheque: Cheque{Number: "000 123", Drawer: "A", SortCode: "30-94-57"}, Lines: line}, clerk, &cheque, []string{"24"}, ""},
		{"cheque by cash MOP", StaffPayment{Kind: StaffCheque, Cheque: good, Lines: line}, clerk, &cash, []string{"1"}, "mop_code"},
		{"post by cash", StaffPayment{Kind: StaffPost, Lines: line}, clerk, &cash, []string{"1"}, ""},
		{"post by card", StaffPayment{Kind: StaffPost, Lines: line}, clerk, &card, []string{"92"}, "mop_code"},
		{"MOP not the user's", StaffPayment{Kind: StaffPost, Lines: line}, clerk, &cash, []string{"24"}, "mop_code"},
		{"no MOP", StaffPayment{Kind: StaffPost, Lines: line}, clerk, nil, nil, "mop_code"},
		{"short cheque number", StaffPayment{Kind: StaffCheque, Cheque: Cheque{Number: "123", Drawer: "A"}, Lines: line}, clerk, &cheque, []string{"24"}, "cheque.number"},
		{"no drawer", StaffPayment{Kind: StaffCheque, Cheque: Cheque{Number: "123456", Drawer: "  "}, Lines: line}, clerk, &cheque, []string{"24"}, "cheque.drawer"},
		{"bad sort code", StaffPayment{Kind: StaffCheque, Cheque: Cheque{Number: "123456", Drawer: "A", SortCode: "3094"}, Lines: line}, clerk, &cheque, []string{"24"}, "cheque.sort_code"},
		{"override by a clerk", StaffPayment{Kind: StaffCheque, Cheque: good, Lines: line, Overrides: []StopOverride{{Line: 0, Reason: "Agreed"}}}, clerk, &cheque, []string{"24"}, "lines[0].override"},
		{"override by Finance", StaffPayment{Kind: StaffCheque, Cheque: good, Lines: line, Overrides: []StopOverride{{Line: 0, Reason: "Agreed"}}}, finance, &cheque, []string{"24"}, ""},
		{"override without reason", StaffPayment{Kind: StaffCheque, Cheque: good, Lines: line, Overrides: []StopOverride{{Line: 0}}}, finance, &cheque, []string{"24"}, "lines[0].override"},
		{"card without Payments", StaffPayment{Kind: StaffCard, Lines: line}, clerk, nil, nil, "forbidden"},
		{"no kind", StaffPayment{Lines: line}, clerk, nil, nil, "kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckStaffPayment(tt.sp, tt.p, tt.mop, tt.allowed, true)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.want == "forbidden" && ErrorCode(err) != Forbidden:
				t.Errorf("got %v; want Forbidden", err)
			case tt.want != "" && tt.want != "forbidden" && ErrorFields(err)[tt.want] == "":
				t.Errorf("got %v; want a problem with %s", err, tt.want)
			}
		})
	}
}

// The reversal warning is given for a reversal MOP until confirmed, and says so when the amounts
// are positive.
func TestReversalWarning(t *testing.T) {
	rv := &MOP{Name: "Returned cheque", Reversal: true}
	neg := StaffPayment{Lines: []PaymentLine{{Amount: -100}}}
	pos := StaffPayment{Lines: []PaymentLine{{Amount: 100}}}
	if w := ReversalWarning(neg, rv); w == "" || strings.Contains(w, "positive") {
		t.Errorf("negative amounts: %q", w)
	}
	if w := ReversalWarning(pos, rv); !strings.Contains(w, "positive") {
		t.Errorf("positive amounts: %q", w)
	}
	pos.ReversalConfirmed = true
	if w := ReversalWarning(pos, rv); w != "" {
		t.Errorf("confirmed: %q", w)
	}
	if w := ReversalWarning(neg, &MOP{Name: "Cheque"}); w != "" {
		t.Errorf("ordinary MOP: %q", w)
	}
}
