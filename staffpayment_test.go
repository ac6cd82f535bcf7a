package ims

import (
	"github.com/ims-council/ims/money"
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
		{"no MOP", StaffPayment{Kind: StaffPost, Lines: line}, clerk, nil, nil, "lines[0].mop_code"},
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
			mops := map[string]MOP{}
			if tt.mop != nil {
				mops[tt.mop.Code] = *tt.mop
				if tt.sp.Kind != StaffCard {
					tt.sp.MOP = tt.mop.Code
				}
			}
			err := CheckStaffPayment(tt.sp, tt.p, mops, tt.allowed, true)
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

// A post-room payment's lines each have their method: each is checked and a problem lands on its
// line; a line without one takes the payment's.
func TestCheckStaffPaymentPerLine(t *testing.T) {
	mops := map[string]MOP{"1": {Code: "1", Name: "Cash", Kind: KindCash}, "24": {Code: "24", Name: "Cheque", Kind: KindCheque},
		"92": {Code: "92", Name: "Card via staff", Kind: KindCardStaff}}
	clerk := Principal{UserID: 1, Roles: []Role{PostPayment}}
	lines := []PaymentLine{{Fund: "5", Reference: "R1", Amount: 100}, {Fund: "5", Reference: "R2", Amount: 200}}
	sp := StaffPayment{Kind: StaffPost, Lines: lines, LineMOPs: []string{"1", "24"}}
	if err := CheckStaffPayment(sp, clerk, mops, []string{"1", "24"}, true); err != nil {
		t.Errorf("cash and cheque lines: %v", err)
	}
	if got := sp.MOPCodes(); strings.Join(got, ",") != "1,24" {
		t.Errorf("MOP codes %v; want 1,24", got)
	}
	err := CheckStaffPayment(sp, clerk, mops, []string{"1"}, true)
	if f := ErrorFields(err); f["lines[1].mop_code"] == "" || f["lines[0].mop_code"] != "" {
		t.Errorf("cheque line not the user's: %v; want lines[1].mop_code only", err)
	}
	sp.LineMOPs = []string{"92", ""}
	f := ErrorFields(CheckStaffPayment(sp, clerk, mops, []string{"1", "24", "92"}, true))
	if !strings.Contains(f["lines[0].mop_code"], "cannot be used") || f["lines[1].mop_code"] != "Choose a method of payment" {
		t.Errorf("card line and line without a method: %v", f)
	}
	sp.MOP = "1" // the payment's method, for lines without their own
	if code, field := sp.LineMOP(1); code != "1" || field != "mop_code" {
		t.Errorf("line without its own method: %s %s; want the payment's", code, field)
	}
	cheque := StaffPayment{Kind: StaffCheque, MOP: "24", LineMOPs: []string{"1", "1"}, Lines: lines}
	if code, _ := cheque.LineMOP(0); code != "24" {
		t.Errorf("a cheque's line is posted by %s; want the cheque's method", code)
	}
}

// Each line's amount is checked against its own method: negative only on a reversal method, within
// each method's limits; the basket's other rules still apply.
func TestCheckStaffBasket(t *testing.T) {
	limit := money.Pence(5000)
	cash := MOP{Code: "1", Name: "Cash", Kind: KindCash, MaxAmount: &limit}
	rv := MOP{Code: "RV", Name: "Returned cheque", Kind: KindCheque, Reversal: true}
	ok := BasketLineFacts{Check: ReferenceResult{Valid: true}, Fund: Fund{Code: "5"}}
	req := PaymentRequest{Source: SourceStaff, Lines: []PaymentLine{{Fund: "5", Reference: "R1", Amount: 4000},
		{Fund: "5", Reference: "R2", Amount: -3000}}}
	if err := CheckStaffBasket(req, []MOP{cash, rv}, []BasketLineFacts{ok, ok}); err != nil {
		t.Errorf("cash and a negative reversal: %v", err)
	}
	f := ErrorFields(CheckStaffBasket(req, []MOP{rv, cash}, []BasketLineFacts{ok, ok}))
	if f["lines[0].amount"] != "" || f["lines[1].amount"] == "" {
		t.Errorf("negative cash line: %v; want lines[1].amount only", f)
	}
	req.Lines[0].Amount, req.Lines[1].Reference = 6000, "R1"
	f = ErrorFields(CheckStaffBasket(req, []MOP{cash, rv}, []BasketLineFacts{ok, ok}))
	if f["lines[0].amount"] == "" || f["lines[1].reference"] == "" {
		t.Errorf("over the cash limit and a duplicate: %v", f)
	}
}

// The reversal warning is given for a positive amount on a reversal method until confirmed, naming
// the line; a negative amount on it, or any on another method, gets none.
func TestReversalWarning(t *testing.T) {
	mops := map[string]MOP{"RV": {Code: "RV", Name: "Returned cheque", Reversal: true}, "24": {Code: "24", Name: "Cheque"}}
	neg := StaffPayment{Kind: StaffCheque, MOP: "RV", Lines: []PaymentLine{{Fund: "5", Reference: "R1", Amount: -100}}}
	pos := StaffPayment{Kind: StaffCheque, MOP: "RV", Lines: []PaymentLine{{Fund: "5", Reference: "R1", Amount: 100}}}
	if w := ReversalWarning(neg, mops); w != "" {
		t.Errorf("negative amounts: %q; want no warning", w)
	}
	if w := ReversalWarning(pos, mops); !strings.Contains(w, "positive") || !strings.Contains(w, "account R1") {
		t.Errorf("positive amounts: %q", w)
	}
	pos.ReversalConfirmed = true
	if w := ReversalWarning(pos, mops); w != "" {
		t.Errorf("confirmed: %q", w)
	}
	post := StaffPayment{Kind: StaffPost, LineMOPs: []string{"24", "RV", "RV"}, Lines: []PaymentLine{{Fund: "5", Reference: "R1", Amount: 100},
		{Fund: "5", Reference: "R2", Amount: -100}, {Fund: "5", Reference: "R3", Amount: 250}}}
	if w := ReversalWarning(post, mops); !strings.Contains(w, "account R3 (£2.50 by Returned cheque)") || strings.Contains(w, "R1") || strings.Contains(w, "R2") {
		t.Errorf("post room lines: %q; want line R3 only", w)
	}
}
