package bankcsv

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ims-council/ims"
	"gopkg.in/yaml.v3"
)

// testProfile is a small profile with a header, debit and credit columns and a running balance.
func testProfile() Profile {
	return Profile{
		Name:        "test",
		Header:      true,
		Columns:     Columns{Date: "Date", Description: "Details", Debit: "Out", Credit: "In", Balance: "Balance", Reference: "Ref"},
		DateFormats: []string{"dd/mm/yyyy", "yyyy-mm-dd"},
		Order:       OldestFirst,
	}
}

const testHeader = "Date,Details,Ref,Out,In,Balance\n"

func parseWith(t *testing.T, p Profile, file string) (*ims.StatementFile, ims.ParseErrors) {
	t.Helper()
	f, err := ParseProfile(strings.NewReader(file), p)
	if err == nil {
		return f, nil
	}
	var pes ims.ParseErrors
	if !errors.As(err, &pes) || len(pes) == 0 || f != nil {
		t.Fatalf("ParseProfile returned %v, %T %v; want ims.ParseErrors", f, err, err)
	}
	return nil, pes
}

func TestParseProfileReadsRows(t *testing.T) {
	t.Parallel()
	file := "\xEF\xBB\xBF" + testHeader +
		"01/04/2024,\"Rent, flat 2\",R1,,\xA3450.00,\"\xA31,450.00\"\r\n" + // Windows-1252 £ signs
		"2024-04-02,Card,,12.34,,\"1,437.66\"\r\n" +
		"02/04/2024,Nothing,,0.00,,1437.66\r\n"
	f, pes := parseWith(t, testProfile(), file)
	if pes != nil {
		t.Fatal(pes)
	}
	want := []ims.Entry{
		{Line: 2, Currency: "GBP", BookingDate: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), Minor: 45000, Narrative: "Rent, flat 2", Remittance: "R1"},
		{Line: 3, Currency: "GBP", BookingDate: time.Date(2024, 4, 2, 0, 0, 0, 0, time.UTC), Minor: -1234, Narrative: "Card"},
		{Line: 4, Currency: "GBP", BookingDate: time.Date(2024, 4, 2, 0, 0, 0, 0, time.UTC), Minor: 0, Narrative: "Nothing"},
	}
	st := f.Statements[0]
	if diff := cmp.Diff(want, st.Entries); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	if st.Opening == nil || st.Opening.Minor != 100000 || st.Closing == nil || st.Closing.Minor != 143766 || len(f.Problems) != 0 {
		t.Errorf("opening %+v closing %+v problems %v; want 1000.00, 1437.66, none", st.Opening, st.Closing, f.Problems)
	}
}

