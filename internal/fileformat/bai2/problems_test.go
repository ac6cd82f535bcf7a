package bai2

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ims-council/ims"
)

// twoAccounts is a correct file of two accounts. The second holds 1.00 + 6.00 (010, 015) + 5.00
// (its 16) = 1200; the group 25000 + 1200 = 26200 in 8 records (02 … 98), the file 10 (01 … 99).
const twoAccounts = "01,SENDER,RECEIVER,240131,1200,1,,,2/\n" +
	"02,RECEIVER,SENDER,1,240131,,GBP,2/\n" +
	"03,12345678,,010,10000,,,015,12500,,/\n" +
	"16,195,2500,,BANKREF,CUSTREF,COUNCIL TAX 1234/\n" +
	"49,25000,3/\n" +
	"03,87654321,,010,100,,,015,600,,/\n" +
	"16,195,500,,B2,C2,RENT/\n" +
	"49,1200,3/\n" +
	"98,26200,2,8/\n" +
	"99,26200,1,10/\n"

// TestAccountProblems: a value of an account's own 03 record that cannot be read holds that
// account's statement (a Problem naming it, not a warning) instead of refusing the file; its 16
// records are still read, and the control totals it makes uncheckable are not reported again
// against the group and the file, which would hold the other account too. Scan agrees with Parse.
func TestAccountProblems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		old   string
		new   string
		want  string
		check func(st ims.Statement) bool
	}{
		{"letters in a summary amount", "010,100,", "010,1O0,",
			`account 87654321: summary 1 cannot be read, nor any after it in the 03 record: type code 010: amount "1O0" is not a signed whole number`,
			func(st ims.Statement) bool { return st.Opening == nil && st.Closing == nil }},
		{"summary amount without a type code", ",015,600,", ",,600,",
			"account 87654321: summary 2 cannot be read, nor any after it in the 03 record: a summary amount has no type code",
			func(st ims.Statement) bool { return st.Opening.Minor == 100 && st.Closing == nil }},
		{"unknown funds type in a summary", "015,600,,/", "015,600,,Q/",
			`account 87654321: summary 2 cannot be read, nor any after it in the 03 record: type code 015: funds type "Q" is not one of`,
			func(st ims.Statement) bool { return st.Opening.Minor == 100 && st.Closing == nil }},
		{"blank account number", "03,87654321,", "03,,",
			"the account number (field 2) is blank",
			func(st ims.Statement) bool { return st.Account == "" && st.Closing.Minor == 600 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := strings.Replace(twoAccounts, tt.old, tt.new, 1)
			sf, errs := parseString(t, text)
			if errs != nil {
				t.Fatalf("Parse: %v", errs)
			}
			if len(sf.Problems) != 1 || !strings.HasPrefix(sf.Problems[0].Message, tt.want) ||
				sf.Problems[0].Where != "line 6" || sf.Problems[0].Statement != 2 || sf.Problems[0].Warning {
				t.Errorf("problems = %+v\nwant one on line 6 of statement 2, not a warning: %s", sf.Problems, tt.want)
			}
			if len(sf.Statements) != 2 {
				t.Fatalf("got %d statements, want 2", len(sf.Statements))
			}
			st := sf.Statements[1]
			if len(st.Entries) != 1 || st.Entries[0].Minor != 500 || !tt.check(st) {
				t.Errorf("second statement = %+v", st)
			}
			scan, err := Scan(strings.NewReader(text), func(*ims.Statement, *ims.Entry) error { return nil })
			if err != nil {
				t.Fatalf("Scan: %v", err)
			}
			if diff := cmp.Diff(sf.Problems, scan.Problems); diff != "" {
				t.Errorf("problems (-Parse +Scan):\n%s", diff)
			}
		})
	}
	if sf, errs := parseString(t, twoAccounts); errs != nil || len(sf.Problems) != 0 {
		t.Errorf("the correct file: errors %v, problems %+v", errs, sf)
	}
}
