package ims

import (
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims/money"
)

func libraryTemplate() CashReturnTemplate {
	return CashReturnTemplate{Code: "LIB", Name: "Central Library", Office: "CO", Cash: true, Lines: []CashReturnTemplateLine{
		{Fund: "5M", Reference: "LIBFINES", Description: "Fines", OverrideReference: true},
		{Reference: "LIBSALES", Description: "Book sales", VATCode: "W0", OverrideVAT: true},
	}}
}

func TestDenominationNames(t *testing.T) {
	var names []string
	for _, d := range Denominations() {
		names = append(names, DenominationName(d))
	}
	if got := strings.Join(names, " "); got != "£50 £20 £10 £5 £2 £1 50p 20p 10p 5p 2p 1p" {
		t.Errorf("denominations: %s", got)
	}
}

func TestTemplateValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*CashReturnTemplate)
		field string
	}{
		{"good", func(*CashReturnTemplate) {}, ""},
		{"bad code", func(t *CashReturnTemplate) { t.Code = "no spaces" }, "code"},
		{"no kind", func(t *CashReturnTemplate) { t.Cash = false }, "cash"},
		{"card terminal only", func(t *CashReturnTemplate) { t.Cash, t.CardTerminal = false, true }, ""},
		{"no lines", func(t *CashReturnTemplate) { t.Lines = nil }, "lines"},
		{"line without reference staff may not give", func(t *CashReturnTemplate) { t.Lines[1].Reference = "" }, "lines[1].reference"},
		{"line without reference staff give", func(t *CashReturnTemplate) { t.Lines[0].Reference = "" }, ""},
		{"line without description", func(t *CashReturnTemplate) { t.Lines[0].Description = " " }, "lines[0].description"},
		{"no office", func(t *CashReturnTemplate) { t.Office = "" }, "office"},
	}
	for _, tt := range tests {
		tmpl := libraryTemplate()
		tt.edit(&tmpl)
		err := tmpl.Validate()
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.field != "" && ErrorFields(err)[tt.field] == "":
			t.Errorf("%s: %v %v; want a problem on %s", tt.name, err, ErrorFields(err), tt.field)
		}
	}
}

func TestNewCashReturn(t *testing.T) {
	r, err := NewCashReturn(libraryTemplate(), CashReturnCash, "13")
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != CashReturnDraft || len(r.Lines) != 2 || r.Lines[0].Fund != "5M" || r.Lines[1].Fund != "13" || r.Office != "CO" {
		t.Errorf("draft from template: %+v", r)
	}
	if _, err := NewCashReturn(libraryTemplate(), CashReturnCheque, "13"); ErrorFields(err)["kind"] == "" {
		t.Errorf("a cheque return from a cash-only template: %v; want a problem on kind", err)
	}
	if _, err := NewCashReturn(libraryTemplate(), CashReturnCash, ""); ErrorCode(err) != Unavailable {
		t.Errorf("a line needing the default fund when there is none: %v; want Unavailable", err)
	}
	off := libraryTemplate()
	off.Disabled = true
	if _, err := NewCashReturn(off, CashReturnCash, "13"); err == nil {
		t.Error("a return from a disabled template was made")
	}
}

func cash(pairs ...money.Pence) []CashCount {
	var out []CashCount
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, CashCount{Denomination: pairs[i], Amount: pairs[i+1]})
	}
	return out
}

