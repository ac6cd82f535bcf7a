package bai2

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ims-council/ims"
)

// good is a small, correct file. Its control totals were added up by hand: the account holds
// 100.00 + 125.00 (010, 015) + 25.00 (the 16) = 25000; the account has 3 records (03, 16, 49), the
// group 5 (02 … 98), the file 7.
const good = "01,SENDER,RECEIVER,240131,1200,1,,,2/\n" +
	"02,RECEIVER,SENDER,1,240131,,GBP,2/\n" +
	"03,12345678,,010,10000,,,015,12500,,/\n" +
	"16,195,2500,,BANKREF,CUSTREF,COUNCIL TAX 1234/\n" +
	"49,25000,3/\n" +
	"98,25000,1,5/\n" +
	"99,25000,1,7/\n"

func lines(ls ...string) string { return strings.Join(ls, "\n") + "\n" }

// replace returns good with one record swapped for others.
func replace(old string, with ...string) string {
	return strings.Replace(good, old+"\n", lines(with...), 1)
}

func parseString(t *testing.T, s string) (*ims.StatementFile, ims.ParseErrors) {
	t.Helper()
	sf, err := Parse(strings.NewReader(s))
	if err == nil {
		if sf == nil {
			t.Fatal("Parse returned neither a file nor an error")
		}
		return sf, nil
	}
	if sf != nil {
		t.Errorf("Parse returned a file together with an error")
	}
	var pe ims.ParseErrors
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not ims.ParseErrors", err, err)
	}
	return nil, pe
}

func TestGoodFile(t *testing.T) {
	t.Parallel()
	sf, errs := parseString(t, good)
	if errs != nil {
		t.Fatalf("Parse: %v", errs)
	}
	if len(sf.Problems) != 0 {
		t.Errorf("problems in a correct file: %v", sf.Problems)
	}
	st := sf.Statements[0]
	day := time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC)
	if st.Account != "12345678" || st.Currency != "GBP" || st.Opening.Minor != 10000 || st.Closing.Minor != 12500 ||
		!st.Opening.Date.Equal(day) || st.Opening.Type != "010" || !st.CreatedAt.Equal(day.Add(12*time.Hour)) {
		t.Errorf("statement = %+v", st)
	}
	e := st.Entries[0]
	if e.Line != 4 || e.Minor != 2500 || e.Currency != "GBP" || e.BankRef != "BANKREF" || e.CustomerRef != "CUSTREF" ||
		e.Narrative != "COUNCIL TAX 1234" || !e.BookingDate.Equal(day) || !e.ValueDate.IsZero() {
		t.Errorf("entry = %+v", e)
	}
}

