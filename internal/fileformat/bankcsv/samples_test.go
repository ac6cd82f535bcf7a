package bankcsv

import (
	"os"
	"testing"

	"github.com/ims-council/ims"
)

// samples holds the published UK bank CSV exports, in the repository's testdata (see its SOURCES.md).
const samples = "../../../testdata/samples/uk-bank-csv/"

// TestParseSamples reads each published sample export. The expected figures were worked out by
// reading each file by hand: counting its rows, adding its credits and debits, and taking the
// balance before the earliest row as that row's balance less its amount.
func TestParseSamples(t *testing.T) {
	t.Parallel()
	type want struct {
		profile, account         string
		entries, credits, debits int
		creditMinor, debitMinor  int64
		opening, closing         *int64
	}
	p := func(v int64) *int64 { return &v }
	tests := map[string]want{
		// -60.00, +2000.00, -12.34; no balance column.
		"barclays_countinghouse.csv": {"barclays", "20-00-00 12345678", 3, 1, 2, 200000, 7234, nil, nil},
		// -12.34, "2,000.00"; no header, no balance.
		"hsbc_headerless_countinghouse.csv": {"hsbc", "", 2, 1, 1, 200000, 1234, nil, nil},
		// Newest first: 60.00 out (2940.00), 2000.00 in (3000.00), 12.34 out (1000.00);
		// opening 1000.00 + 12.34 = 1012.34, closing 2940.00.
		"lloyds_countinghouse.csv": {"lloyds", "30-00-00 12345678", 3, 1, 2, 200000, 7234, p(101234), p(294000)},
		// Oldest first: -12.34 (1000.00), +2000.00 (3000.00); opening 1012.34.
		"natwest_countinghouse.csv": {"natwest", "600000-12345678", 2, 1, 1, 200000, 1234, p(101234), p(300000)},
		// Oldest first: out 30, 50, 30, in 10, 100, out 130; first balance 200.00 after paying
		// 30.00, so opening 230.00; closing 100.00 (which the preamble's Account Balance agrees with).
		"nationwide_statement_willongit.csv": {"nationwide-statement", "Foo current ****12345", 6, 2, 4, 11000, 24000, p(23000), p(10000)},
		// Newest first: -52.00, -15.00, +5.00, +3.20, -9.70, +1.50, -35.00, -26.15; the earliest row
		// leaves 100.00 after paying 26.15, so opening 126.15; closing -2.00 (overdrawn). The
		// "Arranged Overdraft Limit" row after the data is not a transaction.
		"nationwide_midata_willongit.csv": {"nationwide-midata", "****12345", 8, 3, 5, 970, 13785, p(12615), p(-200)},
	}
	for name, w := range tests {
		t.Run(name, func(t *testing.T) {
			fh, err := os.Open(samples + name)
			if err != nil {
				t.Fatal(err)
			}
			defer fh.Close()
			f, err := Parse(fh)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if f.Format != "bankcsv" || f.Profile != w.profile || len(f.Problems) != 0 {
				t.Errorf("format %q profile %q problems %v; want bankcsv, %s, none", f.Format, f.Profile, f.Problems, w.profile)
			}
			st := f.Statements[0]
			var credits, debits int
			var creditMinor, debitMinor int64
			for _, e := range st.Entries {
				if e.Minor >= 0 {
					credits++
					creditMinor += e.Minor
				} else {
					debits++
					debitMinor -= e.Minor
				}
			}
			if len(st.Entries) != w.entries || credits != w.credits || debits != w.debits || creditMinor != w.creditMinor || debitMinor != w.debitMinor {
				t.Errorf("%d entries: %d credits %d, %d debits %d; want %d: %d credits %d, %d debits %d",
					len(st.Entries), credits, creditMinor, debits, debitMinor, w.entries, w.credits, w.creditMinor, w.debits, w.debitMinor)
			}
			if st.Account != w.account || st.Currency != "GBP" {
				t.Errorf("account %q currency %q; want %q GBP", st.Account, st.Currency, w.account)
			}
			checkBalance(t, "opening", st.Opening, w.opening)
			checkBalance(t, "closing", st.Closing, w.closing)
		})
	}
}

func checkBalance(t *testing.T, name string, got *ims.Balance, want *int64) {
	t.Helper()
	switch {
	case want == nil && got != nil:
		t.Errorf("%s balance %+v; the file has no balance column", name, got)
	case want != nil && got == nil:
		t.Errorf("no %s balance; want %d", name, *want)
	case want != nil && (got.Minor != *want || got.Currency != "GBP"):
		t.Errorf("%s balance %d %s; want %d GBP", name, got.Minor, got.Currency, *want)
	}
}
