package ims

import (
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims/money"
)

func journalTarget() ExportTarget {
	return ExportTarget{Code: "GL", Name: "General ledger", Kind: ExportJournal, DefaultControl: "9000",
		ControlCodes: map[string]string{"CARD": "9100"},
		Layout: ExportLayout{Format: LayoutCSV, ColumnNames: true, Fields: []ExportField{
			{Source: "date", Format: "DD/MM/YYYY"}, {Source: "account"}, {Source: "vat_code"}, {Source: "amount"}}}}
}

func TestExportTargetValidate(t *testing.T) {
	if err := journalTarget().Validate(); err != nil {
		t.Fatalf("a good journal target is refused: %v", err)
	}
	fixed := func(t *ExportTarget) {
		t.Kind, t.Funds, t.ControlCodes, t.DefaultControl = ExportAccountPostings, []string{"CT"}, nil, ""
		t.Layout = ExportLayout{Format: LayoutFixed, Fields: []ExportField{{Source: "reference", Width: 10}, {Source: "amount", Width: 9}}}
	}
	tests := []struct {
		name, field, want string
		change            func(*ExportTarget)
	}{
		{"no code", "code", "Enter a code", func(t *ExportTarget) { t.Code = "" }},
		{"unknown kind", "kind", "Kind must be journal or account_postings", func(t *ExportTarget) { t.Kind = "gl" }},
		{"journal without a control", "default_control", "Enter the control code", func(t *ExportTarget) { t.DefaultControl = "" }},
		{"journal with funds", "funds", "takes every fund", func(t *ExportTarget) { t.Funds = []string{"CT"} }},
		{"postings without funds", "funds", "Choose the funds", func(t *ExportTarget) { fixed(t); t.Funds = nil }},
		{"postings with a control", "control_codes", "only for a journal", func(t *ExportTarget) { fixed(t); t.DefaultControl = "9" }},
		{"fund twice", "funds", "Fund CT is listed twice", func(t *ExportTarget) { fixed(t); t.Funds = []string{"CT", "CT"} }},
		{"prefix with a slash", "file_prefix", "File prefix must be one folder name", func(t *ExportTarget) { t.FilePrefix = "a/b" }},
		{"unknown format", "layout.format", "Format must be csv or fixed", func(t *ExportTarget) { t.Layout.Format = "xml" }},
		{"two-character delimiter", "layout.delimiter", "one character", func(t *ExportTarget) { t.Layout.Delimiter = ";;" }},
		{"no fields", "layout.fields", "Give the fields", func(t *ExportTarget) { t.Layout.Fields = nil }},
		{"unknown source", "layout.fields[1].source", `Source "acount" is not one of`, func(t *ExportTarget) { t.Layout.Fields[1].Source = "acount" }},
		{"reference in a journal", "layout.fields[1].source", "A journal line has no reference", func(t *ExportTarget) { t.Layout.Fields[1].Source = "reference" }},
		{"account in postings", "layout.fields[0].source", "An account postings line has no account", func(t *ExportTarget) { fixed(t); t.Layout.Fields[0].Source = "account" }},
		{"line value in a trailer", "layout.trailer[0].source", "belongs to a detail line", func(t *ExportTarget) { t.Layout.Trailer = []ExportField{{Source: "amount"}} }},
		{"fixed without a width", "layout.fields[1].width", "Give the width", func(t *ExportTarget) { fixed(t); t.Layout.Fields[1].Width = 0 }},
		{"fixed with column names", "layout.column_names", "no column names", func(t *ExportTarget) { fixed(t); t.Layout.ColumnNames = true }},
		{"bad date format", "layout.fields[0].format", `date format "DD/MM/YYYY hh"`, func(t *ExportTarget) { t.Layout.Fields[0].Format = "DD/MM/YYYY hh" }},
		{"bad amount format", "layout.fields[3].format", "pounds or pence", func(t *ExportTarget) { t.Layout.Fields[3].Format = "euros" }},
		{"sign on text", "layout.fields[1].sign", "Sign is for amounts", func(t *ExportTarget) { t.Layout.Fields[1].Sign = "minus" }},
		{"truncated amount", "layout.fields[3].truncate", "Only text", func(t *ExportTarget) { t.Layout.Fields[3].Truncate = true }},
		{"text on a date", "layout.fields[0].text", "only for a field whose source is text", func(t *ExportTarget) { t.Layout.Fields[0].Text = "x" }},
		{"long pad", "layout.fields[3].pad", "one character", func(t *ExportTarget) { t.Layout.Fields[3].Pad = "00" }},
		{"bad line end", "layout.line_end", "crlf or lf", func(t *ExportTarget) { t.Layout.LineEnd = "cr" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tg := journalTarget()
			tt.change(&tg)
			got := ErrorFields(tg.Validate())[tt.field]
			if !strings.Contains(got, tt.want) {
				t.Errorf("problem with %s = %q, want it to contain %q (all: %v)", tt.field, got, tt.want, ErrorFields(tg.Validate()))
			}
		})
	}
}

