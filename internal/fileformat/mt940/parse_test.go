package mt940

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ims-council/ims"
)

// statementText builds a one-statement file around the given :61:/:86: lines.
func statementText(body ...string) string {
	lines := append([]string{":20:REF1", ":25:12345678", ":28C:1/1", ":60F:C240101GBP100,00"}, body...)
	lines = append(lines, ":62F:C240102GBP100,00", "-")
	return strings.Join(lines, "\n") + "\n"
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

func TestStatementLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		line  string
		check func(e ims.Entry) string
	}{
		{"credit with entry date", ":61:2401020103C12,34NTRFINV 42//B123", func(e ims.Entry) string {
			return expect(e.Minor == 1234 && !e.Reversal && e.ValueDate.Equal(date(2024, 1, 2)) &&
				e.BookingDate.Equal(date(2024, 1, 3)) && e.CustomerRef == "INV 42" && e.BankRef == "B123" && e.BankCode == "NTRF", e)
		}},
		{"debit without entry date", ":61:240102D5,NCHK100200", func(e ims.Entry) string {
			return expect(e.Minor == -500 && e.BookingDate.Equal(date(2024, 1, 2)) && e.CustomerRef == "100200", e)
		}},
		// A reversal of a credit takes the money back out: a debit.
		{"reversal of credit", ":61:240102RC7,50NRTINONREF", func(e ims.Entry) string {
			return expect(e.Minor == -750 && e.Reversal && e.CustomerRef == "", e)
		}},
		{"reversal of debit", ":61:240102RD7,50NRTINONREF", func(e ims.Entry) string {
			return expect(e.Minor == 750 && e.Reversal, e)
		}},
		{"funds code letter after the mark", ":61:240102CR1000,NTRFNONREF", func(e ims.Entry) string {
			return expect(e.Minor == 100000 && !e.Reversal, e)
		}},
		{"debit with funds code D", ":61:240102DD0,01NMSCNONREF", func(e ims.Entry) string {
			return expect(e.Minor == -1, e)
		}},
		{"zero amount is an entry", ":61:240102C0,NMSCNONREF", func(e ims.Entry) string {
			return expect(e.Minor == 0, e)
		}},
		// Booked on 31 December for value on 2 January: the entry date is in the year before.
		{"entry date in the previous year", ":61:2401021231C1,NTRFNONREF", func(e ims.Entry) string {
			return expect(e.BookingDate.Equal(date(2023, 12, 31)), e)
		}},
		{"entry date in the next year", ":61:2312310102C1,NTRFNONREF", func(e ims.Entry) string {
			return expect(e.BookingDate.Equal(date(2024, 1, 2)), e)
		}},
		{"supplementary details", ":61:240102C1,NTRFNONREF//X\nCard transaction", func(e ims.Entry) string {
			return expect(e.Narrative == "Card transaction", e)
		}},
		{"slash-keyed information", ":61:240102C25,NTRFNONREF\n:86:/EREF/E2E-1//CNTP/GB29NWBK60161331926819/NWBKGB2L/J SMITH/LONDON///REMI/USTD//COUNCIL TAX 1234\n5678/", func(e ims.Entry) string {
			return expect(e.EndToEndID == "E2E-1" && e.PayerAcct == "GB29NWBK60161331926819" && e.PayerName == "J SMITH" &&
				e.Remittance == "COUNCIL TAX 12345678", e)
		}},
		{"slash-keyed NAME and IBAN", ":61:240102C25,NTRFNONREF\n:86:/NAME/A PAYER/IBAN/GB33BUKB20201555555555/REMI/STRD/CUR/RF18539007547034/", func(e ims.Entry) string {
			return expect(e.PayerName == "A PAYER" && e.PayerAcct == "GB33BUKB20201555555555" && e.Remittance == "RF18539007547034", e)
		}},
		{"German subfields", ":61:240102C25,NTRFNONREF\n:86:166?00GUTSCHRIFT?20EREF+ABC?21SVWZ+RENT MAY?32MAX MUSTER?31DE02120300000000202051", func(e ims.Entry) string {
			return expect(e.Narrative == "GUTSCHRIFT" && e.EndToEndID == "ABC" && e.Remittance == "RENT MAY" &&
				e.PayerName == "MAX MUSTER" && e.PayerAcct == "DE02120300000000202051", e)
		}},
		{"free text information", ":61:240102C25,NTRFNONREF\n:86:BGC PAYMENT FROM\nJ SMITH REF 1234", func(e ims.Entry) string {
			return expect(e.Narrative == "BGC PAYMENT FROM J SMITH REF 1234" && e.Remittance == "", e)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sf, errs := parseString(t, statementText(strings.Split(tt.line, "\n")...))
			if errs != nil {
				t.Fatalf("Parse: %v", errs)
			}
			es := sf.Statements[0].Entries
			if len(es) != 1 {
				t.Fatalf("got %d entries, want 1", len(es))
			}
			if es[0].Line != 5 {
				t.Errorf("entry line = %d, want 5", es[0].Line)
			}
			if msg := tt.check(es[0]); msg != "" {
				t.Error(msg)
			}
		})
	}
}

