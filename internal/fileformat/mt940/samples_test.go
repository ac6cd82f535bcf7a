package mt940

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ims-council/ims"
)

// samples holds the published MT940 samples, in the repository's testdata (see its SOURCES.md).
const samples = "../../../testdata/samples/mt940/"

// wantStatement is what a person reading a sample file by hand finds in one statement.
type wantStatement struct {
	id, account, currency string
	entries               int
	credits, debits       int   // number of credit (including zero) and debit entries
	creditMinor           int64 // sum of credit amounts
	debitMinor            int64 // sum of debit amounts, positive
	opening, closing      int64
	reconciles            bool // opening + credits - debits = closing
}

// TestSamples reads each real sample file. The expected figures were worked out by reading each file
// line by line: counting the :61: lines of each :20: block, adding their amounts by hand by mark
// (C/CR/CD credit, D/DR/DD debit), and taking the :60F:/:60M: and :62F:/:62M: balances.
func TestSamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		want []wantStatement
	}{
		// ABN AMRO: 8 debits 9,00+11,59+11,63+11,8+13,45+15,49+107,+141,48 = 321,44 against opening
		// 3236,28 and closing 876,84; then 9,49+15, against 2876,84 and 1849,75. The fixture's amounts
		// were edited, so neither statement reconciles.
		{"mt940_abnamro_jejik.sta", []wantStatement{
			{"ABN AMRO BANK NV", "517852257", "EUR", 8, 0, 8, 0, 32144, 323628, 87684, false},
			{"ABN AMRO BANK NV", "517852257", "EUR", 2, 0, 2, 0, 2449, 287684, 184975, false},
		}},
		// Citi: debits 212,39+369,28+561,08 = 1142,75 and two zero-amount CD lines (BAI balance notes);
		// 17376,67 - 1142,75 = 16233,92, the closing balance.
		{"mt940_citi_wolph.sta", []wantStatement{
			{"asdfsdfdsf", "123456789", "USD", 5, 2, 3, 0, 114275, 1737667, 1623392, true},
		}},
		// SWIFT blocks with CRLF: DR800, and CR3000, on 2187,95 gives 4387,95.
		{"mt940_cmxl_swift-blocks-crlf.sta", []wantStatement{
			{"1234567", "10020030/1234567", "EUR", 2, 1, 1, 300000, 80000, 218795, 438795, true},
		}},
		// German SEPA: 50990,05+154551,93+154551,93 in and 1500,00 out reconciles; the second account
		// (debit balances) has 335,33+15000,+15000,05+125004,88+915311,55 in and 0,08+3572569,03 out:
		// -1970431,87 + 1070651,81 - 3572569,11 = -4472349,17, not the closing -4472049,09 (300,08 out).
		{"mt940_german-sepa-subfields_betterplace.sta", []wantStatement{
			{"T089414086000001", "50880050/0194787400888", "EUR", 4, 3, 1, 36009391, 150000, 76665649, 112525040, true},
			{"T089414096000001", "50880050/0194791600888", "EUR", 7, 5, 2, 107065181, 357256911, -197043187, -447204909, false},
		}},
		// HSBC: one debit of 20000,00 between an opening and closing of 0,00.
		{"mt940_hsbc-hk_fruitl00p.sta", []wantStatement{
			{"AIU0006362100017", "808XXXXXX292", "HKD", 1, 0, 1, 0, 2000000, 0, 0, false},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			sf := parseFile(t, samples+tt.file)
			if sf.Format != "mt940" {
				t.Errorf("Format = %q, want mt940", sf.Format)
			}
			if len(sf.Statements) != len(tt.want) {
				t.Fatalf("got %d statements, want %d", len(sf.Statements), len(tt.want))
			}
			for i, w := range tt.want {
				checkStatement(t, i, sf.Statements[i], w)
			}
		})
	}
}

func checkStatement(t *testing.T, i int, st ims.Statement, w wantStatement) {
	t.Helper()
	got := wantStatement{id: st.ID, account: st.Account, currency: st.Currency, entries: len(st.Entries)}
	for _, e := range st.Entries {
		if e.Currency != st.Currency {
			t.Errorf("statement %d line %d: entry currency %q, statement %q", i, e.Line, e.Currency, st.Currency)
		}
		if e.Minor >= 0 {
			got.credits++
			got.creditMinor += e.Minor
		} else {
			got.debits++
			got.debitMinor -= e.Minor
		}
	}
	if st.Opening == nil || st.Closing == nil {
		t.Fatalf("statement %d: opening %v, closing %v; want both", i, st.Opening, st.Closing)
	}
	got.opening, got.closing = st.Opening.Minor, st.Closing.Minor
	got.reconciles = got.opening+got.creditMinor-got.debitMinor == got.closing
	if got != w {
		t.Errorf("statement %d:\n got %+v\nwant %+v", i, got, w)
	}
}