// TestTrailerChecks: each trailer figure that disagrees with the file is reported with both numbers,
// naming the account's statement (1) or, for a group or the file, the whole file (0), and the file
// still parses.
func TestTrailerChecks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"account control total", replace("49,25000,3/", "49,25001,3/"), []string{
			"1 line 5: account trailer (49) control total is 25001 but the amounts in the account's 03 and 16 records add up to 25000 (difference 1)",
		}},
		{"account record count", replace("49,25000,3/", "49,25000,2/"), []string{
			"1 line 5: account trailer (49) number of records is 2 but the account has, from its 03 to this 49 3",
		}},
		{"group figures", replace("98,25000,1,5/", "98,24000,2,6/"), []string{
			"0 line 6: group trailer (98) control total is 24000 but the amounts in its accounts add up to 25000 (difference -1000)",
			"0 line 6: group trailer (98) number of accounts is 2 but the group holds 1",
			"0 line 6: group trailer (98) number of records is 6 but the group has, from its 02 to this 98 5",
		}},
		{"file figures", replace("99,25000,1,7/", "99,-25000,3,70/"), []string{
			"0 line 7: file trailer (99) control total is -25000 but the amounts in the file add up to 25000",
			"0 line 7: file trailer (99) number of groups is 3 but the file holds 1",
			"0 line 7: file trailer (99) number of records is 70 but the file has, from 01 to 99 7",
		}},
		// The 88 records count: 03 + 88 + 16 + 88 + 49 = 5, and the continued summary's amount
		// (015, 125.00) counts towards the control total.
		{"continuations count as records", replace("03,12345678,,010,10000,,,015,12500,,/",
			"03,12345678,,010,10000,,,015/", "88,12500,,/"), []string{
			"1 line 6: account trailer (49) number of records is 3 but the account has, from its 03 to this 49 4",
			"0 line 7: group trailer (98) number of records is 5 but the group has, from its 02 to this 98 6",
			"0 line 8: file trailer (99) number of records is 7 but the file has, from 01 to 99 8",
		}},
		// The summaries' amounts count in the control totals: 25000 + 2400 + 0 = 27400.
		{"declared totals", strings.NewReplacer("03,12345678,,010,10000,,,015,12500,,/",
			"03,12345678,,010,10000,,,015,12500,,,100,2400,2,,400,0,0,/", ",25000,", ",27400,").Replace(good), []string{
			"1 line 3: account 12345678: total credits (type code 100) is 2400 but the credit transaction details add up to 2500",
			"1 line 3: account 12345678: total credits (type code 100) counts 2 items but there are 1 credit transaction details",
		}},
		{"availability that does not add up", replace("16,195,2500,,BANKREF,CUSTREF,COUNCIL TAX 1234/",
			"16,195,2500,S,1000,1000,0,BANKREF,CUSTREF,COUNCIL TAX 1234/"), []string{
			"1 line 3: account 12345678: the availability of the transaction (2500) adds up to 2000",
		}},
		{"test data", replace("02,RECEIVER,SENDER,1,240131,,GBP,2/", "02,RECEIVER,SENDER,4,240131,,GBP,2/"), []string{
			"0 line 2: the group is marked as test data only (group status 4), not a new report",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sf, errs := parseString(t, tt.text)
			if errs != nil {
				t.Fatalf("Parse: %v", errs)
			}
			var got []string
			for _, p := range sf.Problems {
				got = append(got, fmt.Sprintf("%d %s: %s", p.Statement, p.Where, p.Message))
				if p.Warning {
					t.Errorf("problem %+v is a warning; a total that disagrees holds its statement", p)
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("problem %d = %q\nwant %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestDetails(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		record string
		check  func(e ims.Entry) bool
	}{
		{"debit type code", "16,475,2500,,,,CHEQUE PAID/", func(e ims.Entry) bool { return e.Minor == -2500 && e.BankCode == "475" }},
		{"custom credit code", "16,925,2500,,,,/", func(e ims.Entry) bool { return e.Minor == 2500 }},
		{"custom debit code", "16,975,2500,,,,/", func(e ims.Entry) bool { return e.Minor == -2500 }},
		{"value-dated funds", "16,195,2500,V,240201,1030,BR,CR/", func(e ims.Entry) bool {
			return e.ValueDate.Equal(time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)) && e.BankRef == "BR" && e.CustomerRef == "CR" && e.Narrative == ""
		}},
		{"distributed availability", "16,195,2500,D,2,0,2000,1,500,BR,CR,TEXT/", func(e ims.Entry) bool {
			return e.BankRef == "BR" && e.CustomerRef == "CR" && e.Narrative == "TEXT"
		}},
		{"text with commas and slashes", "16,195,2500,,BR,CR,PAYMENT, REF 12/34/", func(e ims.Entry) bool {
			return e.Narrative == "PAYMENT, REF 12/34"
		}},
		{"text that starts with a slash is empty", "16,195,2500,1,BR,CR,/", func(e ims.Entry) bool { return e.Narrative == "" }},
		{"record ended early by a slash", "16,195,2500/", func(e ims.Entry) bool { return e.BankRef == "" && e.Narrative == "" }},
		{"text continued by 88s", "16,195,2500,,BR,CR,FIRST\n88,SECOND/\n88,EREF: E2E1\n88,REMI: INV 9", func(e ims.Entry) bool {
			return e.Narrative == "FIRST SECOND EREF: E2E1 REMI: INV 9" && e.EndToEndID == "E2E1" && e.Remittance == "INV 9"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := strings.Replace(good, "16,195,2500,,BANKREF,CUSTREF,COUNCIL TAX 1234/", tt.record, 1)
			sf, errs := parseString(t, text)
			if errs != nil {
				t.Fatalf("Parse: %v", errs)
			}
			if e := sf.Statements[0].Entries; len(e) != 1 || !tt.check(e[0]) {
				t.Errorf("entries = %+v", e)
			}
		})
	}
}

func TestCurrencies(t *testing.T) {
	t.Parallel()
	// JPY has no minor unit: 2500 is 2500 yen, and an account currency overrides the group's.
	sf, errs := parseString(t, strings.Replace(good, "03,12345678,,", "03,12345678,JPY,", 1))
	if errs != nil {
		t.Fatalf("Parse: %v", errs)
	}
	if st := sf.Statements[0]; st.Currency != "JPY" || st.Entries[0].Currency != "JPY" || st.Opening.Currency != "JPY" {
		t.Errorf("statement = %+v, want JPY throughout", st)
	}
	// With no currency in the group or the account, the specification says USD.
	sf, errs = parseString(t, strings.Replace(good, ",GBP,2/", ",,2/", 1))
	if errs != nil {
		t.Fatalf("Parse: %v", errs)
	}
	if got := sf.Statements[0].Currency; got != "USD" {
		t.Errorf("currency = %q, want USD", got)
	}
}

// TestBadInput: every kind of bad input is refused with the line and a reason a person can act on.
func TestBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		line int
		want string
	}{
		{"XML file", `<?xml version="1.0"?>` + "\n<Document/>", 1, `not a BAI2 file: expected a '01,' file header record, found "<?xml version=`},
		{"MT940 file", ":20:REF\n:25:1\n", 1, "not a BAI2 file"},
		{"empty file", "\n\n", 0, "not a BAI2 file: the file is empty"},
		{"cut short", strings.Join(strings.Split(good, "\n")[:4], "\n"), 4, "the file ends inside the account that starts at line 3, with no file trailer (99); it may have been cut short"},
		{"no file trailer", strings.TrimSuffix(good, "99,25000,1,7/\n"), 6, "with no file trailer (99)"},
		{"version 1", strings.Replace(good, ",,,2/", ",,,1/", 1), 1, `version "1" is not 2`},
		{"date that does not exist", strings.Replace(good, "240131,,GBP", "240230,,GBP", 1), 2, `as-of date "240230" (YYMMDD) does not exist`},
		{"time that does not exist", strings.Replace(good, "240131,1200", "240131,2561", 1), 1, `file creation time "2561" does not exist`},
		{"amount with a decimal point", strings.Replace(good, "16,195,2500,", "16,195,25.00,", 1), 4, "has a decimal point; BAI2 amounts are whole minor units"},
		{"signed detail amount", strings.Replace(good, "16,195,2500,", "16,195,-2500,", 1), 4, "is signed"},
		{"loan code as a transaction", strings.Replace(good, "16,195,", "16,720,", 1), 4, "type code 720 is not a transaction"},
		{"type code not three digits", strings.Replace(good, "16,195,", "16,19,", 1), 4, `type code "19" is not three digits`},
		{"unknown funds type", strings.Replace(good, "2500,,BANKREF", "2500,X,BANKREF", 1), 4, `funds type "X" is not one of`},
		{"unknown currency", strings.Replace(good, ",GBP,2/", ",XYZ,2/", 1), 2, `unknown currency code "XYZ"`},
		{"unknown record type", strings.Replace(good, "49,25000,3/", "17,X/\n49,25000,3/", 1), 5, `unknown record type "17"`},
		{"detail outside an account", lines("01,S,R,240131,1200,1,,,2/", "02,R,S,1,240131,,GBP,2/", "16,195,2500,,,,/"), 3, "outside an account"},
		{"record after the trailer", good + "03,1,,/\n", 8, "comes after the file trailer (99) at line 7"},
		{"account without trailer", strings.Replace(good, "49,25000,3/\n", "", 1), 5, "inside the account that starts at line 3, which has no account trailer (49)"},
		{"overlong line", strings.Replace(good, "COUNCIL TAX 1234", strings.Repeat("X", 20000), 1), 4, "longer than 16384 bytes"},
		{"too many continuations", strings.Replace(good, "COUNCIL TAX 1234/\n", "COUNCIL TAX 1234/\n"+strings.Repeat("88,X/\n", 1001), 1), 1005, "record at line 4 has more than 1000 continuation records"},
		{"overlong continuations", strings.Replace(good, "COUNCIL TAX 1234/\n", "COUNCIL TAX 1234/\n"+strings.Repeat("88,"+strings.Repeat("X", 16000)+"/\n", 20), 1), 21, "record at line 4 is longer than 256 KB with its continuation records"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := parseString(t, tt.text)
			if len(errs) == 0 {
				t.Fatal("Parse succeeded; want an error")
			}
			if errs[0].Line != tt.line || !strings.Contains(errs[0].Error(), tt.want) {
				t.Errorf("first error = %q (line %d); want line %d containing %q", errs[0].Error(), errs[0].Line, tt.line, tt.want)
			}
		})
	}
}

