package imscsv

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ims-council/ims"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func mustParse(t *testing.T, file string) *ims.StatementFile {
	t.Helper()
	f, err := Parse(strings.NewReader(file))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return f
}

func parseErrors(t *testing.T, file string) ims.ParseErrors {
	t.Helper()
	f, err := Parse(strings.NewReader(file))
	if err == nil {
		t.Fatalf("Parse succeeded with %d entries; want an error", len(f.Statements[0].Entries))
	}
	var pes ims.ParseErrors
	if !errors.As(err, &pes) || len(pes) == 0 {
		t.Fatalf("Parse error is %T %v; want ims.ParseErrors", err, err)
	}
	return pes
}

func TestParseIMSLayout(t *testing.T) {
	t.Parallel()
	file := "transaction_date,fund,reference,amount,mop,vat_code,narrative,office,source_reference\r\n" +
		"2024-04-01,23,500012345,125.50,15,N0,Council tax April,PO,TX-1\r\n" +
		"2024-04-02,11,\"PCN,7788\",-3.20,90,,\"Refund, part \"\"A\"\"\",,\r\n" +
		",,,,,,,,\r\n" + // spreadsheets write rows like this; they are skipped
		"2024-02-29,5,,0,BK,,\"two\nlines\",,\r\n"
	f := mustParse(t, file)
	if f.Format != "imscsv" || f.Profile != "ims" || len(f.Problems) != 0 {
		t.Fatalf("format %q profile %q problems %v", f.Format, f.Profile, f.Problems)
	}
	want := []ims.Entry{
		{Line: 2, Currency: "GBP", BookingDate: date(2024, 4, 1), Fund: "23", Reference: "500012345", Minor: 12550, MOP: "15", VATCode: "N0", Narrative: "Council tax April", Office: "PO", BankRef: "TX-1"},
		{Line: 3, Currency: "GBP", BookingDate: date(2024, 4, 2), Fund: "11", Reference: "PCN,7788", Minor: -320, MOP: "90", Narrative: `Refund, part "A"`},
		{Line: 5, Currency: "GBP", BookingDate: date(2024, 2, 29), Fund: "5", Minor: 0, MOP: "BK", Narrative: "two\nlines"},
	}
	if diff := cmp.Diff(want, f.Statements[0].Entries); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	if st := f.Statements[0]; st.Currency != "GBP" || st.Opening != nil || st.DeclaredCount != nil {
		t.Errorf("statement %+v; want GBP with no balances or declared count", st)
	}
}

func TestParseIMSHeaderIsFlexible(t *testing.T) {
	t.Parallel()
	// Any order, any case, spaces for underscores, optional columns left out; BOM and a £ in
	// Windows-1252 (0xA3) in a narrative.
	file := "\xEF\xBB\xBFMOP, Amount ,Reference,FUND,Transaction Date,Narrative\n" +
		"15,1.00,R1,23,2024-04-01,\xA35 note\n"
	f := mustParse(t, file)
	e := f.Statements[0].Entries[0]
	if e.MOP != "15" || e.Minor != 100 || e.Reference != "R1" || e.Fund != "23" || e.BookingDate != date(2024, 4, 1) || e.Narrative != "£5 note" {
		t.Errorf("entry %+v", e)
	}
}

