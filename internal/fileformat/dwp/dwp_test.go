package dwp

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ims-council/ims"
	"github.com/xuri/excelize/v2"
)

// headerRow is a plausible schedule header; only columns F, K, L and M are read.
var headerRow = []any{"Office", "Surname", "Forename", "NINO", "Benefit", "LA Reference", "Debt type", "Schedule", "Period", "Rate", "Payment date", "Amount (p)", "Sign"}

// row builds a schedule row with the given reference, date, pence and sign in F, K, L and M.
func row(ref, date, pence, sign any) []any {
	return []any{"1234", "SMITH", "J", "QQ123456C", "UC", ref, "CTAX", "S1", "4", "500", date, pence, sign}
}

// workbook writes rows into the first sheet of a new .xlsx file and returns its bytes.
func workbook(t testing.TB, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // Excel's short date
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
		if len(r) > colDate {
			if _, isTime := r[colDate].(time.Time); isTime {
				k, _ := excelize.CoordinatesToCellName(colDate+1, i+1)
				if err := f.SetCellStyle("Sheet1", k, k, dateStyle); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func parseErrors(t *testing.T, data []byte) ims.ParseErrors {
	t.Helper()
	f, err := Parse(bytes.NewReader(data))
	var pes ims.ParseErrors
	if !errors.As(err, &pes) || len(pes) == 0 || f != nil {
		t.Fatalf("Parse returned %v, %v; want ims.ParseErrors", f, err)
	}
	return pes
}

func TestParseReadsDeductions(t *testing.T) {
	t.Parallel()
	data := workbook(t,
		headerRow,
		row("5001 2345 6", date(2024, 4, 1), 1250, nil), // a real Excel date, pence as a number
		row("50012346", "02/04/2024", "330", "-"),       // text date, pence as text, negative
		[]any{},                                  // an empty row is skipped
		row(" 5001\u00a02347 ", 45385.75, 0, ""), // a serial number with a time; NBSP in the reference
		row("50012348", date(2024, 2, 29), "1250.0", nil), // a whole number stored with ".0"
	)
	f, err := Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := []ims.Entry{
		{Line: 2, Currency: "GBP", Reference: "500123456", BookingDate: date(2024, 4, 1), Minor: 1250},
		{Line: 3, Currency: "GBP", Reference: "50012346", BookingDate: date(2024, 4, 2), Minor: -330},
		{Line: 5, Currency: "GBP", Reference: "50012347", BookingDate: date(2024, 4, 3), Minor: 0},
		{Line: 6, Currency: "GBP", Reference: "50012348", BookingDate: date(2024, 2, 29), Minor: 1250},
	}
	if diff := cmp.Diff(want, f.Statements[0].Entries); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	if f.Format != "dwp" || f.Statements[0].Currency != "GBP" || len(f.Problems) != 0 {
		t.Errorf("format %q currency %q problems %v", f.Format, f.Statements[0].Currency, f.Problems)
	}
}

func TestParseReportsBadCells(t *testing.T) {
	t.Parallel()
	data := workbook(t,
		headerRow,
		row("", "31/02/2024", "12.5", "+"),
		row("R2", "2024-04-01", "-100", nil),
		row("R3", "60", "abc", nil),
		row("R4", "01/04/2024", "", nil),
	)
	want := ims.ParseErrors{
		{Column: "row 2, column F", Message: "the account reference is blank"},
		{Column: "row 2, column K", Message: `the date "31/02/2024" does not exist (day out of range)`},
		{Column: "row 2, column L", Message: `the amount "12.5" is not a whole number of pence`},
		{Column: "row 2, column M", Message: `the sign column holds "+"; it must be "-" for a negative amount or blank`},
		{Column: "row 3, column K", Message: `the date "2024-04-01" is neither an Excel date nor dd/mm/yyyy`},
		{Column: "row 3, column L", Message: `the amount "-100" has a sign; a negative amount is shown by "-" in column M`},
		{Column: "row 4, column K", Message: `the date "60" is Excel's 29 February 1900, which does not exist`},
		{Column: "row 4, column L", Message: `the amount "abc" is not a whole number of pence`},
		{Column: "row 5, column L", Message: "the amount is blank"},
	}
	if diff := cmp.Diff(want, parseErrors(t, data)); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if got := want[0].Error(); got != "row 2, column F: the account reference is blank" {
		t.Errorf("error reads %q", got)
	}
}

func TestParseUses1904Dates(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	date1904 := true
	if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904}); err != nil {
		t.Fatal(err)
	}
	r1, r2 := headerRow, row("R1", 0, 100, nil)
	_ = f.SetSheetRow("Sheet1", "A1", &r1)
	_ = f.SetSheetRow("Sheet1", "A2", &r2)
	_ = f.SetCellValue("Sheet1", "K2", 43921) // day 43921 of the 1904 system is 1 April 2024
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse(buf)
	if err != nil {
		t.Fatal(err)
	}
	if d := got.Statements[0].Entries[0].BookingDate; !d.Equal(date(2024, 4, 1)) {
		t.Errorf("date %v; want 2024-04-01", d)
	}
}

func TestParseRefusesWhatIsNotASchedule(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"CSV", []byte("reference,date,amount\n5001,01/04/2024,1250\n"), `not a DWP deductions schedule: expected an Excel .xlsx workbook, found text starting "reference,date,amount"`},
		{"old .xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00"), "not a DWP deductions schedule: expected an Excel .xlsx workbook, found an Excel 97-2003 .xls workbook; save it as .xlsx"},
		{"empty", nil, "not a DWP deductions schedule: expected an Excel .xlsx workbook, found an empty file"},
		{"a zip that is not a workbook", []byte("PK\x03\x04garbage"), "not a DWP deductions schedule: expected an Excel .xlsx workbook, found a zip file that is not one"},
		{"no header", workbook(t, row("R1", "01/04/2024", 100, nil)), "row 1 holds the amount 100 in column L; a DWP deductions schedule starts with its header row"},
		{"empty sheet", workbook(t), "the worksheet is empty; expected a header row and a row for each deduction"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pes := parseErrors(t, tt.data)
			if !strings.HasPrefix(pes[0].Message, tt.want) {
				t.Errorf("got %v; want %q", pes, tt.want)
			}
		})
	}
}

func TestParseCapsErrors(t *testing.T) {
	t.Parallel()
	rows := [][]any{headerRow}
	for range 300 {
		rows = append(rows, row("R", "bad", 1, nil))
	}
	if pes := parseErrors(t, workbook(t, rows...)); len(pes) != ims.MaxParseErrors {
		t.Errorf("%d errors; want %d", len(pes), ims.MaxParseErrors)
	}
}

func TestSniff(t *testing.T) {
	t.Parallel()
	if !Sniff(workbook(t, headerRow)[:min(4096, len(workbook(t, headerRow)))]) {
		t.Error("Sniff does not recognise a workbook")
	}
	for _, head := range []string{"", "PK\x03\x04", "reference,date\n", "\xD0\xCF\x11\xE0"} {
		if Sniff([]byte(head)) {
			t.Errorf("Sniff(%q) = true", head)
		}
	}
}
