package allpay

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/ims-council/ims"
	"pgregory.net/rapid"
)

// TestWriteParseRoundTrip checks that whatever WriteDetail and WriteTrailer write, Parse reads back
// the same payments with no problems: the benchmark's generated files are then real allpay files.
func TestWriteParseRoundTrip(t *testing.T) {
	t.Parallel()
	text := func(max int) *rapid.Generator[string] {
		return rapid.StringMatching(`([A-Z0-9/£-]([A-Z0-9/ £-]{0,` + strconv.Itoa(max-2) + `}[A-Z0-9/£-])?)?`)
	}
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 20).Draw(t, "n")
		var buf bytes.Buffer
		var want []ims.Entry
		var total int64
		for i := range n {
			e := ims.Entry{
				Line:        i + 1,
				Currency:    "GBP",
				Narrative:   text(7).Draw(t, "site"),
				Reference:   text(16).Filter(func(s string) bool { return !strings.HasPrefix(s, "BERN") }).Draw(t, "ref"),
				Minor:       rapid.Int64Range(-9999999, 99999999).Draw(t, "minor"),
				Channel:     rapid.SampledFrom(strings.Split(Channels, "")).Draw(t, "channel"),
				BookingDate: time.Date(rapid.IntRange(1990, 2100).Draw(t, "y"), time.Month(rapid.IntRange(1, 12).Draw(t, "m")), rapid.IntRange(1, 28).Draw(t, "d"), 0, 0, 0, 0, time.UTC),
			}
			if err := WriteDetail(&buf, e.Narrative, e.Reference, e.Minor, e.Channel[0], e.BookingDate); err != nil {
				t.Fatal(err)
			}
			want = append(want, e)
			total += e.Minor
		}
		if err := WriteTrailer(&buf, total, n); err != nil {
			t.Fatal(err)
		}
		f, err := Parse(&buf)
		if err != nil {
			t.Fatalf("Parse: %v", err)
		}
		if len(f.Problems) != 0 {
			t.Fatalf("problems: %v", f.Problems)
		}
		if diff := cmp.Diff(want, f.Statements[0].Entries, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("entries (-want +got):\n%s", diff)
		}
	})
}

func TestWriteDetailRefusesWhatDoesNotFit(t *testing.T) {
	t.Parallel()
	d := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, site, ref string
		minor           int64
		channel         byte
	}{
		{"long site", "SITE1234", "R", 1, 'P'},
		{"long reference", "S", "12345678901234567", 1, 'P'},
		{"reference starting with a space", "S", " 1", 1, 'P'},
		{"amount too wide", "S", "R", 100000000, 'P'},
		{"negative amount too wide", "S", "R", -10000000, 'P'},
		{"unknown channel", "S", "R", 1, 'X'},
		{"line break in site", "S\n", "R", 1, 'P'},
	}
	for _, tt := range tests {
		if err := WriteDetail(&bytes.Buffer{}, tt.site, tt.ref, tt.minor, tt.channel, d); err == nil {
			t.Errorf("%s: WriteDetail accepted it", tt.name)
		}
	}
}
