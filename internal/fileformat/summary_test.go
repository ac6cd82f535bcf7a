package fileformat

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ims-council/ims"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func entries(ccy string, amounts ...int64) []ims.Entry {
	es := make([]ims.Entry, len(amounts))
	for i, a := range amounts {
		es[i] = ims.Entry{Line: i + 1, Currency: ccy, Minor: a}
	}
	return es
}

// summarize tallies each statement's entries, as every parser does while reading, and summarises
// the file.
func summarize(f *ims.StatementFile) Summary {
	for i := range f.Statements {
		st := &f.Statements[i]
		for j := range st.Entries {
			st.Tally(&st.Entries[j])
		}
	}
	return Summarize(f)
}

func TestAFileReadWithoutItsEntriesIsSummarisedFromItsTallies(t *testing.T) {
	t.Parallel()
	// What a parser's Scan returns: counts and totals, no entries.
	st := ims.Statement{Currency: "GBP", Opening: bal("OPBD", "GBP", 100), Closing: bal("CLBD", "GBP", 400)}
	for _, e := range entries("GBP", 500, -200, 0) {
		st.Tally(&e)
	}
	got := Summarize(&ims.StatementFile{Format: "allpay", Statements: []ims.Statement{st}})
	want := Totals{CreditCount: 2, CreditMinor: 500, DebitCount: 1, DebitMinor: 200}
	if got.Entries != 3 || got.Totals["GBP"] != want || got.StatementDetail[0].Reconciles == nil || !*got.StatementDetail[0].Reconciles {
		t.Errorf("entries %d, totals %+v, detail %+v; want 3 entries, %+v, reconciling", got.Entries, got.Totals, got.StatementDetail[0], want)
	}
}

func bal(typ, ccy string, minor int64) *ims.Balance {
	return &ims.Balance{Type: typ, Date: day("2024-03-01"), Currency: ccy, Minor: minor}
}

func TestReconcilingStatement(t *testing.T) {
	t.Parallel()
	f := &ims.StatementFile{Format: "mt940", Statements: []ims.Statement{{
		ID: "STMT1", Account: "GB29NWBK60161331926819", Currency: "GBP",
		Opening: bal("60F", "GBP", 10000),
		Closing: bal("62F", "GBP", 12550),
		Entries: entries("GBP", 5000, -2500, 50),
	}}}
	got := summarize(f)
	want := Summary{
		Format: "mt940", Statements: 1, Entries: 3,
		Totals: map[string]Totals{"GBP": {CreditCount: 2, CreditMinor: 5050, DebitCount: 1, DebitMinor: 2500}},
		StatementDetail: []StatementSummary{{
			ID: "STMT1", Account: "GB29NWBK60161331926819", Currency: "GBP", Entries: 3,
			Totals:     map[string]Totals{"GBP": {CreditCount: 2, CreditMinor: 5050, DebitCount: 1, DebitMinor: 2500}},
			Opening:    &Balance{Type: "60F", Date: "2024-03-01", Currency: "GBP", Minor: 10000, Amount: "100.00"},
			Closing:    &Balance{Type: "62F", Date: "2024-03-01", Currency: "GBP", Minor: 12550, Amount: "125.50"},
			Reconciles: ptr(true),
		}},
		Problems: []Problem{},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Summarize (-want +got):\n%s", diff)
	}
}

func TestStatementThatDoesNotReconcileIsAProblemWithTheNumbers(t *testing.T) {
	t.Parallel()
	// The second of two statements is out; the parser's own problem (a warning about the first) is
	// passed on as it is, and the one Summarize finds names the statement it holds.
	parsers := ims.Problem{Where: "line 9, field NS", Message: "unknown field :NS: was not read", Statement: 1, Warning: true}
	f := &ims.StatementFile{Format: "camt053", Problems: []ims.Problem{parsers}, Statements: []ims.Statement{{
		ID: "S-0", Currency: "EUR",
		Opening: bal("OPBD", "EUR", 1000),
		Closing: bal("CLBD", "EUR", 1100),
		Entries: entries("EUR", 100),
	}, {
		ID: "S-1", Currency: "EUR",
		Opening: bal("OPBD", "EUR", 1815),
		Closing: bal("CLBD", "EUR", 2000),
		Entries: entries("EUR", 885),
	}}}
	got := summarize(f)
	d := got.StatementDetail[1]
	if d.Reconciles == nil || *d.Reconciles {
		t.Fatalf("Reconciles = %v, want false", d.Reconciles)
	}
	want := []Problem{
		{Where: parsers.Where, Message: parsers.Message, Statement: 1, Warning: true},
		{Where: "statement 2 (S-1)", Statement: 2, Message: "opening balance 18.15 EUR + credits 8.85 EUR - debits 0.00 EUR = 27.00 EUR, but the closing balance is 20.00 EUR (difference -7.00 EUR)"},
	}
	if diff := cmp.Diff(want, got.Problems); diff != "" {
		t.Errorf("Problems (-want +got):\n%s", diff)
	}
	if d.ReconcileNote != want[1].Message {
		t.Errorf("ReconcileNote = %q, want the problem's message", d.ReconcileNote)
	}
}