func parseFile(t *testing.T, path string) *ims.StatementFile {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sf, err := Parse(f)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return sf
}

// TestSampleWithAStatementHeld: the cmxl sample built from SWIFT's examples closes its second
// (EUR) statement on "021131", 31 November, and its third carries a bank's own field :NSF:. The file
// is read with its four statements and every entry; the second statement is held for its closing
// balance, which is left out rather than guessed at, and the unknown field is only a warning.
func TestSampleWithAStatementHeld(t *testing.T) {
	t.Parallel()
	sf := parseFile(t, samples+"mt940_cmxl_swift-examples-dem-eur-pln.sta")
	var entries []int
	for _, st := range sf.Statements {
		entries = append(entries, len(st.Entries))
	}
	if want := []int{11, 2, 3, 11}; !slices.Equal(entries, want) {
		t.Errorf("entries per statement = %v, want %v", entries, want)
	}
	want := []ims.Problem{
		{Where: "line 45, field 62F", Message: `closing balance: date "021131" (YYMMDD) does not exist`, Statement: 2},
		{Where: "line 52, field NSF", Message: "unknown field :NSF: was not read (MT940 fields are 20, 21, 25, 28C, 60F/M, 61, 86, 62F/M, 64 and 65)", Statement: 3, Warning: true},
	}
	if diff := cmp.Diff(want, sf.Problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if st := sf.Statements[1]; st.Closing != nil || st.Opening == nil || st.Opening.Minor != 218795 {
		t.Errorf("held statement: opening %+v, closing %+v; want the opening 2187,95 and no closing", st.Opening, st.Closing)
	}
	if st := sf.Statements[2]; st.ID != "TELEWIZORY S.A." || st.Opening == nil || st.Opening.Minor != 4000000 || st.Closing == nil {
		t.Errorf("statement with the unknown field = %+v, want it read whole", st)
	}
}

// TestSampleDetails checks what a person importing the files relies on beyond the totals.
func TestSampleDetails(t *testing.T) {
	t.Parallel()
	german := parseFile(t, samples+"mt940_german-sepa-subfields_betterplace.sta")
	e := german.Statements[0].Entries[0]
	want := ims.Entry{
		Line: 5, BookingDate: date(2007, 9, 4), ValueDate: date(2007, 9, 7), Currency: "EUR", Minor: 5099005,
		BankCode: "NTRF", BankRef: "0724710333343453",
		EndToEndID: "EndToEndId TFNR 22 004 00001", Remittance: "Verw CTSc-01 BC-PPP TFNr 22 004",
		Narrative: "GUTSCHRIFT Empfaenger Marta Metzger", PayerName: "KARL KAUFMANN", PayerAcct: "DE14508800500194785000",
	}
	if diff := cmp.Diff(want, e); diff != "" {
		t.Errorf("first German entry (-want +got):\n%s", diff)
	}
	if got := german.Statements[1].Opening; got.Type != "60F" || got.Minor != -197043187 {
		t.Errorf("debit opening balance = %+v, want 60F -1970431,87", got)
	}
	if got := german.Statements[0].OtherBalances; len(got) != 1 || got[0].Type != "64" || got[0].Minor != 55961451 {
		t.Errorf(":64: balance = %+v, want 559614,51", got)
	}

	citi := parseFile(t, samples+"mt940_citi_wolph.sta")
	e = citi.Statements[0].Entries[2]
	if e.Minor != 0 || e.Narrative != "/ABC/DEF/C 37897,00 BAI CD 025" || !e.BookingDate.Equal(date(2024, 3, 12)) {
		t.Errorf("Citi zero entry = %+v, want 0 with its supplementary details and the value date as booking date", e)
	}

	abn := parseFile(t, samples+"mt940_abnamro_jejik.sta")
	if got := abn.Statements[1]; got.Number != "19322/1" || got.Opening.Type != "60M" || got.Closing.Type != "62M" {
		t.Errorf("ABN AMRO second statement = number %q, %s to %s; want 19322/1, 60M to 62M", got.Number, got.Opening.Type, got.Closing.Type)
	}
	if got := abn.Statements[0].Entries[0].Narrative; !strings.HasPrefix(got, "GIRO   428428 KPN") || !strings.HasSuffix(got, "D.D. 20-05-2011 INCL. 1,44 BTW") {
		t.Errorf("multi-line :86: narrative = %q", got)
	}

	hsbc := parseFile(t, samples+"mt940_hsbc-hk_fruitl00p.sta")
	if e := hsbc.Statements[0].Entries[0]; e.CustomerRef != "1004688128" || e.BankRef != "6128522200250001" {
		t.Errorf("HSBC references = %q, %q", e.CustomerRef, e.BankRef)
	}
}

func date(y, m, d int) time.Time { t, _ := calendarDate(y, m, d); return t }