func TestTolerated(t *testing.T) {
	t.Parallel()
	variants := map[string]string{
		"byte order mark":        "\ufeff" + good,
		"CRLF":                   strings.ReplaceAll(good, "\n", "\r\n"),
		"trailing blank lines":   good + "\n\n  \n",
		"no final newline":       strings.TrimSuffix(good, "\n"),
		"no slashes":             strings.ReplaceAll(good, "/\n", "\n"),
		"trailing spaces":        strings.ReplaceAll(good, "/\n", "/   \n"),
		"time with colons":       strings.Replace(good, "240131,1200", "240131,12:00:00", 1),
		"stray comma before '/'": strings.Replace(good, "015,12500,,/", "015,12500,,,/", 1),
	}
	for name, text := range variants {
		t.Run(name, func(t *testing.T) {
			sf, errs := parseString(t, text)
			if errs != nil {
				t.Fatalf("Parse: %v", errs)
			}
			if len(sf.Problems) != 0 || len(sf.Statements) != 1 || len(sf.Statements[0].Entries) != 1 ||
				sf.Statements[0].Entries[0].Narrative != "COUNCIL TAX 1234" || sf.Statements[0].Closing.Minor != 12500 {
				t.Errorf("got %+v", sf)
			}
		})
	}
}

func TestWindows1252(t *testing.T) {
	t.Parallel()
	sf, errs := parseString(t, strings.Replace(good, "COUNCIL TAX 1234", "RENT \xa3100", 1))
	if errs != nil {
		t.Fatalf("Parse: %v", errs)
	}
	if got := sf.Statements[0].Entries[0].Narrative; got != "RENT £100" || !utf8.ValidString(got) {
		t.Errorf("narrative = %q, want %q", got, "RENT £100")
	}
	if len(sf.Problems) != 1 || sf.Problems[0].Where != "line 4" || !sf.Problems[0].Warning || sf.Problems[0].Statement != 0 {
		t.Errorf("problems = %+v, want one warning about line 4 of the file", sf.Problems)
	}
}

func TestErrorsAreCollected(t *testing.T) {
	t.Parallel()
	bad := make([]string, 150)
	for i := range bad {
		bad[i] = "16,195,25.00,,,,/"
	}
	text := strings.Replace(good, "16,195,2500,,BANKREF,CUSTREF,COUNCIL TAX 1234/", strings.Join(bad, "\n"), 1)
	_, errs := parseString(t, text)
	if len(errs) != ims.MaxParseErrors || errs[0].Line != 4 || errs[99].Line != 103 {
		t.Errorf("got %d errors from line %d; want %d from line 4", len(errs), errs[0].Line, ims.MaxParseErrors)
	}
}

func TestSniff(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		good:                          true,
		"\ufeff" + good:               true,
		"01,SENDER,RECEIVER,2401":     true, // a short head: the header so far
		"01,S,R,240131,1200,1,,,1/\n": false,
		":20:REF\n":                   false,
		"<?xml":                       false,
		"Date,Amount\n01,2,3\n":       false,
		"":                            false,
	}
	for head, want := range tests {
		if got := Sniff([]byte(head)); got != want {
			t.Errorf("Sniff(%q) = %v, want %v", head, got, want)
		}
	}
}