func TestProfileIsShownWhenTheFormatHasOne(t *testing.T) {
	t.Parallel()
	f := &ims.StatementFile{Format: "bankcsv", Profile: "barclays", Statements: []ims.Statement{{Currency: "GBP"}}}
	b, err := json.Marshal(summarize(f))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), `{"format":"bankcsv","profile":"barclays",`) {
		t.Errorf("JSON = %s, want the profile after the format", b)
	}
}

func TestParserProblemsComeFirstAndAreKept(t *testing.T) {
	t.Parallel()
	f := &ims.StatementFile{Format: "allpay",
		Statements: []ims.Statement{{Currency: "GBP", Entries: entries("GBP", 100)}},
		Problems:   []ims.Problem{{Where: "line 4", Message: "Total Amount says 2.00, the details add up to 1.00"}},
	}
	got := summarize(f)
	want := []Problem{{Where: "line 4", Message: "Total Amount says 2.00, the details add up to 1.00"}}
	if diff := cmp.Diff(want, got.Problems); diff != "" {
		t.Errorf("Problems (-want +got):\n%s", diff)
	}
}

func TestCannotReconcile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		st   ims.Statement
		note string
	}{
		{"no balances", ims.Statement{Currency: "GBP", Entries: entries("GBP", 100)},
			"cannot be checked: the statement has no opening or closing balance"},
		{"only closing", ims.Statement{Currency: "GBP", Closing: bal("CLBD", "GBP", 1), Entries: entries("GBP", 100)},
			"cannot be checked: the statement has no opening balance"},
		{"only opening", ims.Statement{Currency: "GBP", Opening: bal("OPBD", "GBP", 1)},
			"cannot be checked: the statement has no closing balance"},
		{"balances in two currencies", ims.Statement{Currency: "EUR",
			Opening: bal("OPBD", "EUR", 100), Closing: bal("CLBD", "SEK", -100), Entries: entries("EUR", 200)},
			"cannot be checked: the opening balance is in EUR and the closing balance in SEK"},
		{"entries in another currency", ims.Statement{Currency: "EUR",
			Opening: bal("OPBD", "EUR", 100), Closing: bal("CLBD", "EUR", 300),
			Entries: append(entries("EUR", 100), entries("CHF", 100)...)},
			"cannot be checked: some entries are in CHF and the balances in EUR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summarize(&ims.StatementFile{Format: "x", Statements: []ims.Statement{tt.st}})
			d := got.StatementDetail[0]
			if d.Reconciles != nil {
				t.Errorf("Reconciles = %v, want null (unknown)", *d.Reconciles)
			}
			if d.ReconcileNote != tt.note {
				t.Errorf("ReconcileNote = %q, want %q", d.ReconcileNote, tt.note)
			}
			if len(got.Problems) != 0 {
				t.Errorf("an unknown reconciliation is not a problem, got %v", got.Problems)
			}
		})
	}
}

func TestMixedCurrenciesAreTotalledSeparately(t *testing.T) {
	t.Parallel()
	f := &ims.StatementFile{Format: "mt940", Statements: []ims.Statement{
		{Currency: "EUR", Entries: entries("EUR", 100, -40)},
		{Currency: "PLN", Entries: entries("", 7, -3, -2)}, // no entry currency: the statement's
		{Currency: "EUR", Entries: entries("EUR", 1)},
	}}
	got := summarize(f)
	want := map[string]Totals{
		"EUR": {CreditCount: 2, CreditMinor: 101, DebitCount: 1, DebitMinor: 40},
		"PLN": {CreditCount: 1, CreditMinor: 7, DebitCount: 2, DebitMinor: 5},
	}
	if diff := cmp.Diff(want, got.Totals); diff != "" {
		t.Errorf("Totals (-want +got):\n%s", diff)
	}
	if got.Statements != 3 || got.Entries != 6 {
		t.Errorf("Statements, Entries = %d, %d; want 3, 6", got.Statements, got.Entries)
	}
}

