package allpay

import (
	"os"
	"testing"
)

// TestParseExampleFile reads testdata/example.txt, a hand-made file in the allpay layout with one
// line per channel, a BERN reference, a blank reference and two negative lines. The expected
// figures were worked out by hand from the file: 8 lines; credits 25.00 + 112.40 + 49.99 + 300.00 +
// 80.00 + 500.00 = 1067.39; debits 25.00 + 11.86 = 36.86; net 1030.53, which is its Total Amount.
func TestParseExampleFile(t *testing.T) {
	t.Parallel()
	fh, err := os.Open("testdata/example.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	f, err := Parse(fh)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(f.Problems) != 0 {
		t.Errorf("problems %v; the trailer agrees with the lines", f.Problems)
	}
	entries := f.Statements[0].Entries
	var credits, debits int64
	var nCredits int
	channels := ""
	for _, e := range entries {
		if e.Minor >= 0 {
			credits += e.Minor
			nCredits++
		} else {
			debits -= e.Minor
		}
		channels += e.Channel
	}
	if len(entries) != 8 || nCredits != 6 || credits != 106739 || debits != 3686 {
		t.Errorf("%d entries, %d credits totalling %d, debits %d; want 8, 6, 106739, 3686", len(entries), nCredits, credits, debits)
	}
	if channels != "PPTZQNBC" {
		t.Errorf("channels %q; want PPTZQNBC", channels)
	}
	if got := entries[2].Reference; got != "000987654321" {
		t.Errorf("BERN line reference %q; want 000987654321", got)
	}
	if got := entries[6].Reference; got != "" {
		t.Errorf("blank reference read as %q", got)
	}
}
