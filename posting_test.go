package ims_test

import (
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

func TestPostingRole(t *testing.T) {
	for _, k := range ims.PostingKinds() {
		if _, ok := ims.PostingRole(k); !ok {
			t.Errorf("PostingRole(%s) names no role", k)
		}
	}
	if role, _ := ims.PostingRole(ims.PostingJournal); role != ims.Journal {
		t.Errorf("PostingRole(journal) = %s, want %s", role, ims.Journal)
	}
	if _, ok := ims.PostingRole("gift"); ok {
		t.Error("PostingRole of a kind that does not exist names a role")
	}
}

func TestCheckPosting(t *testing.T) {
	line := func(amount string) ims.NewLedgerEntry { return ims.NewLedgerEntry{Amount: money.MustParse(amount)} }
	for _, c := range []struct {
		name  string
		np    ims.NewPosting
		facts ims.PostingFacts
		field string // "" when the posting passes
	}{
		{"a payment", ims.NewPosting{Kind: ims.PostingPayment, Entries: []ims.NewLedgerEntry{line("1.00")}}, ims.PostingFacts{}, ""},
		{"no lines", ims.NewPosting{Kind: ims.PostingPayment}, ims.PostingFacts{}, "entries"},
		{"card number in the narrative", ims.NewPosting{Kind: ims.PostingPayment, Narrative: "4111 1111 1111 1111",
			Entries: []ims.NewLedgerEntry{line("1.00")}}, ims.PostingFacts{}, "narrative"},
		{"unknown office", ims.NewPosting{Kind: ims.PostingPayment, Office: "X", Entries: []ims.NewLedgerEntry{line("1.00")}},
			ims.PostingFacts{}, "office"},
		{"known office", ims.NewPosting{Kind: ims.PostingPayment, Office: "X", Entries: []ims.NewLedgerEntry{line("1.00")}},
			ims.PostingFacts{OfficeExists: true}, ""},
		{"reverses nothing known", ims.NewPosting{Kind: ims.PostingReversal, Reverses: 9,
			Entries: []ims.NewLedgerEntry{line("1.00"), line("-1.00")}}, ims.PostingFacts{}, "reverses"},
		{"journal nets to zero", ims.NewPosting{Kind: ims.PostingJournal, Entries: []ims.NewLedgerEntry{line("10.00"), line("-10.00")}},
			ims.PostingFacts{}, ""},
		{"journal off by a penny", ims.NewPosting{Kind: ims.PostingJournal, Entries: []ims.NewLedgerEntry{line("10.00"), line("-9.99")}},
			ims.PostingFacts{}, "entries"},
		{"an unknown office is reported before the total", ims.NewPosting{Kind: ims.PostingJournal, Office: "X",
			Entries: []ims.NewLedgerEntry{line("10.00")}}, ims.PostingFacts{}, "office"},
		{"lines too large to add up", ims.NewPosting{Kind: ims.PostingTransfer,
			Entries: []ims.NewLedgerEntry{{Amount: money.Pence(1 << 62)}, {Amount: money.Pence(1 << 62)}}}, ims.PostingFacts{}, "entries"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := ims.CheckPosting(c.np, c.facts)
			if c.field == "" {
				if err != nil {
					t.Fatalf("CheckPosting = %v, want nil", err)
				}
				return
			}
			if ims.ErrorCode(err) != ims.Invalid || ims.ErrorFields(err)[c.field] == "" {
				t.Fatalf("CheckPosting = %v, want Invalid naming %s", err, c.field)
			}
		})
	}
}