func TestApplyDraft(t *testing.T) {
	draft, _ := NewCashReturn(libraryTemplate(), CashReturnCash, "13")
	line := func(amount money.Pence) CashReturnLine { return CashReturnLine{Amount: amount} }
	tests := []struct {
		name  string
		d     CashReturnFill
		field string
		msg   string // part of the message on field
	}{
		{"amounts and cash", CashReturnFill{Lines: []CashReturnLine{line(1250), line(0)}, BagNumber: "B1", Cash: cash(1000, 1000, 50, 250)}, "", ""},
		{"negative line", CashReturnFill{Lines: []CashReturnLine{line(-1), line(0)}}, "lines[0].amount", "negative"},
		{"wrong number of lines", CashReturnFill{Lines: []CashReturnLine{line(1)}}, "lines", "2 lines"},
		{"£20 notes not a multiple", CashReturnFill{Lines: []CashReturnLine{line(0), line(0)}, Cash: cash(2000, 3000)}, "cash-2000", "multiple of £20"},
		{"2p coins not a multiple", CashReturnFill{Lines: []CashReturnLine{line(0), line(0)}, Cash: cash(2, 5)}, "cash-2", "multiple of 2p"},
		{"unknown denomination", CashReturnFill{Lines: []CashReturnLine{line(0), line(0)}, Cash: cash(300, 300)}, "cash", "not a note"},
		{"fixed description changed", CashReturnFill{Lines: []CashReturnLine{{Description: "Other"}, line(0)}}, "lines[0].description", "cannot be changed"},
		{"fixed VAT changed", CashReturnFill{Lines: []CashReturnLine{{VATCode: "N0"}, line(0)}}, "lines[0].vat_code", "cannot be changed"},
		{"overridable reference", CashReturnFill{Lines: []CashReturnLine{{Reference: "lib 2"}, {VATCode: "N0"}}}, "", ""},
		{"fixed reference changed", CashReturnFill{Lines: []CashReturnLine{line(0), {Reference: "X"}}}, "lines[1].reference", "cannot be changed"},
	}
	for _, tt := range tests {
		got, err := ApplyDraft(draft, tt.d)
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.field != "" && !strings.Contains(ErrorFields(err)[tt.field], tt.msg):
			t.Errorf("%s: %v %v; want %q on %s", tt.name, err, ErrorFields(err), tt.msg, tt.field)
		case tt.name == "overridable reference" && (got.Lines[0].Reference != "LIB 2" || got.Lines[1].VATCode != "N0"):
			t.Errorf("%s: %+v", tt.name, got.Lines)
		}
	}
	sub := draft
	sub.Status = CashReturnSubmitted
	if _, err := ApplyDraft(sub, CashReturnFill{}); ErrorCode(err) != Conflict {
		t.Errorf("changing a submitted return: %v; want Conflict", err)
	}
}

func TestCheckSubmit(t *testing.T) {
	cashDraft, _ := NewCashReturn(libraryTemplate(), CashReturnCash, "13")
	chq := libraryTemplate()
	chq.Cheque = true
	chequeDraft, _ := NewCashReturn(chq, CashReturnCheque, "13")
	fill := func(r CashReturn, d CashReturnFill) CashReturn {
		got, err := ApplyDraft(r, d)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	lines := []CashReturnLine{{Amount: 1250}, {Amount: 750}}
	tests := []struct {
		name  string
		r     CashReturn
		field string
	}{
		{"cash agrees", fill(cashDraft, CashReturnFill{Lines: lines, BagNumber: "B1", Cash: cash(1000, 1000, 500, 500, 100, 500)}), ""},
		{"cash a penny short", fill(cashDraft, CashReturnFill{Lines: lines, BagNumber: "B1", Cash: cash(1000, 1000, 500, 500, 100, 400, 50, 50, 20, 40, 5, 5, 2, 4)}), "cash"},
		{"no bag number", fill(cashDraft, CashReturnFill{Lines: lines, Cash: cash(1000, 2000)}), "bag_number"},
		{"nothing on the lines", fill(cashDraft, CashReturnFill{Lines: []CashReturnLine{{}, {}}, BagNumber: "B1"}), "lines"},
		{"cheques agree", fill(chequeDraft, CashReturnFill{Lines: lines, Cheques: []BankedCheque{{"100001", "A Smith", 1500}, {"100002", "B Jones", 500}}}), ""},
		{"no cheque", fill(chequeDraft, CashReturnFill{Lines: lines}), "cheques"},
		{"cheques disagree", fill(chequeDraft, CashReturnFill{Lines: lines, Cheques: []BankedCheque{{"100001", "A Smith", 1500}}}), "cheques"},
	}
	for _, tt := range tests {
		err := CheckSubmit(tt.r)
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.field != "" && ErrorFields(err)[tt.field] == "":
			t.Errorf("%s: %v %v; want a problem on %s", tt.name, err, ErrorFields(err), tt.field)
		}
	}
	if _, err := ApplyDraft(chequeDraft, CashReturnFill{Lines: lines, Cheques: []BankedCheque{{"", "A", 0}}}); ErrorFields(err)["cheques[0].number"] == "" ||
		ErrorFields(err)["cheques[0].amount"] == "" {
		t.Errorf("a cheque without number or amount: %v", ErrorFields(err))
	}
}