func TestParseRejectsBadIMSFiles(t *testing.T) {
	t.Parallel()
	header := "transaction_date,fund,reference,amount,mop\n"
	tests := []struct {
		name, file string
		want       []ims.ParseError
	}{
		{"unknown column", "transaction_date,fund,reference,amount,mop,colour\n", []ims.ParseError{
			{Line: 1, Column: "column 6", Message: `unknown column "colour"; the IMS layout's columns are transaction_date, fund, reference, amount, mop, vat_code, narrative, office, source_reference`}}},
		{"missing and repeated columns", "transaction_date,fund,amount,Fund\n", []ims.ParseError{
			{Line: 1, Column: "column 4", Message: `column "fund" is named twice (first in column 2)`},
			{Line: 1, Message: "the header has no reference column, which the IMS layout requires"},
			{Line: 1, Message: "the header has no mop column, which the IMS layout requires"}}},
		{"date that does not exist", header + "2024-02-30,23,R,1.00,15\n", []ims.ParseError{
			{Line: 2, Column: "column 1 (transaction_date)", Message: `the date "2024-02-30" does not exist (day out of range)`}}},
		{"date in another form", header + "01/04/2024,23,R,1.00,15\n", []ims.ParseError{
			{Line: 2, Column: "column 1 (transaction_date)", Message: `the date "01/04/2024" is not in the form YYYY-MM-DD`}}},
		{"too many decimals and a word for an amount", header + "2024-04-01,23,R,1.005,15\n2024-04-01,23,R,ten,15\n", []ims.ParseError{
			{Line: 2, Column: "column 4 (amount)", Message: `the amount "1.005" has more than 2 decimal places`},
			{Line: 3, Column: "column 4 (amount)", Message: `the amount "ten" is not an amount`}}},
		{"blank amount and date", header + ",23,R,,15\n", []ims.ParseError{
			{Line: 2, Column: "column 1 (transaction_date)", Message: "the date is blank"},
			{Line: 2, Column: "column 4 (amount)", Message: "the amount is blank"}}},
		{"wrong number of fields", header + "2024-04-01,23,R,1.00\n", []ims.ParseError{
			{Line: 2, Message: "the row has 4 fields but the header has 5"}}},
		{"unclosed quote", header + "2024-04-01,23,\"R,1.00,15\n", []ims.ParseError{
			{Line: 2, Column: "position 26", Message: `a quoted field is not closed (a " is missing)`}}},
		{"stray quote", header + "2024-04-01,23,R\"x,1.00,15\n2024-04-01,23,R,x,15\n", []ims.ParseError{
			{Line: 2, Column: "position 16", Message: `a " appears inside a field that is not quoted; double it ("") inside a quoted field`},
			{Line: 3, Column: "column 4 (amount)", Message: `the amount "x" is not an amount`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseErrors(t, tt.file)
			if diff := cmp.Diff(ims.ParseErrors(tt.want), got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseRefusesOtherFormats(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, file, found string }{
		{"bank CSV", "Date,Description,Amount\n01/04/2024,x,1.00\n", `found a first row of 3 fields, "Date,Description,Amount"`},
		{"allpay", "KIOSK0160012345            25.00P05/03/2025\r\n", `found a first row of 1 fields, "KIOSK0160012345            25.00P05/03/2025"`},
		{"xlsx", "PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "found binary data"},
		{"xlsx with a quote", "PK\x03\x04\x14\x00\"\x00\x08\x00\x00\x00!\x00", "found binary data"},
		{"XML", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document>\n",
			`found "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", which is not CSV (line 1, position 15: a " appears inside a field that is not quoted; double it ("") inside a quoted field)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pes := parseErrors(t, tt.file)
			if len(pes) != 1 || !strings.HasPrefix(pes[0].Message, "not an IMS CSV file: expected a header row naming the columns transaction_date, fund, reference, amount and mop") ||
				!strings.HasSuffix(pes[0].Message, tt.found) {
				t.Errorf("got %v; want one error saying it is not an IMS CSV file, %s", pes, tt.found)
			}
		})
	}
	if pes := parseErrors(t, "\r\n\r\n"); !strings.HasPrefix(pes[0].Message, "the file is empty") {
		t.Errorf("empty file: %v", pes)
	}
}

func TestParseCapsErrors(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("transaction_date,fund,reference,amount,mop\n")
	for range 300 {
		b.WriteString("2024-04-01,23,R,1.001,15\n")
	}
	if pes := parseErrors(t, b.String()); len(pes) != ims.MaxParseErrors || pes[len(pes)-1].Line != ims.MaxParseErrors+1 {
		t.Errorf("%d errors ending on line %d; want %d ending on line %d", len(pes), pes[len(pes)-1].Line, ims.MaxParseErrors, ims.MaxParseErrors+1)
	}
}

func TestParseStopsAtAnUnclosedQuote(t *testing.T) {
	t.Parallel()
	// Without a bound, csv would gather the 2 MiB after the open quote into one field.
	file := "transaction_date,fund,reference,amount,mop\n2024-04-01,23,\"R,1.00,15\n" +
		strings.Repeat("2024-04-01,23,R,1.00,15\n", 100000)
	pes := parseErrors(t, file)
	if len(pes) != 1 || !strings.HasSuffix(pes[0].Message, `a quoted field is probably not closed (a " is missing)`) {
		t.Errorf("errors %v", pes)
	}
}

func TestParseLocalGovLayout(t *testing.T) {
	t.Parallel()
	row := func(date, amount string) string {
		return "RCPT1,INT1,PSP1,PO,2024-04-01 09:00:00," + date + ",500012345,USR,23,15," + amount + ",N0,0,0.00,Council tax\r\n"
	}
	want := ims.Entry{Line: 1, Currency: "GBP", BankRef: "RCPT1", EndToEndID: "PSP1", Office: "PO", BookingDate: date(2024, 4, 1),
		Reference: "500012345", Fund: "23", MOP: "15", Minor: 12550, VATCode: "N0", Narrative: "Council tax"}

	t.Run("headerless", func(t *testing.T) {
		f := mustParse(t, row("2024-04-01 10:15:00", "125.50")+row("01/04/2024", "125.50"))
		if f.Profile != "localgov-ims" || len(f.Statements[0].Entries) != 2 {
			t.Fatalf("profile %q, %d entries", f.Profile, len(f.Statements[0].Entries))
		}
		if diff := cmp.Diff(want, f.Statements[0].Entries[0]); diff != "" {
			t.Errorf("entry (-want +got):\n%s", diff)
		}
		if got := f.Statements[0].Entries[1].BookingDate; got != date(2024, 4, 1) {
			t.Errorf("dd/mm/yyyy date read as %v", got)
		}
	})
	t.Run("with a header", func(t *testing.T) {
		header := "Reference,InternalReference,PspReference,OfficeCode,EntryDate,TransactionDate,AccountReference,UserCode,FundCode,MopCode,Amount,VatCode,VatRate,VatAmount,Narrative\r\n"
		f := mustParse(t, header+row("2024-04-01T10:15:00", "125.50"))
		want := want
		want.Line = 2
		if diff := cmp.Diff([]ims.Entry{want}, f.Statements[0].Entries); diff != "" {
			t.Errorf("entries (-want +got):\n%s", diff)
		}
	})
	t.Run("bad rows", func(t *testing.T) {
		pes := parseErrors(t, row("2024-04-01", "1.00")+row("31/04/2024", "1.00")+row("2024-04-01 25:00", "1.001")+"a,b\n")
		want := []ims.ParseError{
			{Line: 2, Column: "column 6 (transaction date)", Message: `the date "31/04/2024" does not exist (day out of range)`},
			{Line: 3, Column: "column 6 (transaction date)", Message: `the date "2024-04-01 25:00" has a time that is not hh:mm or hh:mm:ss`},
			{Line: 3, Column: "column 11 (amount)", Message: `the amount "1.001" has more than 2 decimal places`},
			{Line: 4, Message: "the row has 2 fields but the 15-column LocalGov IMS layout has 15"},
		}
		if diff := cmp.Diff(ims.ParseErrors(want), pes); diff != "" {
			t.Errorf("errors (-want +got):\n%s", diff)
		}
	})
}

func TestSniff(t *testing.T) {
	t.Parallel()
	tests := []struct {
		head string
		want bool
	}{
		{"transaction_date,fund,reference,amount,mop\n2024-04-01,23,R,1.00,15\n", true},
		{"\xEF\xBB\xBFAmount,Transaction Date,Fund,Reference,MOP\r\n", true},
		{"RCPT1,INT1,PSP1,PO,2024-04-01,2024-04-01,500012345,USR,23,15,125.50,N0,0,0.00,Council tax\r\n", true},
		{"Date,Description,Amount\n", false},
		{"Reference,InternalReference,PspReference,OfficeCode,EntryDate,TransactionDate,AccountReference,UserCode,FundCode,MopCode,Amount,VatCode,VatRate,VatAmount,Narrative\n", false},
		{"<?xml version=\"1.0\"?>", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := Sniff([]byte(tt.head)); got != tt.want {
			t.Errorf("Sniff(%q) = %v; want %v", tt.head, got, tt.want)
		}
	}
}
