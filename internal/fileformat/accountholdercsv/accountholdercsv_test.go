package accountholdercsv

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ims-council/ims"
)

// collect parses a file and returns the holders it was given and the error.
func collect(file string, cols Columns) ([]Holder, error) {
	var got []Holder
	err := Parse(strings.NewReader(file), cols, func(h Holder) error {
		got = append(got, h)
		return nil
	})
	return got, err
}

func TestParseDefaultLayout(t *testing.T) {
	t.Parallel()
	file := "\xEF\xBB\xBFReference,Fund,Name,Address1,Address2,Address3,Address4,Postcode,Balance,Stop_Message,Ward\r\n" +
		"500012345,23,Mrs A Smith,\"Flat 2, 1 High St\",,Anytown,,AB1 2CD,\"\xA31,234.56\",,North\r\n" + // Windows-1252 £
		"500012346,23,J Jones,2 Low Rd,,,,AB1 2CE,-10.00,EA,South\r\n" +
		"\r\n" +
		"500012347,5,,,,,,,,,\r\n"
	got, err := collect(file, DefaultColumns())
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := []Holder{
		{Line: 2, Reference: "500012345", Fund: "23", Name: "Mrs A Smith", Address: []string{"Flat 2, 1 High St", "Anytown"}, Postcode: "AB1 2CD", Balance: 123456, HasBalance: true},
		{Line: 3, Reference: "500012346", Fund: "23", Name: "J Jones", Address: []string{"2 Low Rd"}, Postcode: "AB1 2CE", Balance: -1000, HasBalance: true, StopMessage: "EA"},
		{Line: 5, Reference: "500012347", Fund: "5"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("holders (-want +got):\n%s", diff)
	}
}

func TestParseHeaderlessByPosition(t *testing.T) {
	t.Parallel()
	cols := Columns{Reference: "2", Name: "1", Address: []string{"3"}, Balance: "4"}
	got, err := collect("Smith,R1,1 High St,0\nJones,R2,,\n", cols)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := []Holder{
		{Line: 1, Reference: "R1", Name: "Smith", Address: []string{"1 High St"}, HasBalance: true},
		{Line: 2, Reference: "R2", Name: "Jones"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("holders (-want +got):\n%s", diff)
	}
}

func TestParseReportsBadRowsAndStopsDelivering(t *testing.T) {
	t.Parallel()
	file := "reference,fund,balance\n" +
		"R1,23,1.00\n" +
		",23,1.00\n" +
		"R3,,1.001\n" +
		"R4,23,1.00\n" +
		"R5,23\n"
	got, err := collect(file, Columns{Header: true, Reference: "reference", Fund: "fund", Balance: "balance"})
	want := ims.ParseErrors{
		{Line: 3, Column: "column 1 (reference)", Message: "the account reference is blank"},
		{Line: 4, Column: "column 2 (fund)", Message: "the fund is blank"},
		{Line: 4, Column: "column 3 (balance)", Message: `the balance "1.001" has more than 2 decimal places`},
		{Line: 6, Message: "the row has 2 fields but the header has 3"},
	}
	var pes ims.ParseErrors
	if !errors.As(err, &pes) {
		t.Fatalf("error %T %v; want ims.ParseErrors", err, err)
	}
	if diff := cmp.Diff(want, pes); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	// R1 was delivered before the first bad row; R4, after it, was not.
	if len(got) != 1 || got[0].Reference != "R1" {
		t.Errorf("delivered %+v; want only R1", got)
	}
}

func TestParseRefusesOtherLayouts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file string
		cols       Columns
		want       string
	}{
		{"missing columns", "ref,name\nR1,Smith\n", DefaultColumns(),
			`not an account holder file in the configured layout: expected a header row with the columns "reference", "fund", "address1", "address2", "address3", "address4", "postcode", "balance", "stop_message", found "ref,name"`},
		{"binary", "PK\x03\x04\x14\x00\x06\x00", Columns{Header: true, Reference: "reference"},
			`not an account holder file in the configured layout: expected a header row with the columns "reference", found binary data`},
		{"column twice", "reference,Reference\n", Columns{Header: true, Reference: "reference"}, `the header names "Reference" twice (also column 1)`},
		{"empty", "", DefaultColumns(), `the file is empty; expected a header row naming the columns "reference", "fund"`},
		{"unclosed quote", "reference\n\"R1\n" + strings.Repeat("R\n", 600000), Columns{Header: true, Reference: "reference"}, "a quoted field is probably not closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := collect(tt.file, tt.cols)
			var pes ims.ParseErrors
			if !errors.As(err, &pes) || len(pes) != 1 || !strings.Contains(pes[0].Message, tt.want) {
				t.Errorf("got %v; want one error saying %q", err, tt.want)
			}
		})
	}
}

func TestParseReturnsTheCallbacksError(t *testing.T) {
	t.Parallel()
	stop := errors.New("database is down")
	calls := 0
	err := Parse(strings.NewReader("reference\nR1\nR2\nR3\n"), Columns{Header: true, Reference: "reference"}, func(Holder) error {
		calls++
		return stop
	})
	if err != stop || calls != 1 {
		t.Errorf("Parse returned %v after %d calls; want the callback's error after 1", err, calls)
	}
}

func TestColumnsValidate(t *testing.T) {
	t.Parallel()
	if err := DefaultColumns().Validate(); err != nil {
		t.Errorf("default columns: %v", err)
	}
	for _, tt := range []struct {
		cols Columns
		msg  string
	}{
		{Columns{Header: true, Name: "name"}, "the reference column is required"},
		{Columns{Header: true, Reference: "ref", Name: "REF"}, `reference and name both name column "REF"`},
		{Columns{Reference: "reference"}, `reference is "reference", but a file without a header names columns by position`},
		{Columns{Header: true, Reference: "r", Address: []string{"a1", " "}}, "address line 2 names no column"},
	} {
		err := tt.cols.Validate()
		if err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("Validate(%+v) = %v; want %q", tt.cols, err, tt.msg)
		}
		if perr := Parse(strings.NewReader(""), tt.cols, nil); ims.ErrorCode(perr) != ims.Invalid {
			t.Errorf("Parse with %+v returned %v; want an invalid-columns error", tt.cols, perr)
		}
	}
}

func TestParseCapsErrors(t *testing.T) {
	t.Parallel()
	_, err := collect("reference,balance\n"+strings.Repeat("R,x\n", 300), Columns{Header: true, Reference: "reference", Balance: "balance"})
	var pes ims.ParseErrors
	if !errors.As(err, &pes) || len(pes) != ims.MaxParseErrors {
		t.Errorf("got %d errors; want %d", len(pes), ims.MaxParseErrors)
	}
}