func TestZeroAmountCountsAsACredit(t *testing.T) {
	t.Parallel()
	got := summarize(&ims.StatementFile{Statements: []ims.Statement{{Currency: "USD", Entries: entries("USD", 0, -5)}}})
	want := Totals{CreditCount: 1, CreditMinor: 0, DebitCount: 1, DebitMinor: 5}
	if got.Totals["USD"] != want {
		t.Errorf("Totals[USD] = %+v, want %+v", got.Totals["USD"], want)
	}
}

func TestBalanceAmountUsesTheCurrencysDecimalPlaces(t *testing.T) {
	t.Parallel()
	st := ims.Statement{Currency: "EUR", Opening: bal("OPAV", "JPY", 1234), Closing: bal("CLBD", "BHD", -1234)}
	d := summarize(&ims.StatementFile{Statements: []ims.Statement{st}}).StatementDetail[0]
	if d.Opening.Amount != "1234" || d.Closing.Amount != "-1.234" {
		t.Errorf("amounts = %q, %q; want 1234 (JPY) and -1.234 (BHD)", d.Opening.Amount, d.Closing.Amount)
	}
}

func TestBalanceWithoutCurrencyTakesTheStatements(t *testing.T) {
	t.Parallel()
	st := ims.Statement{Currency: "USD", Opening: &ims.Balance{Type: "010", Minor: -500},
		Closing: &ims.Balance{Type: "015", Minor: 500}, Entries: entries("", 1000)}
	d := summarize(&ims.StatementFile{Statements: []ims.Statement{st}}).StatementDetail[0]
	if d.Reconciles == nil || !*d.Reconciles {
		t.Errorf("Reconciles = %v (%s), want true", d.Reconciles, d.ReconcileNote)
	}
	if d.Opening.Currency != "USD" || d.Opening.Date != "" {
		t.Errorf("opening = %+v, want USD and no date", d.Opening)
	}
}

func TestOverflowIsReportedNotWrapped(t *testing.T) {
	t.Parallel()
	st := ims.Statement{Currency: "GBP", Opening: bal("OPBD", "GBP", 0), Closing: bal("CLBD", "GBP", 0),
		Entries: entries("GBP", math.MaxInt64, 1)}
	got := summarize(&ims.StatementFile{Statements: []ims.Statement{st}})
	if got.StatementDetail[0].Reconciles != nil {
		t.Errorf("Reconciles = %v, want unknown after overflow", *got.StatementDetail[0].Reconciles)
	}
	if len(got.Problems) != 1 || !strings.Contains(got.Problems[0].Message, "64-bit") {
		t.Errorf("Problems = %v, want one overflow problem", got.Problems)
	}
}

func TestJSONShape(t *testing.T) {
	t.Parallel()
	// Empty lists and maps print as [] and {}, and an unknown reconciliation as null, so that a
	// script reading the output never has to tell a missing key from an empty one.
	got := summarize(&ims.StatementFile{Format: "allpay", Statements: []ims.Statement{{Currency: "GBP"}}})
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"format":"allpay","statements":1,"entries":0,"totals":{},"statement_detail":[{"account":"","currency":"GBP","entries":0,"totals":{},"opening":null,"closing":null,"reconciles":null,"reconcile_note":"cannot be checked: the statement has no opening or closing balance"}],"problems":[]}`
	if string(b) != want {
		t.Errorf("JSON =\n%s\nwant\n%s", b, want)
	}
}

func TestSummarizeDoesNotChangeTheFile(t *testing.T) {
	t.Parallel()
	f := &ims.StatementFile{Format: "bai2", Statements: []ims.Statement{{Currency: "USD", Entries: entries("", 5)}},
		Problems: []ims.Problem{{Where: "a", Message: "b"}}}
	before := *f
	summarize(f)
	if diff := cmp.Diff(before, *f); diff != "" {
		t.Errorf("file changed:\n%s", diff)
	}
}

func ptr[T any](v T) *T { return &v }
