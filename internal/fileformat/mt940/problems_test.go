package mt940

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ims-council/ims"
)

// TestStatementProblems: a value of a statement's own that cannot be read holds that statement (a
// Problem that is not a warning) instead of refusing the file, and an unknown field is a warning;
// either way the statement is returned with its entries, and the other statements of the file have
// no problem. Scan reports the same as Parse, and hands on the entries of a held statement too.
func TestStatementProblems(t *testing.T) {
	t.Parallel()
	good := ":20:GOOD\n:25:1\n:60F:C240101GBP1,00\n:61:240102C2,00NTRFNONREF\n:62F:C240102GBP3,00\n-\n"
	// second builds a second statement (starting at line 7) with the given fields in place of its
	// defaults; its entry is on line 11.
	second := func(replace ...string) string {
		s := ":20:SECOND\n:25:2\n:13D:2401021530+0100\n:60F:C240101GBP1,00\n:61:240102C2,00NTRFNONREF\n:62F:C240102GBP3,00\n:64:C240102GBP3,00\n-\n"
		for i := 0; i+1 < len(replace); i += 2 {
			s = strings.Replace(s, replace[i], replace[i+1], 1)
		}
		return good + s
	}
	tests := []struct {
		name string
		text string
		want ims.Problem
		// check looks at the second statement.
		check func(st ims.Statement) bool
	}{
		{"closing balance on a date that does not exist", second(":62F:C240102", ":62F:C240231"),
			ims.Problem{Where: "line 12, field 62F", Message: `closing balance: date "240231" (YYMMDD) does not exist`, Statement: 2},
			func(st ims.Statement) bool { return st.Closing == nil && st.Opening.Minor == 100 }},
		{"closing balance amount without its decimal comma", second("GBP3,00\n:64:", "GBP3.00\n:64:"),
			ims.Problem{Where: "line 12, field 62F", Message: `closing balance: amount "3.00" has no decimal comma (SWIFT writes 100 as "100,")`, Statement: 2},
			func(st ims.Statement) bool { return st.Closing == nil }},
		{"closing balance that is not a balance", second(":62F:C240102GBP3,00", ":62F:SEE NEXT PAGE"),
			ims.Problem{Where: "line 12, field 62F", Message: `closing balance: balance "SEE NEXT PAGE" must start with C (credit) or D (debit)`, Statement: 2},
			func(st ims.Statement) bool { return st.Closing == nil }},
		// The currency is still where SWIFT puts it, so the entries can be read.
		{"opening balance on a date that does not exist", second(":60F:C240101", ":60F:C241301"),
			ims.Problem{Where: "line 10, field 60F", Message: `opening balance: date "241301" (YYMMDD) does not exist`, Statement: 2},
			func(st ims.Statement) bool {
				return st.Opening == nil && st.Currency == "GBP" && st.Closing.Minor == 300
			}},
		{"opening balance amount with too many decimals", second("GBP1,00", "GBP1,005"),
			ims.Problem{Where: "line 10, field 60F", Message: `opening balance: amount "1,005" has 3 decimal places but GBP has 2`, Statement: 2},
			func(st ims.Statement) bool { return st.Opening == nil && st.Currency == "GBP" }},
		{"creation time that does not exist", second("2401021530", "2401022530"),
			ims.Problem{Where: "line 9, field 13D", Message: `time "2530+0100" does not exist`, Statement: 2},
			func(st ims.Statement) bool { return st.CreatedAt.IsZero() && st.Closing.Minor == 300 }},
		{"available balance that cannot be read", second(":64:C240102", ":64:C240199"),
			ims.Problem{Where: "line 13, field 64", Message: `available balance: date "240199" (YYMMDD) does not exist`, Statement: 2},
			func(st ims.Statement) bool { return len(st.OtherBalances) == 0 && st.Closing.Minor == 300 }},
		{"blank account", second(":25:2", ":25: "),
			ims.Problem{Where: "line 8, field 25", Message: "the account is blank", Statement: 2},
			func(st ims.Statement) bool { return st.Account == "" }},
		// A bank's own field is read past wherever it comes; the statement is whole.
		{"unknown field", second(":13D:", ":NS:22some bank note\n:13D:"),
			ims.Problem{Where: "line 9, field NS", Message: "unknown field :NS: was not read (MT940 fields are 20, 21, 25, 28C, 60F/M, 61, 86, 62F/M, 64 and 65)", Statement: 2, Warning: true},
			func(st ims.Statement) bool {
				return st.Opening != nil && st.Closing.Minor == 300 && len(st.OtherBalances) == 1
			}},
		{"unknown field after the closing balance", second(":64:", ":NSF:X\n:64:"),
			ims.Problem{Where: "line 13, field NSF", Message: "unknown field :NSF: was not read (MT940 fields are 20, 21, 25, 28C, 60F/M, 61, 86, 62F/M, 64 and 65)", Statement: 2, Warning: true},
			func(st ims.Statement) bool { return st.Closing.Minor == 300 && len(st.OtherBalances) == 1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sf, errs := parseString(t, tt.text)
			if errs != nil {
				t.Fatalf("Parse: %v", errs)
			}
			if diff := cmp.Diff([]ims.Problem{tt.want}, sf.Problems); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if len(sf.Statements) != 2 {
				t.Fatalf("got %d statements, want 2", len(sf.Statements))
			}
			st := sf.Statements[1]
			if len(st.Entries) != 1 || st.Entries[0].Minor != 200 || st.Entries[0].Line != 11 && st.Entries[0].Line != 12 {
				t.Errorf("entries of the second statement = %+v, want its credit of 2,00", st.Entries)
			}
			if !tt.check(st) {
				t.Errorf("second statement = %+v", st)
			}

			var scanned []string
			scan, err := Scan(strings.NewReader(tt.text), func(st *ims.Statement, e *ims.Entry) error {
				scanned = append(scanned, st.ID)
				return nil
			})
			if err != nil {
				t.Fatalf("Scan: %v", err)
			}
			if diff := cmp.Diff(sf.Problems, scan.Problems); diff != "" || strings.Join(scanned, ",") != "GOOD,SECOND" {
				t.Errorf("Scan handed on entries of %v and problems (-Parse +Scan):\n%s", scanned, diff)
			}
		})
	}
}