func TestAuthoriseCloseAndPosting(t *testing.T) {
	clerk := Principal{UserID: 1, Roles: []Role{CashReturns}}
	boss := Principal{UserID: 2, Roles: []Role{CashReturnAuthoriser}}
	r, _ := NewCashReturn(libraryTemplate(), CashReturnCash, "13")
	r, _ = ApplyDraft(r, CashReturnFill{Lines: []CashReturnLine{{Amount: 1250}, {}}, BagNumber: "B1", Cash: cash(1000, 1000, 50, 250)})
	if _, err := CheckAuthorise(r, boss, nil); ErrorCode(err) != Conflict {
		t.Errorf("authorising a draft: %v; want Conflict", err)
	}
	if to, err := CheckClose(r, "Started in error"); err != nil || to != CashReturnVoided {
		t.Errorf("closing a draft: %s %v; want voided", to, err)
	}
	r.ID, r.Status, r.SubmittedBy, r.SubmittedAt = 7, CashReturnSubmitted, clerk.Actor(), time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC)
	if _, err := CheckAuthorise(r, clerk, nil); ErrorCode(err) != Forbidden {
		t.Errorf("authorising one's own return: %v; want Forbidden", err)
	}
	if _, err := CheckAuthorise(r, boss, []CashReturnAdjustment{{Line: 0, Amount: 1200}}); ErrorFields(err)["lines[0].adjust_reason"] == "" {
		t.Errorf("an adjustment without a reason: %v", err)
	}
	if _, err := CheckAuthorise(r, boss, []CashReturnAdjustment{{Line: 0, Reason: "Empty bag"}}); ErrorFields(err)["lines"] == "" {
		t.Errorf("adjusting the return to nothing: %v", err)
	}
	got, err := CheckAuthorise(r, boss, []CashReturnAdjustment{{Line: 0, Amount: 1200, Reason: "50p short at the bank"}, {Line: 1, Amount: 0}})
	if err != nil || got.Lines[0].Amount != 1200 || got.Lines[0].Submitted != 1250 || !got.Lines[0].Adjusted() || got.Lines[1].Adjusted() {
		t.Fatalf("adjusted: %+v %v", got.Lines, err)
	}
	if _, err := CheckClose(r, " "); ErrorFields(err)["reason"] == "" {
		t.Errorf("deleting without a reason: %v", err)
	}
	if to, err := CheckClose(r, "Duplicate"); err != nil || to != CashReturnDeleted {
		t.Errorf("deleting a submitted return: %s %v", to, err)
	}
	got.Status = CashReturnAuthorised
	if _, err := CheckClose(got, "Too late"); ErrorCode(err) != Conflict {
		t.Errorf("deleting an authorised return: %v; want Conflict", err)
	}

	np := CashReturnPosting(got, "1")
	if np.Kind != PostingCashReturn || np.Office != "CO" || np.SourceRef != "7" || len(np.Entries) != 1 {
		t.Fatalf("posting: %+v", np)
	}
	e := np.Entries[0]
	if e.Kind != EntryCashReturn || e.Fund != "5M" || e.Reference != "LIBFINES" || e.Amount != 1200 || e.MOP != "1" ||
		!e.TransactionTime.Equal(r.SubmittedAt) {
		t.Errorf("posting line: %+v; want £12.00 to 5M LIBFINES dated when submitted", e)
	}
}

func TestCashReturnScoping(t *testing.T) {
	r, _ := NewCashReturn(libraryTemplate(), CashReturnCash, "13")
	if SeesCashReturn(Principal{Roles: []Role{CashReturns}, Funds: []string{"5M"}}, r) {
		t.Error("a user without fund 13 sees a return with a line to 13")
	}
	if !SeesCashReturn(Principal{Roles: []Role{CashReturns}, Funds: []string{"5M", "13"}}, r) {
		t.Error("a user with both funds does not see the return")
	}
	if MayReadCashReturns(Principal{UserID: 1, Roles: []Role{Finance}}) == nil {
		t.Error("Finance reads cash returns")
	}
	if MayReadCashReturns(Principal{APIClientID: 1, Scopes: []Scope{ScopeCashReturns}}) != nil {
		t.Error("an API client with the cash-returns scope cannot read them")
	}
	if err := CheckNote("4444333322221111"); err == nil {
		t.Error("a note with a card number was accepted")
	}
}