func day(d int) time.Time { return time.Date(2026, 12, d, 0, 0, 0, 0, time.UTC) }

func TestRenderCSV(t *testing.T) {
	l := ExportLayout{Format: LayoutCSV, Delimiter: ";", LineEnd: "lf", ColumnNames: true,
		Header:  []ExportField{{Source: "text", Text: "H"}, {Source: "batch"}, {Source: "created", Format: "DD-MON-YY"}},
		Fields:  []ExportField{{Source: "date", Format: "YYYYMMDD"}, {Source: "reference", Name: "Ref"}, {Source: "narrative"}, {Source: "amount"}, {Source: "debit", BlankZero: true}, {Source: "credit", Format: "pence"}, {Source: "dc"}},
		Trailer: []ExportField{{Source: "text", Text: "T"}, {Source: "count"}, {Source: "total"}, {Source: "debits"}, {Source: "credits"}}}
	got, err := l.Render(ExportFile{BatchID: "CT-000007", Seq: 7, Created: day(3), Rows: []ExportRow{
		{Date: day(2), Reference: "1234", Narrative: "line one\nline; two", Amount: 12345},
		{Date: day(2), Reference: "99", Amount: -5},
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := "H;CT-000007;03-DEC-26\n" +
		"date;Ref;narrative;amount;debit;credit;dc\n" +
		"20261202;1234;\"line one line; two\";123.45;123.45;0;D\n" +
		"20261202;99;;-0.05;;5;C\n" +
		"T;2;123.40;123.45;0.05\n"
	if string(got) != want {
		t.Errorf("Render =\n%q\nwant\n%q", got, want)
	}
}

func TestRenderFixedWidth(t *testing.T) {
	l := ExportLayout{Format: LayoutFixed,
		Fields: []ExportField{
			{Source: "reference", Width: 8},
			{Source: "amount", Width: 8, Pad: "0", Format: "pence"},
			{Source: "amount", Width: 8, Sign: "trailing"},
			{Source: "narrative", Width: 5, Truncate: true},
			{Source: "line_no", Width: 3, Pad: "0"},
			{Source: "fund", Width: 4, Align: "right"}},
		Trailer: []ExportField{{Source: "text", Text: "99", Width: 2}, {Source: "count", Width: 6, Pad: "0"}}}
	got, err := l.Render(ExportFile{Rows: []ExportRow{
		{Reference: "A1", Amount: -1234, Narrative: "Council tax", Fund: "CT"},
		{Reference: "B22", Amount: 7, Fund: "HR"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := "A1      -0001234  12.34-Counc001  CT\r\n" +
		"B22     00000007    0.07     002  HR\r\n" +
		"99000002\r\n"
	if string(got) != want {
		t.Errorf("Render =\n%q\nwant\n%q", got, want)
	}
	// A reference or amount that does not fit is refused, naming where: never cut.
	_, err = l.Render(ExportFile{Rows: []ExportRow{{Reference: "A1"}, {Reference: "123456789"}}})
	if ErrorCode(err) != Invalid || !strings.Contains(ErrorMessage(err), `line 2, field 1 (reference): "123456789" is longer than its width 8`) {
		t.Errorf("a reference too long for its width: %v", err)
	}
	_, err = l.Render(ExportFile{Rows: []ExportRow{{Amount: money.Pence(1_000_000_000)}}})
	if ErrorCode(err) != Invalid || !strings.Contains(ErrorMessage(err), "field 2 (amount)") {
		t.Errorf("an amount too long for its width: %v", err)
	}
}

func TestJournalExportRowsBalanceAgainstControlCodes(t *testing.T) {
	funds := map[string]Fund{"CT": {Code: "CT", GLCode: "4000", CostCentre: "R100"},
		"BR": {Code: "BR", GLCode: "4100", CostCentre: "R100"}, "PK": {Code: "PK", GLCode: "4200", CostCentre: "P1"}}
	e := func(d int, fund, mop, vat string, amount, v money.Pence) ExportEntry {
		return ExportEntry{LedgerEntry: LedgerEntry{BusinessDate: day(d), Fund: fund, MOP: mop, VATCode: vat, Amount: amount, VATAmount: v}}
	}
	rows, err := JournalExportRows(journalTarget(), funds, []ExportEntry{
		e(2, "CT", "CARD", "O", 10000, 0), e(2, "CT", "CASH", "O", 500, 0), e(2, "PK", "CARD", "S", 600, 100),
		e(1, "BR", "CASH", "O", 2500, 0),
		e(2, "BR", "CASH", "O", 300, 0), e(2, "BR", "CASH", "O", -300, 0), // a transfer nets to nothing
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r.Date.Format("02")+" "+r.Account+" "+r.CostCentre+" "+r.VATCode+" "+r.Amount.String()+" "+r.VATAmount.String())
	}
	want := []string{
		"01 4100 R100 O -25.00 0.00", "01 9000   25.00 0.00",
		"02 4000 R100 O -105.00 0.00", "02 4200 P1 S -6.00 -1.00", "02 9000   5.00 0.00", "02 9100   106.00 0.00",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("journal rows:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, err := JournalExportRows(journalTarget(), funds, []ExportEntry{e(1, "XX", "CASH", "O", 1, 0)}); ErrorCode(err) != Internal {
		t.Errorf("an entry of an unknown fund: %v", err)
	}
}

func TestAccountPostingRowsTakeTheTargetsFundsOnly(t *testing.T) {
	loc, err := LondonLocation()
	if err != nil {
		t.Fatal(err)
	}
	tg := ExportTarget{Kind: ExportAccountPostings, Funds: []string{"CT"}}
	late := time.Date(2026, 6, 1, 23, 30, 0, 0, time.UTC) // 00:30 on 2 June in London
	rows := AccountPostingRows(tg, map[string]Fund{"CT": {GLCode: "4000"}}, []ExportEntry{
		{LedgerEntry: LedgerEntry{ID: 9, Fund: "CT", Reference: "B", Amount: 5, TransactionTime: late}, Receipt: "R2"},
		{LedgerEntry: LedgerEntry{ID: 3, Fund: "HR", Reference: "X", Amount: 7}},
		{LedgerEntry: LedgerEntry{ID: 4, Fund: "CT", Reference: "A", Amount: -2}, Receipt: "R1"},
	}, loc)
	if len(rows) != 2 || rows[0].EntryID != 4 || rows[1].EntryID != 9 || rows[1].Receipt != "R2" || rows[1].GLCode != "4000" {
		t.Fatalf("rows = %+v", rows)
	}
	if d := rows[1].TransactionDate.Format("2006-01-02"); d != "2026-06-02" {
		t.Errorf("transaction date %s, want the London date 2026-06-02", d)
	}
}

func TestBatchIDAndFileName(t *testing.T) {
	tg := journalTarget()
	if got := BatchID("GL", 42); got != "GL-000042" {
		t.Errorf("BatchID = %s", got)
	}
	if got := tg.FileName(42); got != "GL-000042.csv" {
		t.Errorf("FileName = %s", got)
	}
	tg.FilePrefix, tg.Layout.Format = "ctax_in", LayoutFixed
	if got := tg.FileName(1234567); got != "ctax_in-1234567.txt" {
		t.Errorf("FileName = %s", got)
	}
}
