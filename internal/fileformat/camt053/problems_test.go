package camt053

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ims-council/ims"
)

// TestStatementProblems: a value of a statement's own that cannot be read (a balance, its creation
// time, a TxsSummry figure) holds that statement (a Problem that is not a warning, naming it) instead
// of refusing the file; the statement is returned with its entries and without the value, and the
// file's other statement has no problem. Scan reports the same as Parse.
func TestStatementProblems(t *testing.T) {
	t.Parallel()
	const path = "Document/BkToCstmrStmt/Stmt[2]"
	// file is a good statement, then a second one (starting on line 10) changed by replace; its
	// opening balance is on line 12 and its closing balance on line 14.
	file := func(replace ...string) string {
		second := strings.Replace(stmt(ntry("10.00", "CRDT"),
			`<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="GBP">110.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-01-31</Dt></Dt></Bal>`,
			`<TxsSummry><TtlNtries><NbOfNtries>1</NbOfNtries><Sum>10.00</Sum><TtlNetNtryAmt>10.00</TtlNetNtryAmt><CdtDbtInd>CRDT</CdtDbtInd></TtlNtries></TxsSummry>`),
			"<Id>S1</Id>", "<Id>S2</Id>", 1)
		for i := 0; i+1 < len(replace); i += 2 {
			if !strings.Contains(second, replace[i]) {
				t.Fatalf("the statement has no %q", replace[i])
			}
			second = strings.Replace(second, replace[i], replace[i+1], 1)
		}
		return doc("02", stmt(ntry("1.00", "CRDT")), second)
	}
	opening := func(st ims.Statement) bool {
		return st.Opening == nil && st.Closing.Minor == 11000 && st.Currency == "GBP"
	}
	tests := []struct {
		name  string
		text  string
		want  ims.Problem
		check func(st ims.Statement) bool
	}{
		{"opening balance on a date that does not exist", file("2024-01-30", "2023-02-29"),
			ims.Problem{Where: "line 12, " + path + "/Bal[1]/Dt", Message: `date "2023-02-29" does not exist`, Statement: 2}, opening},
		{"opening balance without a date", file("<Dt><Dt>2024-01-30</Dt></Dt>", ""),
			ims.Problem{Where: "line 12, " + path + "/Bal[1]/Dt", Message: "the balance has no date", Statement: 2}, opening},
		{"opening balance with too many decimals", file(`"GBP">100.00`, `"GBP">100.001`),
			ims.Problem{Where: "line 12, " + path + "/Bal[1]/Amt", Message: `amount "100.001" has 3 decimal places but GBP has 2`, Statement: 2}, opening},
		{"opening balance with a bad indicator", file("<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-01-30", "<CdtDbtInd>CR</CdtDbtInd><Dt><Dt>2024-01-30"),
			ims.Problem{Where: "line 12, " + path + "/Bal[1]/CdtDbtInd", Message: `the credit/debit indicator "CR" is not CRDT or DBIT`, Statement: 2}, opening},
		{"opening balance without a type", file("<Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp>", ""),
			ims.Problem{Where: "line 12, " + path + "/Bal[1]/Tp", Message: "the balance has no type (Tp/CdOrPrtry/Cd)", Statement: 2}, opening},
		{"closing balance that is not a number", file(`"GBP">110.00`, `"GBP">1 10.00`),
			ims.Problem{Where: "line 14, " + path + "/Bal[2]/Amt", Message: `amount "1 10.00" is not a decimal number such as 1234.56`, Statement: 2},
			func(st ims.Statement) bool { return st.Closing == nil && st.Opening.Minor == 10000 }},
		{"creation time that does not exist", file("2024-01-31T18:00:00+01:00", "2024-01-31T25:00:00+01:00"),
			ims.Problem{Where: "line 10, " + path + "/CreDtTm", Message: `date and time "2024-01-31T25:00:00+01:00" is not YYYY-MM-DDThh:mm:ss`, Statement: 2},
			func(st ims.Statement) bool { return st.CreatedAt.IsZero() && st.Closing.Minor == 11000 }},
		{"summary count that is not a number", file("<NbOfNtries>1</NbOfNtries>", "<NbOfNtries>one</NbOfNtries>"),
			ims.Problem{Where: "line 15, " + path + "/TxsSummry/TtlNtries/NbOfNtries", Message: `the number of entries "one" is not a whole number`, Statement: 2},
			func(st ims.Statement) bool { return st.DeclaredCount == nil && st.Closing.Minor == 11000 }},
		{"summary sum that is not a number", file("<Sum>10.00</Sum>", "<Sum>10,00</Sum>"),
			ims.Problem{Where: "line 15, " + path + "/TxsSummry/TtlNtries/Sum", Message: `amount "10,00" is not a decimal number such as 1234.56`, Statement: 2},
			func(st ims.Statement) bool { return st.Closing.Minor == 11000 }},
		{"account without an identification", file("<Id><IBAN>GB29NWBK60161331926819</IBAN></Id>", "<Id><IBAN></IBAN></Id>"),
			ims.Problem{Where: "line 11, " + path + "/Acct/Id", Message: "the account has neither an IBAN nor another identification (Othr/Id)", Statement: 2},
			func(st ims.Statement) bool { return st.Account == "" && st.Closing.Minor == 11000 }},
		// A disagreement was a problem already; it now names its statement too.
		{"summary that disagrees", file("<NbOfNtries>1</NbOfNtries>", "<NbOfNtries>2</NbOfNtries>"),
			ims.Problem{Where: path + "/TxsSummry", Message: "number of entries (TtlNtries/NbOfNtries): the summary declares 2 but the statement holds 1", Statement: 2},
			func(st ims.Statement) bool { return *st.DeclaredCount == 2 }},
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
			if len(st.Entries) != 1 || st.Entries[0].Minor != 1000 {
				t.Errorf("entries of the second statement = %+v, want its credit of 10.00", st.Entries)
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
			if diff := cmp.Diff(sf.Problems, scan.Problems); diff != "" || strings.Join(scanned, ",") != "S1,S2" {
				t.Errorf("Scan handed on entries of %v and problems (-Parse +Scan):\n%s", scanned, diff)
			}
		})
	}
}
