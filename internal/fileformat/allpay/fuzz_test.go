package allpay

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"testing/iotest"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/ims-council/ims"
)

// FuzzParse checks that no input makes Parse panic, that failures are ims.ParseErrors within the cap,
// and that a file that parses gives a model that agrees with itself.
func FuzzParse(f *testing.F) {
	example, err := os.ReadFile("testdata/example.txt")
	if err != nil {
		f.Fatal(err)
	}
	d := line("S", "R1", "1.00", "P", "01/04/2024")
	for _, seed := range []string{
		string(example),
		"\xEF\xBB\xBF" + string(example),
		strings.ReplaceAll(string(example), "\r\n", "\n"),
		d + "\n\nTotal Amount 1.00\nTotal Transactions 1\n",
		d + "\n\nTotal Amount 2.00\nTotal Transactions 3\n",
		"\xA3SHOP  " + pad("REF", 16) + "     1.00P01/04/2024\r\n\r\nTotal Amount 1.00\r\nTotal Transactions 1\r\n",
		line("S", "BERN", "-0.01", "Q", "29/02/2023") + "\n",
		"\nTotal Amount 0.00\nTotal Transactions 0\n",
		"Total Amount:\nTotal Transactions:",
		"",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse(bytes.NewReader(data))
		if err != nil {
			var pes ims.ParseErrors
			if !errors.As(err, &pes) || len(pes) == 0 || len(pes) > ims.MaxParseErrors || file != nil {
				t.Fatalf("Parse returned %v, %T %v", file, err, err)
			}
			for _, pe := range pes {
				if !utf8.ValidString(pe.Message) || !utf8.ValidString(pe.Column) {
					t.Errorf("error is not valid UTF-8: %q", pe.Error())
				}
			}
			return
		}
		if file.Format != Format || len(file.Statements) != 1 {
			t.Fatalf("format %q with %d statements", file.Format, len(file.Statements))
		}
		st := file.Statements[0]
		if st.DeclaredCount == nil {
			t.Fatal("no declared count from the trailer")
		}
		prev := 0
		for _, e := range st.Entries {
			if e.Line <= prev || e.Currency != "GBP" || len(e.Channel) != 1 || !strings.Contains(Channels, e.Channel) {
				t.Errorf("entry %+v", e)
			}
			prev = e.Line
			if e.BookingDate.Location() != time.UTC || e.BookingDate != e.BookingDate.Truncate(24*time.Hour) {
				t.Errorf("line %d: date %v is not midnight UTC", e.Line, e.BookingDate)
			}
			if !utf8.ValidString(e.Narrative) || !utf8.ValidString(e.Reference) {
				t.Errorf("line %d: invalid UTF-8 in %q %q", e.Line, e.Narrative, e.Reference)
			}
		}
		wantProblems := 0
		if *st.DeclaredCount != len(st.Entries) {
			wantProblems++
		}
		if len(file.Problems) < wantProblems || len(file.Problems) > 2 {
			t.Errorf("declared count %d, %d entries, but problems %v", *st.DeclaredCount, len(st.Entries), file.Problems)
		}
	})
}

// FuzzQuickDetail checks that a line the quick reading of detail lines accepts is one the full
// reading accepts too, giving the same entry, so that reading quickly changes nothing.
func FuzzQuickDetail(f *testing.F) {
	for _, seed := range []string{
		line("S", "R1", "1.00", "P", "01/04/2024"),
		line("SITE001", "BERN556677889900", "-100.00", "T", "29/02/2024"),
		line("", "", "0.00", "B", "31/12/2023") + "   ",
		line("S", " R", "1.00", "P", "01/04/2024"),
		line("S", "R", "1.5", "P", "01/04/2024"),
		line("T", "R", "1.00", "P", "01/04/2024"),
		line("S\t", "R\t", "1.00", "N", "31/04/2024"),
		line("\vS\f", "R\r", "-1.00", "C", "01/04/2024"),
		line("S", "BERN \t", "  1.00", "Q", "01/04/2024"),
		line("S", "R", " - 1.00", "P", "01/04/2024"),
		line("S", "R", "1-1.00", "P", "01/04/2024"),
		line(" toTal", "R", "1.00", "P", "01/04/2024"),
		strings.Repeat(" ", 44) + "\t",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, c := range b {
			if c >= utf8.RuneSelf || c == '\n' {
				return // Scan reads only ASCII lines quickly
			}
		}
		quick := newParser(func(*ims.Statement, *ims.Entry) error { return nil })
		quick.seenContent = true
		if !quick.quickDetail(7, b) {
			return
		}
		full := newParser(nil)
		text := string(b)
		cols := newColumns(text, true)
		if _, _, isTrailer := trailer(text); isTrailer || !cols.detailWidth() {
			t.Fatalf("%q was read as a detail line; trailer %v, detail width %v", b, isTrailer, cols.detailWidth())
		}
		e := ims.Entry{Currency: "GBP"}
		if !full.detail(7, cols, &e) {
			t.Fatalf("%q was read quickly, but the full reading says %v", b, full.errs)
		}
		if !cmp.Equal(e, quick.entry) {
			t.Errorf("%q: quickly %+v, fully %+v", b, quick.entry, e)
		}
	})
}

// FuzzScanFromTheBuffer checks that reading lines straight from the read buffer changes nothing:
// a file read as it comes parses as it does read a byte at a time, when every line is read by itself.
func FuzzScanFromTheBuffer(f *testing.F) {
	d := line("S", "R1", "1.00", "P", "01/04/2024")
	for _, seed := range []string{
		d + "\r\n" + d + "\n" + d + "\r\r\n" + d + "   \n\nTotal Amount 4.00\nTotal Transactions 4\n",
		d + "\n" + line("S", "BERN1", "-1.00", "Q", "29/02/2024") + "\n" + line("S", " R", "1.00", "P", "01/04/2024") + "\n",
		d + "\n" + d[:40] + "\n" + d + "\nTotal Amount 2.00\nTotal Transactions 2\n" + d + "\n",
		d + "\n" + d + "\r",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		quick, quickErr := Parse(bytes.NewReader(data))
		slow, slowErr := Parse(iotest.OneByteReader(bytes.NewReader(data)))
		if !cmp.Equal(quick, slow) || !cmp.Equal(quickErr, slowErr) {
			t.Errorf("read as it comes: %+v, %v\nbyte by byte: %+v, %v", quick, quickErr, slow, slowErr)
		}
	})
}