func expect(ok bool, e ims.Entry) string {
	if ok {
		return ""
	}
	return fmt.Sprintf("unexpected entry %+v", e)
}

// TestBadInput: every kind of bad input is refused with the line and a reason a person can act on.
func TestBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		line int
		want string // a part of the first error's text
	}{
		{"XML file", `<?xml version="1.0"?><Document/>`, 1, `not an MT940 file: expected ':20:' or a SWIFT block '{1:', found "<?xml version=`},
		{"BAI2 file", "01,SENDER,RECEIVER,240101,1200,1,,,2/\n", 1, `not an MT940 file: expected ':20:'`},
		{"empty file", "", 0, "the file is empty"},
		{"too many decimals", statementText(":61:240102C1,234NTRFNONREF"), 5, `amount "1,234" has 3 decimal places but GBP has 2`},
		{"decimals in yen", ":20:R\n:25:A\n:60F:C240101JPY100,\n:61:240102C100,5NTRFNONREF\n:62F:C240102JPY100,\n", 4, "JPY has 0"},
		{"decimal point, not comma", statementText(":61:240102C12.50NTRFNONREF"), 5, "no decimal comma"},
		{"date that does not exist", statementText(":61:240230C1,NTRFNONREF"), 5, `date "240230" (YYMMDD) does not exist`},
		{"entry date that does not exist", statementText(":61:2401021340C1,NTRFNONREF"), 5, `entry date "1340"`},
		{"unknown mark", statementText(":61:240102X1,NTRFNONREF"), 5, "expected the mark C, D, RC or RD"},
		{"no transaction type", statementText(":61:240102C1,"), 5, "expected a transaction type"},
		{"balance without mark", ":20:R\n:25:A\n:60F:240101GBP1,\n:62F:C240101GBP1,\n", 3, "must start with C (credit) or D (debit)"},
		{"unknown currency", ":20:R\n:25:A\n:60F:C240101XYZ1,\n:62F:C240101XYZ1,\n", 3, `unknown currency code "XYZ"`},
		{"opening balance without its currency", ":20:R\n:25:A\n:60F:C2401GBP1,\n:61:240102C1,NTRFNONREF\n:62F:C240101GBP1,\n", 3, "without the account's currency its entries cannot be read"},
		{"cut short before the closing balance", ":20:R\n:25:A\n:60F:C240101GBP1,\n:61:240102C1,NTRFNONREF\n", 4, "has no closing balance :62F: or :62M: before line 4; the file may have been cut short"},
		{"SWIFT block not closed", "{1:F01BANKGB22AXXX0000000000}{2:O9401200240101BANKGB22AXXX00000000002401011200N}{4:\n:20:R\n:25:A\n:60F:C240101GBP1,\n:62F:C240101GBP1,\n", 5, "no closing '-}'"},
		{"information before any entry", ":20:R\n:25:A\n:60F:C240101GBP1,\n:86:TEXT\n:62F:C240101GBP1,\n", 4, "must follow a statement line"},
		{"entry after the closing balance", ":20:R\n:25:A\n:60F:C240101GBP1,\n:62F:C240101GBP1,\n:61:240102C1,NTRFNONREF\n", 5, "must come before the closing balance"},
		{"no account", ":20:R\n:60F:C240101GBP1,\n:62F:C240101GBP1,\n", 3, "has no account :25:"},
		{"text between statements", statementText() + "GARBAGE\n", 7, `expected ':20:' to start a statement, found "GARBAGE"`},
		{"overlong line", statementText(":61:240102C1,NTRFNONREF", ":86:"+strings.Repeat("X", 20000)), 6, "longer than 16384 bytes"},
		{"continuation of a one-line field", ":20:R\n:25:A\nMORE\n:60F:C240101GBP1,\n:62F:C240101GBP1,\n", 3, "only :61:, :86: and :25P: may continue"},
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

// TestTolerated: byte order marks, CRLF, blank lines, Windows-1252 text and missing "-" separators
// are what real files look like; they read the same as a clean file.
func TestTolerated(t *testing.T) {
	t.Parallel()
	clean := statementText(":61:240102C1,NTRFNONREF", ":86:RENT")
	variants := map[string]string{
		"byte order mark":      "\ufeff" + clean,
		"CRLF":                 strings.ReplaceAll(clean, "\n", "\r\n"),
		"trailing blanks":      clean + "\n\n   \n",
		"no final newline":     strings.TrimSuffix(clean, "\n"),
		"no '-' terminator":    strings.TrimSuffix(clean, "-\n"),
		"trailing spaces":      strings.ReplaceAll(clean, "\n", "  \n"),
		"SWIFT blocks":         "{1:F01BANKGB22AXXX0000000000}{2:O940}{4:\n" + strings.TrimSuffix(clean, "-\n") + "-}{5:{CHK:123}}\n",
		"ABN AMRO preamble":    "ABNANL2A\n940\nABNANL2A\n" + clean,
		"account with its BIC": strings.Replace(clean, ":25:12345678", ":25P:12345678\nBANKGB22", 1),
		"fields after {4: on":  "{1:F01BANKGB22AXXX0000000000}{4::20:REF1\n" + strings.TrimSuffix(strings.Join(strings.Split(clean, "\n")[1:], "\n"), "-\n") + "-}",
	}
	for name, text := range variants {
		t.Run(name, func(t *testing.T) {
			sf, errs := parseString(t, text)
			if errs != nil {
				t.Fatalf("Parse: %v", errs)
			}
			if len(sf.Statements) != 1 || len(sf.Statements[0].Entries) != 1 {
				t.Fatalf("got %+v, want one statement with one entry", sf.Statements)
			}
			if e := sf.Statements[0].Entries[0]; e.Minor != 100 || e.Narrative != "RENT" {
				t.Errorf("entry = %+v, want 1,00 with narrative RENT", e)
			}
			if st := sf.Statements[0]; st.ID != "REF1" || st.Account != "12345678" || len(sf.Problems) != 0 {
				t.Errorf("statement id %q, account %q, problems %v", st.ID, st.Account, sf.Problems)
			}
		})
	}
}

func TestWindows1252(t *testing.T) {
	t.Parallel()
	// 0xA3 is the pound sign in Windows-1252 and Latin-1, and is not valid UTF-8 on its own.
	text := statementText(":61:240102C1,NTRFNONREF", ":86:PAID \xa35 CASH \x80")
	sf, errs := parseString(t, text)
	if errs != nil {
		t.Fatalf("Parse: %v", errs)
	}
	got := sf.Statements[0].Entries[0].Narrative
	if got != "PAID £5 CASH €" || !utf8.ValidString(got) {
		t.Errorf("narrative = %q, want %q", got, "PAID £5 CASH €")
	}
	if len(sf.Problems) != 1 || sf.Problems[0].Where != "line 6" || !strings.Contains(sf.Problems[0].Message, "Windows-1252") {
		t.Errorf("problems = %v, want one naming line 6 and Windows-1252", sf.Problems)
	}
}

func TestSeveralStatementsWithoutSeparators(t *testing.T) {
	t.Parallel()
	text := ":20:A\n:25:1\n:60F:C240101EUR1,\n:62F:C240101EUR1,\n" +
		":20:B\n:25:2\n:13D:2401021530+0100\n:60M:D240102EUR2,\n:61:240102D3,NTRFNONREF\n:62M:D240102EUR5,\n:64:C240102EUR7,\n:65:C240103EUR8,\n:86:STATEMENT NOTE\n"
	sf, errs := parseString(t, text)
	if errs != nil {
		t.Fatalf("Parse: %v", errs)
	}
	if len(sf.Statements) != 2 {
		t.Fatalf("got %d statements, want 2", len(sf.Statements))
	}
	b := sf.Statements[1]
	if b.ID != "B" || b.Account != "2" || b.Opening.Minor != -200 || b.Closing.Minor != -500 || len(b.OtherBalances) != 2 {
		t.Errorf("second statement = %+v", b)
	}
	if want := "2024-01-02T14:30:00Z"; b.CreatedAt.Format("2006-01-02T15:04:05Z07:00") != want {
		t.Errorf("CreatedAt = %v, want %s", b.CreatedAt, want)
	}
}

// TestErrorsAreCollected: a file with many bad lines reports each, up to ims.MaxParseErrors.
func TestErrorsAreCollected(t *testing.T) {
	t.Parallel()
	bad := make([]string, 0, 150)
	for range 150 {
		bad = append(bad, ":61:240230C1,NTRFNONREF")
	}
	_, errs := parseString(t, statementText(bad...))
	if len(errs) != ims.MaxParseErrors {
		t.Fatalf("got %d errors, want %d", len(errs), ims.MaxParseErrors)
	}
	if errs[0].Line != 5 || errs[1].Line != 6 || errs[0].Column != "field 61" {
		t.Errorf("errors start %v, %v; want lines 5 and 6 in field 61", errs[0], errs[1])
	}
}

func TestSniff(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		":20:REF\n:25:1":                      true,
		"\ufeff\r\n:20:REF":                   true,
		"{1:F01BANKGB22AXXX0000000000}{2:O94": true,
		"ABNANL2A\r\n940\r\nABNANL2A\r\n:20:": true,
		"ABNANL2A":                            false,
		`<?xml version="1.0"?>`:               false,
		"01,SENDER,RECEIVER,240101,1200,1,,,": false,
		"Date,Description,Amount":             false,
		"":                                    false,
	}
	for head, want := range tests {
		if got := Sniff([]byte(head)); got != want {
			t.Errorf("Sniff(%q) = %v, want %v", head, got, want)
		}
	}
}