func TestBuildEntries(t *testing.T) {
	refs := ims.PostingRefs{
		Funds: map[string]ims.Fund{
			"13":  {Code: "13", VATCode: "O"},
			"22":  {Code: "22", VATCode: "S", VATOverride: true},
			"OFF": {Code: "OFF", VATCode: "O", Disabled: true},
			"BAD": {Code: "BAD", VATCode: "GONE"},
		},
		MOPs:     map[string]ims.MOP{"1": {Code: "1"}, "OLD": {Code: "OLD", Disabled: true}},
		VATCodes: map[string]ims.VATCode{"O": {Code: "O"}, "S": {Code: "S", Rate: 2000}, "Z": {Code: "Z", Disabled: true}},
	}
	created := time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC)
	at := ims.Posting{CreatedAt: created, BusinessDate: time.Date(2026, 3, 29, 0, 0, 0, 0, time.UTC), Office: "CIVIC"}
	ok := ims.NewLedgerEntry{Kind: ims.EntryPayment, Fund: "22", Reference: "R1", MOP: "1", Amount: money.MustParse("12.00")}

	t.Run("entries carry VAT and the posting's date and office", func(t *testing.T) {
		when := time.Date(2026, 3, 28, 23, 59, 0, 123456789, time.FixedZone("x", 3600))
		other := ok
		other.Fund, other.TransactionTime = "13", when
		entries, err := ims.BuildEntries(ims.NewPosting{Entries: []ims.NewLedgerEntry{ok, other}}, at, refs, money.HalfUp)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 2 {
			t.Fatalf("got %d entries, want 2", len(entries))
		}
		e := entries[0]
		if e.Line != 1 || e.VATCode != "S" || e.VATRate != 2000 || e.VATAmount != money.MustParse("2.00") ||
			!e.TransactionTime.Equal(created) || e.Office != "CIVIC" || !e.BusinessDate.Equal(at.BusinessDate) {
			t.Errorf("first entry = %+v", e)
		}
		if e := entries[1]; e.Line != 2 || e.VATCode != "O" || e.VATAmount != 0 ||
			!e.TransactionTime.Equal(when.Truncate(time.Microsecond)) || e.TransactionTime.Location() != time.UTC {
			t.Errorf("second entry = %+v", e)
		}
	})
	t.Run("a fund that allows it takes another VAT code", func(t *testing.T) {
		line := ok
		line.VATCode = "O"
		entries, err := ims.BuildEntries(ims.NewPosting{Entries: []ims.NewLedgerEntry{line}}, at, refs, money.HalfUp)
		if err != nil || entries[0].VATCode != "O" || entries[0].VATAmount != 0 {
			t.Fatalf("BuildEntries = %+v, %v", entries, err)
		}
	})
	for _, c := range []struct {
		name   string
		change func(*ims.NewLedgerEntry)
		field  string
	}{
		{"unknown fund", func(e *ims.NewLedgerEntry) { e.Fund = "99" }, "entries[0].fund_code"},
		{"disabled fund", func(e *ims.NewLedgerEntry) { e.Fund = "OFF" }, "entries[0].fund_code"},
		{"unknown MOP", func(e *ims.NewLedgerEntry) { e.MOP = "9" }, "entries[0].mop_code"},
		{"disabled MOP", func(e *ims.NewLedgerEntry) { e.MOP = "OLD" }, "entries[0].mop_code"},
		{"zero amount", func(e *ims.NewLedgerEntry) { e.Amount = 0 }, "entries[0].amount"},
		{"card number in the narrative", func(e *ims.NewLedgerEntry) { e.Narrative = "4111111111111111" }, "entries[0].narrative"},
		{"no reference", func(e *ims.NewLedgerEntry) { e.Reference = "  " }, "entries[0].reference"},
		{"more of the card than may be kept", func(e *ims.NewLedgerEntry) { e.CardFirst6 = "4111111" }, "entries[0].card"},
		{"a VAT code the fund does not allow", func(e *ims.NewLedgerEntry) { e.Fund, e.VATCode = "13", "S" }, "entries[0].vat_code"},
		{"a disabled VAT code", func(e *ims.NewLedgerEntry) { e.VATCode = "Z" }, "entries[0].vat_code"},
		{"a fund whose VAT code is gone", func(e *ims.NewLedgerEntry) { e.Fund = "BAD" }, "entries[0].vat_code"},
	} {
		t.Run(c.name, func(t *testing.T) {
			line := ok
			c.change(&line)
			_, err := ims.BuildEntries(ims.NewPosting{Entries: []ims.NewLedgerEntry{line, ok}}, at, refs, money.HalfUp)
			fields := ims.ErrorFields(err)
			if ims.ErrorCode(err) != ims.Invalid || fields[c.field] == "" || len(fields) != 1 {
				t.Fatalf("BuildEntries = %v (fields %v), want Invalid naming only %s", err, fields, c.field)
			}
		})
	}
	t.Run("every line's problems at once", func(t *testing.T) {
		bad := ok
		bad.Fund, bad.Amount = "99", 0
		_, err := ims.BuildEntries(ims.NewPosting{Entries: []ims.NewLedgerEntry{bad, ok, bad}}, at, refs, money.HalfUp)
		fields := ims.ErrorFields(err)
		for _, f := range []string{"entries[0].fund_code", "entries[0].amount", "entries[2].fund_code", "entries[2].amount"} {
			if fields[f] == "" {
				t.Errorf("no problem reported for %s: %v", f, fields)
			}
		}
	})
}

func TestVATCodesNeeded(t *testing.T) {
	np := ims.NewPosting{Entries: []ims.NewLedgerEntry{{Fund: "13"}, {Fund: "99", VATCode: "Z"}}}
	got := ims.VATCodesNeeded(np, map[string]ims.Fund{"13": {Code: "13", VATCode: "O"}})
	if len(got) != 2 || got[0] != "O" || got[1] != "Z" {
		t.Errorf("VATCodesNeeded = %v, want [O Z]", got)
	}
}
