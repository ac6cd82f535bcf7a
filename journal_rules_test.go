package ims

import (
	"testing"

	"github.com/ims-council/ims/money"
)

func TestJournalRequestShape(t *testing.T) {
	line := func(amount money.Pence) JournalLine {
		return JournalLine{Fund: "13", Reference: "MISC 1", Amount: amount}
	}
	tests := []struct {
		name  string
		req   JournalRequest
		field string // "" when the shape is right
	}{
		{"balanced", JournalRequest{Sources: []JournalSource{{EntryID: 1, Amount: 3000}}, Targets: []JournalLine{line(1000), line(2000)}, Reason: "x"}, ""},
		{"no reason", JournalRequest{Sources: []JournalSource{{EntryID: 1, Amount: 1000}}, Targets: []JournalLine{line(1000)}, Reason: " "}, "reason"},
		{"card number as reason", JournalRequest{Sources: []JournalSource{{EntryID: 1, Amount: 1000}}, Targets: []JournalLine{line(1000)}, Reason: "4444333322221111"}, "reason"},
		{"no source", JournalRequest{Targets: []JournalLine{line(1000)}, Reason: "x"}, "sources"},
		{"no target", JournalRequest{Sources: []JournalSource{{EntryID: 1, Amount: 1000}}, Reason: "x"}, "targets"},
		{"entry twice", JournalRequest{Sources: []JournalSource{{EntryID: 1, Amount: 500}, {EntryID: 1, Amount: 500}}, Targets: []JournalLine{line(1000)}, Reason: "x"}, "sources[1].entry_id"},
		{"zero taken", JournalRequest{Sources: []JournalSource{{EntryID: 1}}, Targets: []JournalLine{line(1000)}, Reason: "x"}, "sources[0].amount"},
		{"target without reference", JournalRequest{Sources: []JournalSource{{EntryID: 1, Amount: 1000}}, Targets: []JournalLine{{Fund: "13", Amount: 1000}}, Reason: "x"}, "targets[0].reference"},
		{"targets short by a penny", JournalRequest{Sources: []JournalSource{{EntryID: 1, Amount: 1000}}, Targets: []JournalLine{line(999)}, Reason: "x"}, "targets"},
	}
	for _, tt := range tests {
		err := tt.req.CheckShape()
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.field != "" && ErrorFields(err)[tt.field] == "":
			t.Errorf("%s: %v %v; want a problem on %s", tt.name, err, ErrorFields(err), tt.field)
		}
	}
}

func TestTransferMustBalanceExactly(t *testing.T) {
	side := func(amounts ...money.Pence) []JournalLine {
		var out []JournalLine
		for _, a := range amounts {
			out = append(out, JournalLine{Fund: "XT", Reference: "R", Amount: a})
		}
		return out
	}
	if err := (TransferRequest{From: side(5000), To: side(3000, 2000), Reason: "x"}).CheckShape(); err != nil {
		t.Errorf("balanced: %v", err)
	}
	if err := (TransferRequest{From: side(5000), To: side(3000, 1999), Reason: "x"}).CheckShape(); ErrorFields(err)["to"] == "" {
		t.Errorf("a penny short: %v; want a problem on to", err)
	}
	if err := (TransferRequest{To: side(1), Reason: "x"}).CheckShape(); ErrorFields(err)["from"] == "" {
		t.Errorf("nothing to transfer from: %v", err)
	}
}

func TestJournalDebits(t *testing.T) {
	p := Principal{UserID: 1, Roles: []Role{Journal}, Funds: []string{"19"}}
	entries := map[int64]JournalEntry{
		1: {LedgerEntry: LedgerEntry{ID: 1, Kind: EntryPayment, Fund: "19", Reference: "SI 1", VATCode: "E0", Amount: 10000}, Available: 7000},
		2: {LedgerEntry: LedgerEntry{ID: 2, Kind: EntryPayment, Fund: "11", Reference: "BJ1", Amount: 3500}, Available: 3500},
		3: {LedgerEntry: LedgerEntry{ID: 3, Kind: EntryRefund, Fund: "19", Reference: "SI 1", Amount: -1000}, Available: -1000},
	}
	lines, err := JournalDebits(p, []JournalSource{{EntryID: 1, Amount: 7000}}, entries, "JN", "why")
	if err != nil || len(lines) != 1 || lines[0] != (NewLedgerEntry{Kind: EntryJournalDebit, Fund: "19", Reference: "SI 1", MOP: "JN",
		Amount: -7000, VATCode: "E0", Narrative: "why", LinksEntry: 1}) {
		t.Errorf("all that is left: %+v %v", lines, err)
	}
	_, err = JournalDebits(p, []JournalSource{{EntryID: 1, Amount: 7001}, {EntryID: 2, Amount: 100}, {EntryID: 3, Amount: 100}, {EntryID: 9, Amount: 1}},
		entries, "JN", "why")
	fields := ErrorFields(err)
	if fields["sources[0].amount"] == "" || fields["sources[1].entry_id"] != "There is no entry 2" ||
		fields["sources[2].entry_id"] == "" || fields["sources[3].entry_id"] != "There is no entry 9" {
		t.Errorf("more than is left, another group's fund, a refund line, no such entry: %v", fields)
	}
}

func TestCheckUndo(t *testing.T) {
	j := JournalRecord{ID: 4, Kind: KindOfJournal}
	credit := JournalEntry{LedgerEntry: LedgerEntry{Fund: "13", Reference: "MISC 1", Amount: 3000}, Available: 3000}
	if err := CheckUndo(j, []JournalEntry{credit}); err != nil {
		t.Errorf("untouched: %v", err)
	}
	moved := credit
	moved.Available = 1000
	if err := CheckUndo(j, []JournalEntry{credit, moved}); ErrorCode(err) != Conflict {
		t.Errorf("money moved on: %v; want Conflict", err)
	}
	j.UndoPostingID = 9
	if err := CheckUndo(j, []JournalEntry{credit}); ErrorCode(err) != Conflict {
		t.Errorf("undone already: %v; want Conflict", err)
	}
}