func TestParseProfileReportsBalancesThatDoNotFollow(t *testing.T) {
	t.Parallel()
	file := testHeader +
		"01/04/2024,A,,,100.00,1100.00\n" +
		"02/04/2024,B,,30.00,,1080.00\n" + // should be 1070.00
		"03/04/2024,C,,,5.00,1085.00\n"
	f, pes := parseWith(t, testProfile(), file)
	if pes != nil {
		t.Fatal(pes)
	}
	want := []ims.Problem{{Where: "line 3", Message: "the balance 1080.00 does not follow from the balance 1100.00 on line 2 and this row's amount -30.00: expected 1070.00", Statement: 1}}
	if diff := cmp.Diff(want, f.Problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	// The balances are the file's, not corrected: opening from the first row, closing the last row's.
	if st := f.Statements[0]; st.Opening.Minor != 100000 || st.Closing.Minor != 108500 {
		t.Errorf("opening %d closing %d; want 100000 and 108500", st.Opening.Minor, st.Closing.Minor)
	}
}

func TestParseProfileFollowsNewestFirst(t *testing.T) {
	t.Parallel()
	p := testProfile()
	p.Order = NewestFirst
	file := testHeader +
		"03/04/2024,C,,,5.00,1075.00\n" +
		"02/04/2024,B,,30.00,,1070.00\n" +
		"01/04/2024,A,,,100.00,1100.00\n"
	f, pes := parseWith(t, p, file)
	if pes != nil {
		t.Fatal(pes)
	}
	if st := f.Statements[0]; len(f.Problems) != 0 || st.Opening.Minor != 100000 || st.Closing.Minor != 107500 ||
		!st.Opening.Date.Equal(time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)) || !st.Closing.Date.Equal(time.Date(2024, 4, 3, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("opening %+v closing %+v problems %v; want 1000.00 on 1 April, 1075.00 on 3 April, none", st.Opening, st.Closing, f.Problems)
	}

	// The same rows read as oldest first break both the dates and the balances.
	f, _ = parseWith(t, testProfile(), file)
	if len(f.Problems) != 3 || !strings.HasPrefix(f.Problems[0].Message, "the rows are not oldest-first: this row is dated 2024-04-02 and line 2 2024-04-03") {
		t.Errorf("problems %v; want the order and two balances reported", f.Problems)
	}
}

func TestNewestFirstProblemsComeInTheOrderTheRowsHappened(t *testing.T) {
	t.Parallel()
	// Read newest first, in a file of five rows: two balances that do not follow, and two rows out of
	// date order, of which the earliest in time is reported; each holds the export's one statement.
	p := testProfile()
	p.Order = NewestFirst
	file := testHeader +
		"05/04/2024,E,,,1.00,1000.00\n" + // should be 1003.00
		"03/04/2024,D,,,1.00,1002.00\n" + // out of order: dated before the row below
		"04/04/2024,C,,,1.00,1001.00\n" +
		"02/04/2024,B,,,1.00,1010.00\n" + // should be 1000.00
		"01/04/2024,A,,,1.00,999.00\n"
	f, pes := parseWith(t, p, file)
	if pes != nil {
		t.Fatal(pes)
	}
	want := []ims.Problem{
		{Where: "line 3", Message: "the rows are not newest-first: this row is dated 2024-04-03 and line 4 2024-04-04", Statement: 1},
		{Where: "line 5", Message: "the balance 1010.00 does not follow from the balance 999.00 on line 6 and this row's amount 1.00: expected 1000.00", Statement: 1},
		{Where: "line 4", Message: "the balance 1001.00 does not follow from the balance 1010.00 on line 5 and this row's amount 1.00: expected 1011.00", Statement: 1},
		{Where: "line 2", Message: "the balance 1000.00 does not follow from the balance 1002.00 on line 3 and this row's amount 1.00: expected 1003.00", Statement: 1},
	}
	if diff := cmp.Diff(want, f.Problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if st := f.Statements[0]; st.Opening.Minor != 99800 || st.Closing.Minor != 100000 {
		t.Errorf("opening %d closing %d; want 998.00 before row A and 1000.00 after row E", st.Opening.Minor, st.Closing.Minor)
	}
}

func TestParseProfileRejectsBadRows(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, rows string
		want       ims.ParseError
	}{
		{"date that does not exist", "31/02/2024,A,,,1.00,1.00\n",
			ims.ParseError{Line: 2, Column: "column 1 (Date)", Message: `the date "31/02/2024" does not exist (day out of range)`}},
		{"date in no known form", "1 April 2024,A,,,1.00,1.00\n",
			ims.ParseError{Line: 2, Column: "column 1 (Date)", Message: `the date "1 April 2024" is not in the form dd/mm/yyyy or yyyy-mm-dd`}},
		{"too many decimals", "01/04/2024,A,,,1.001,1.00\n",
			ims.ParseError{Line: 2, Column: "column 5 (In)", Message: `the amount "1.001" has more than 2 decimal places`}},
		{"text for an amount", "01/04/2024,A,,ten,,1.00\n",
			ims.ParseError{Line: 2, Column: "column 4 (Out)", Message: `the amount "ten" is not an amount`}},
		{"both debit and credit", "01/04/2024,A,,1.00,2.00,1.00\n",
			ims.ParseError{Line: 2, Column: "column 5 (In)", Message: "both Out and In hold an amount"}},
		{"neither debit nor credit", "01/04/2024,A,,,,1.00\n",
			ims.ParseError{Line: 2, Column: "column 4 (Out)", Message: "neither Out nor In holds an amount"}},
		{"signed debit", "01/04/2024,A,,-1.00,,1.00\n",
			ims.ParseError{Line: 2, Column: "column 4 (Out)", Message: `the amount "-1.00" is negative; Out holds amounts without a sign`}},
		{"bad balance", "01/04/2024,A,,,1.00,1.0.0\n",
			ims.ParseError{Line: 2, Column: "column 6 (Balance)", Message: `the amount "1.0.0" is not an amount`}},
		{"short row", "01/04/2024,A,,,1.00\n",
			ims.ParseError{Line: 2, Message: "the row has 5 fields but the header has 6"}},
		{"unclosed quote", "01/04/2024,\"A,,,1.00,1.00\n",
			ims.ParseError{Line: 2, Column: "position 27", Message: `a quoted field is not closed (a " is missing)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, pes := parseWith(t, testProfile(), testHeader+tt.rows)
			if pes == nil {
				t.Fatal("parsed")
			}
			if diff := cmp.Diff(tt.want, pes[0]); diff != "" {
				t.Errorf("first error (-want +got):\n%s\nall: %v", diff, pes)
			}
		})
	}
}

func TestParseProfileOtherCases(t *testing.T) {
	t.Parallel()
	t.Run("wrong header", func(t *testing.T) {
		_, pes := parseWith(t, testProfile(), "Date,Details,Amount\n01/04/2024,A,1.00\n")
		want := ims.ParseErrors{{Line: 1, Message: `not a test bank CSV export: expected a header row with the columns "Out", "In", "Balance", "Ref", found "Date,Details,Amount"`}}
		if diff := cmp.Diff(want, pes); diff != "" {
			t.Errorf("errors (-want +got):\n%s", diff)
		}
	})
	t.Run("truncated in the preamble", func(t *testing.T) {
		p := testProfile()
		p.Preamble = 2
		_, pes := parseWith(t, p, "Account,123\n")
		if len(pes) != 1 || pes[0].Message != "truncated: the file ends before its header row (a test export has 2 rows before it)" {
			t.Errorf("errors %v", pes)
		}
	})
	t.Run("two accounts", func(t *testing.T) {
		p := Profile{Name: "acct", Header: true, Columns: Columns{Date: "Date", Amount: "Amount", Account: "Account"}, DateFormats: []string{"dd/mm/yyyy"}}
		_, pes := parseWith(t, p, "Date,Amount,Account\n01/04/2024,1.00,111\n01/04/2024,1.00,222\n")
		if len(pes) != 1 || pes[0].Line != 3 || pes[0].Message != `the account "222" differs from "111" on line 2; an export must hold one account` {
			t.Errorf("errors %v", pes)
		}
	})
	t.Run("currency with no decimals", func(t *testing.T) {
		p := Profile{Name: "yen", Header: true, Columns: Columns{Date: "Date", Amount: "Amount"}, DateFormats: []string{"yyyy-mm-dd"}, Currency: "JPY"}
		f, _ := parseWith(t, p, "Date,Amount\n2024-04-01,1500\n")
		if e := f.Statements[0].Entries[0]; e.Minor != 1500 || e.Currency != "JPY" || f.Statements[0].Currency != "JPY" {
			t.Errorf("entry %+v", e)
		}
		_, pes := parseWith(t, p, "Date,Amount\n2024-04-01,1500.5\n")
		if len(pes) != 1 || pes[0].Message != `the amount "1500.5" has decimal places; this currency has none` {
			t.Errorf("errors %v", pes)
		}
	})
	t.Run("errors are capped", func(t *testing.T) {
		file := testHeader + strings.Repeat("99/99/2024,A,,,1.00,1.00\n", 300)
		_, pes := parseWith(t, testProfile(), file)
		if len(pes) != ims.MaxParseErrors {
			t.Errorf("%d errors; want %d", len(pes), ims.MaxParseErrors)
		}
	})
	t.Run("unclosed quote", func(t *testing.T) {
		file := testHeader + "01/04/2024,\"A,,,1.00,1.00\n" + strings.Repeat("01/04/2024,A,,,1.00,1.00\n", 100000)
		_, pes := parseWith(t, testProfile(), file)
		if len(pes) != 1 || !strings.HasSuffix(pes[0].Message, `a quoted field is probably not closed (a " is missing)`) {
			t.Errorf("errors %v", pes)
		}
	})
	t.Run("invalid profile", func(t *testing.T) {
		_, err := ParseProfile(strings.NewReader(testHeader), Profile{Name: "bad", Columns: Columns{Date: "Date", Amount: "x", Debit: "y"}})
		if ims.ErrorCode(err) != ims.Invalid || !strings.Contains(err.Error(), "give either amount or debit and credit, not both") {
			t.Errorf("got %v; want an invalid-profile error", err)
		}
	})
}

func TestProfileValidate(t *testing.T) {
	t.Parallel()
	for _, p := range Builtin() {
		if err := p.Validate(); err != nil {
			t.Errorf("built-in profile %s: %v", p.Name, err)
		}
	}
	bad := []struct {
		name string
		p    Profile
		msg  string
	}{
		{"no date column", Profile{Name: "x", Header: true, Columns: Columns{Amount: "A"}, DateFormats: []string{"dd/mm/yyyy"}}, "columns: date is required"},
		{"position without header", Profile{Name: "x", Columns: Columns{Date: "Date", Amount: "2"}, DateFormats: []string{"dd/mm/yyyy"}}, `columns: date is "Date", but a profile without a header names columns by position`},
		{"same column twice", Profile{Name: "x", Header: true, Columns: Columns{Date: "A", Amount: "a"}, DateFormats: []string{"dd/mm/yyyy"}}, `columns: date and amount both name column "a"`},
		{"bad date format", Profile{Name: "x", Header: true, Columns: Columns{Date: "D", Amount: "A"}, DateFormats: []string{"dd/mm/yyy"}}, `"yyy" in date format "dd/mm/yyy" is not one of`},
		{"date format without a year", Profile{Name: "x", Header: true, Columns: Columns{Date: "D", Amount: "A"}, DateFormats: []string{"dd/mm"}}, `needs a day, a month and a year`},
		{"balance without order", Profile{Name: "x", Header: true, Columns: Columns{Date: "D", Amount: "A", Balance: "B"}, DateFormats: []string{"dd/mm/yyyy"}}, "order: required"},
		{"unknown currency", Profile{Name: "x", Header: true, Columns: Columns{Date: "D", Amount: "A"}, DateFormats: []string{"dd/mm/yyyy"}, Currency: "XYZ"}, `currency "XYZ" is not an ISO 4217 currency code`},
	}
	for _, tt := range bad {
		if err := tt.p.Validate(); err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s: Validate() = %v; want it to say %q", tt.name, err, tt.msg)
		}
	}
}

// TestProfileFromYAML shows a council describing its own bank: the profile is plain data.
func TestProfileFromYAML(t *testing.T) {
	t.Parallel()
	const doc = `
name: mybank
header: true
preamble: 1
columns:
  date: Posted
  description: Narrative
  amount: Amount
date_formats: [yyyy-mm-dd]
currency: EUR
footer: [End of statement]
`
	var p Profile
	if err := yaml.Unmarshal([]byte(doc), &p); err != nil {
		t.Fatal(err)
	}
	f, pes := parseWith(t, p, "My Bank export\nPosted,Narrative,Amount\n2024-04-01,Fee,-2.50\nEnd of statement\n")
	if pes != nil {
		t.Fatal(pes)
	}
	if e := f.Statements[0].Entries; f.Profile != "mybank" || len(e) != 1 || e[0].Minor != -250 || e[0].Currency != "EUR" {
		t.Errorf("profile %q entries %+v", f.Profile, e)
	}
}

func TestDetect(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{
		"barclays_countinghouse.csv":         "barclays",
		"hsbc_headerless_countinghouse.csv":  "hsbc",
		"lloyds_countinghouse.csv":           "lloyds",
		"natwest_countinghouse.csv":          "natwest",
		"nationwide_statement_willongit.csv": "nationwide-statement",
		"nationwide_midata_willongit.csv":    "nationwide-midata",
	} {
		head, err := os.ReadFile(samples + name)
		if err != nil {
			t.Fatal(err)
		}
		if p, ok := Detect(head); !ok || p.Name != want {
			t.Errorf("Detect(%s) = %q, %v; want %q", name, p.Name, ok, want)
		}
	}
	for _, head := range []string{
		"",
		"transaction_date,fund,reference,amount,mop\n2024-04-01,23,R,1.00,15\n",
		"KIOSK0160012345            25.00P05/03/2025\r\n",
		"<?xml version=\"1.0\"?><Document>",
		":20:STMT\n:25:123\n",
		"01/09/2026,TESCO,-12.34,extra\n", // four fields: not the HSBC layout
		"PK\x03\x04\x14\x00\x06\x00",
	} {
		if p, ok := Detect([]byte(head)); ok {
			t.Errorf("Detect(%q) = %s; want no profile", head, p.Name)
		}
	}
}

func TestParseRefusesOtherFormats(t *testing.T) {
	t.Parallel()
	_, err := Parse(strings.NewReader("transaction_date,fund,reference,amount,mop\n"))
	var pes ims.ParseErrors
	if !errors.As(err, &pes) || len(pes) != 1 || pes[0].Message !=
		`not a bank CSV export IMS knows: expected the layout of one of the profiles barclays, lloyds, natwest, nationwide-statement, nationwide-midata, hsbc, found "transaction_date,fund,reference,amount,mop"` {
		t.Errorf("got %v", err)
	}
	_, err = Parse(strings.NewReader("PK\x03\x04\x14\x00\x06\x00"))
	if !errors.As(err, &pes) || !strings.HasSuffix(pes[0].Message, "found binary data") {
		t.Errorf("zip: got %v", err)
	}
}
