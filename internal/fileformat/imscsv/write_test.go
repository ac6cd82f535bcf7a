package imscsv

import (
	"bytes"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/ims-council/ims"
	"pgregory.net/rapid"
)

// TestWriteParseRoundTrip checks that what WriteHeader and WriteRow write, Parse reads back as the
// same entries, whatever commas, quotes and line breaks the text fields hold.
func TestWriteParseRoundTrip(t *testing.T) {
	t.Parallel()
	// Text with no surrounding spaces, since Parse trims them.
	text := rapid.StringMatching(`([A-Za-z0-9£"',/-]([A-Za-z0-9 £"',/\n-]{0,12}[A-Za-z0-9£"',/-])?)?`)
	rapid.Check(t, func(t *rapid.T) {
		var buf bytes.Buffer
		if err := WriteHeader(&buf); err != nil {
			t.Fatal(err)
		}
		n := rapid.IntRange(0, 10).Draw(t, "n")
		var want []ims.Entry
		line := 2
		for range n {
			e := ims.Entry{
				Line:        line,
				Currency:    "GBP",
				BookingDate: time.Date(rapid.IntRange(1990, 2100).Draw(t, "y"), time.Month(rapid.IntRange(1, 12).Draw(t, "m")), rapid.IntRange(1, 28).Draw(t, "d"), 0, 0, 0, 0, time.UTC),
				Fund:        text.Draw(t, "fund"),
				Reference:   text.Draw(t, "reference"),
				Minor:       rapid.Int64Range(-1e12, 1e12).Draw(t, "minor"),
				MOP:         text.Draw(t, "mop"),
				VATCode:     text.Draw(t, "vat"),
				Narrative:   text.Draw(t, "narrative"),
				Office:      text.Draw(t, "office"),
				BankRef:     text.Draw(t, "source"),
			}
			if err := WriteRow(&buf, e); err != nil {
				t.Fatal(err)
			}
			want = append(want, e)
			line += 1 + countNewlines(e)
		}
		f, err := Parse(&buf)
		if err != nil {
			t.Fatalf("Parse: %v\n%s", err, buf.String())
		}
		if diff := cmp.Diff(want, f.Statements[0].Entries, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("entries (-want +got):\n%s", diff)
		}
	})
}

func countNewlines(e ims.Entry) int {
	n := 0
	for _, s := range []string{e.Fund, e.Reference, e.MOP, e.VATCode, e.Narrative, e.Office, e.BankRef} {
		n += bytes.Count([]byte(s), []byte("\n"))
	}
	return n
}
