package allpay

import (
	"errors"
	"math"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat/internal/textline"
)

// line builds a detail line from its five fields, padded to their columns, so that a test can put
// any text (good or bad) in any field.
func line(site, ref, amount, channel, date string) string {
	return pad(site, 7) + pad(ref, 16) + strings.Repeat(" ", max(0, 9-len(amount))) + amount + channel + date
}

func pad(s string, n int) string { return s + strings.Repeat(" ", max(0, n-len(s))) }

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func mustParse(t *testing.T, file string) *ims.StatementFile {
	t.Helper()
	f, err := Parse(strings.NewReader(file))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return f
}

func parseErrors(t *testing.T, file string) ims.ParseErrors {
	t.Helper()
	f, err := Parse(strings.NewReader(file))
	if err == nil {
		t.Fatalf("Parse succeeded with %d entries; want an error", len(f.Statements[0].Entries))
	}
	var pes ims.ParseErrors
	if !errors.As(err, &pes) || len(pes) == 0 {
		t.Fatalf("Parse error is %T %v; want ims.ParseErrors", err, err)
	}
	return pes
}

func TestParseReadsEveryField(t *testing.T) {
	t.Parallel()
	// The first line is typed out column by column so that the layout itself is pinned, not just
	// agreement with the line helper.
	file := "SITE001" + "1234567890      " + "    12.50" + "P" + "01/04/2024" + "\r\n" +
		line("PAYPNT", "BERN556677889900", "100.00", "T", "02/04/2024") + "\r\n" +
		line("", "9988", "-7.25", "Q", "29/02/2024") + "\r\n" +
		line("IVR", "ABC/123", "0.00", "N", "31/12/2023") + "\r\n" +
		"\r\n" +
		"Total Amount 105.25\r\n" +
		"Total Transactions 4\r\n"
	f := mustParse(t, file)
	if f.Format != "allpay" || len(f.Statements) != 1 || len(f.Problems) != 0 {
		t.Fatalf("got format %q, %d statements, problems %v", f.Format, len(f.Statements), f.Problems)
	}
	st := f.Statements[0]
	if st.Currency != "GBP" || st.DeclaredCount == nil || *st.DeclaredCount != 4 {
		t.Errorf("statement currency %q, declared count %v; want GBP, 4", st.Currency, st.DeclaredCount)
	}
	want := []ims.Entry{
		{Line: 1, Currency: "GBP", Narrative: "SITE001", Reference: "1234567890", Minor: 1250, Channel: "P", BookingDate: date(2024, 4, 1)},
		{Line: 2, Currency: "GBP", Narrative: "PAYPNT", Reference: "556677889900", Minor: 10000, Channel: "T", BookingDate: date(2024, 4, 2)},
		{Line: 3, Currency: "GBP", Narrative: "", Reference: "9988", Minor: -725, Channel: "Q", BookingDate: date(2024, 2, 29)},
		{Line: 4, Currency: "GBP", Narrative: "IVR", Reference: "ABC/123", Minor: 0, Channel: "N", BookingDate: date(2023, 12, 31)},
	}
	if diff := cmp.Diff(want, st.Entries); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
}

func TestParseAcceptsFileVariants(t *testing.T) {
	t.Parallel()
	d := line("S", "R1", "1.00", "P", "01/04/2024")
	tests := []struct {
		name, file string
		entries    int
	}{
		{"LF line ends", d + "\n\nTotal Amount 1.00\nTotal Transactions 1\n", 1},
		{"no final line end", d + "\n\nTotal Amount 1.00\nTotal Transactions 1", 1},
		{"trailer with colons and tabs, any case", d + "\n\nTOTAL AMOUNT:\t1.00\ntotal transactions : 1\n", 1},
		{"trailer in the other order", d + "\n\nTotal Transactions 1\nTotal Amount 1.00\n", 1},
		{"trailing blank lines", d + "\r\n\r\nTotal Amount 1.00\r\nTotal Transactions 1\r\n\r\n\r\n  \r\n", 1},
		{"blank lines as wide as a detail line", d + "\n" + strings.Repeat(" ", 45) + "\n\t\t\n\nTotal Amount 1.00\nTotal Transactions 1\n", 1},
		{"no blank line before the trailer", d + "\nTotal Amount 1.00\nTotal Transactions 1\n", 1},
		{"spaces after column 43", d + "    \nTotal Amount 1.00\nTotal Transactions 1\n", 1},
		{"UTF-8 byte order mark", "\xEF\xBB\xBF" + d + "\n\nTotal Amount 1.00\nTotal Transactions 1\n", 1},
		{"a day with no payments", "\nTotal Amount 0.00\nTotal Transactions 0\n", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustParse(t, tt.file)
			if got := len(f.Statements[0].Entries); got != tt.entries || len(f.Problems) != 0 {
				t.Errorf("got %d entries and problems %v; want %d and none", got, f.Problems, tt.entries)
			}
		})
	}
}

func TestParseDecodesWindows1252(t *testing.T) {
	t.Parallel()
	// 0xA3 is "£" in Windows-1252; on its own it is not UTF-8.
	file := "\xA3SHOP  " + pad("REF", 16) + "     1.00P01/04/2024\r\n\r\nTotal Amount 1.00\r\nTotal Transactions 1\r\n"
	f := mustParse(t, file)
	if got := f.Statements[0].Entries[0].Narrative; got != "£SHOP" {
		t.Errorf("narrative %q; want %q", got, "£SHOP")
	}
}

func TestParseReportsTrailerDisagreements(t *testing.T) {
	t.Parallel()
	file := line("S", "R1", "10.00", "P", "01/04/2024") + "\n" +
		line("S", "R2", "2.50", "T", "01/04/2024") + "\n\n" +
		"Total Amount 13.50\nTotal Transactions 3\n"
	f := mustParse(t, file)
	want := []ims.Problem{
		{Where: "line 4", Message: "the Total Amount trailer says 13.50 but the 2 detail lines add up to 12.50"},
		{Where: "line 5", Message: "the Total Transactions trailer says 3 but the file has 2 detail lines"},
	}
	if diff := cmp.Diff(want, f.Problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if n := len(f.Statements[0].Entries); n != 2 {
		t.Errorf("%d entries; the file's own lines must be kept as they are, want 2", n)
	}
}

func TestParseRejectsBadInput(t *testing.T) {
	t.Parallel()
	good := line("S", "R1", "1.00", "P", "01/04/2024")
	trailer := "\n\nTotal Amount 1.00\nTotal Transactions 1\n"
	tests := []struct {
		name, file string
		want       ims.ParseError // the first error
	}{
		{"no trailer", good + "\n", ims.ParseError{Line: 1, Message: "truncated: no Total Amount trailer"}},
		{"no count trailer", good + "\n\nTotal Amount 1.00\n", ims.ParseError{Line: 3, Message: "truncated: no Total Transactions trailer"}},
		{"cut mid-line", good + "\n" + good[:20], ims.ParseError{Line: 2, Message: `expected a 43-character detail line or a Total Amount or Total Transactions trailer, found 20 characters: "S      R1           "`}},
		{"date that does not exist", line("S", "R1", "1.00", "P", "31/02/2024") + trailer,
			ims.ParseError{Line: 1, Column: "columns 34-43 (date)", Message: `the date "31/02/2024" does not exist (day out of range)`}},
		{"date in another form", line("S", "R1", "1.00", "P", "2024-04-01") + trailer,
			ims.ParseError{Line: 1, Column: "columns 34-43 (date)", Message: `the date "2024-04-01" is not in the form dd/mm/yyyy`}},
		{"too many decimals", line("S", "R1", "1.005", "P", "01/04/2024") + trailer,
			ims.ParseError{Line: 1, Column: "columns 24-32 (amount)", Message: `the amount "1.005" has more than 2 decimal places`}},
		{"amount not a number", line("S", "R1", "1,00", "P", "01/04/2024") + trailer,
			ims.ParseError{Line: 1, Column: "columns 24-32 (amount)", Message: `the amount "1,00" is not a number of pounds such as 12.50`}},
		{"amount without decimal point", line("S", "R1", "100", "P", "01/04/2024") + trailer,
			ims.ParseError{Line: 1, Column: "columns 24-32 (amount)", Message: `the amount "100" has no decimal point`}},
		{"amount not right-justified", pad("S", 7) + pad("R1", 16) + "1.00     P01/04/2024" + trailer,
			ims.ParseError{Line: 1, Column: "columns 24-32 (amount)", Message: `the amount "1.00     " is not right-justified`}},
		{"reference not left-justified", line("S", "  R1", "1.00", "P", "01/04/2024") + trailer,
			ims.ParseError{Line: 1, Column: "columns 8-23 (reference)", Message: `the reference "  R1            " is not left-justified`}},
		{"unknown channel", line("S", "R1", "1.00", "X", "01/04/2024") + trailer,
			ims.ParseError{Line: 1, Column: "column 33 (channel)", Message: `channel "X" is not one of P, C, Q, T, Z, N, B`}},
		{"bad trailer amount", good + "\n\nTotal Amount 1.001\nTotal Transactions 1\n",
			ims.ParseError{Line: 3, Column: "Total Amount", Message: `the total "1.001" has more than 2 decimal places`}},
		{"bad trailer count", good + "\n\nTotal Amount 1.00\nTotal Transactions one\n",
			ims.ParseError{Line: 4, Column: "Total Transactions", Message: `the count "one" is not a whole number`}},
		{"detail after trailer", good + trailer + good + "\n",
			ims.ParseError{Line: 5, Message: "a detail line after the trailer; the trailer must come last"}},
		{"second trailer", good + trailer + "Total Amount 1.00\n",
			ims.ParseError{Line: 5, Column: "Total Amount", Message: "a second Total Amount trailer (the first is on line 3)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pes := parseErrors(t, tt.file)
			if diff := cmp.Diff(tt.want, pes[0]); diff != "" {
				t.Errorf("first error (-want +got):\n%s\nall: %v", diff, pes)
			}
		})
	}
}

func TestParseReportsEveryBadField(t *testing.T) {
	t.Parallel()
	file := line("S", "R1", "1.5.0", "X", "00/00/2024") + "\n\nTotal Amount 0.00\nTotal Transactions 1\n"
	pes := parseErrors(t, file)
	var cols []string
	for _, pe := range pes {
		cols = append(cols, pe.Column)
	}
	want := []string{"columns 24-32 (amount)", "column 33 (channel)", "columns 34-43 (date)"}
	if diff := cmp.Diff(want, cols); diff != "" {
		t.Errorf("columns with errors (-want +got):\n%s", diff)
	}
}

func TestParseCapsErrors(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(line("S", "R1", "1.00", "P", "01/04/2024") + "\n")
	for range 500 {
		b.WriteString(line("S", "R1", "1.00", "P", "32/13/2024") + "\n")
	}
	pes := parseErrors(t, b.String())
	if len(pes) != ims.MaxParseErrors {
		t.Errorf("%d errors; want the cap, %d", len(pes), ims.MaxParseErrors)
	}
	if pes[0].Line != 2 || pes[len(pes)-1].Line != ims.MaxParseErrors+1 {
		t.Errorf("errors run from line %d to %d; want 2 to %d", pes[0].Line, pes[len(pes)-1].Line, ims.MaxParseErrors+1)
	}
}

func TestParseRefusesOtherFormats(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, file, found string }{
		{"CSV", "transaction_date,fund,reference,amount,mop\n2024-04-01,23,123,1.00,15\n", `found "transaction_date,fund,reference,amount,m"…`},
		{"camt.053 XML", "<?xml version=\"1.0\"?>\n<Document>", `found "<?xml version=\"1.0\"?>"`},
		{"MT940", ":20:STARTUMS\n:25:12345678\n", `found ":20:STARTUMS"`},
		{"xlsx (zip)", "PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "found binary data"},
		{"one very long line", strings.Repeat("x", 10000), `found "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"…`},
		// Other formats' first lines that happen to be 43 characters long, as a detail line is.
		{"bank CSV header of 43 characters", "Number,Date,Account,Amount,Subcategory,Memo\n,05/09/2026,20-00-00 12345678,-60.00,DD,GAS\n",
			`found "Number,Date,Account,Amount,Subcategory,M"…`},
		{"BAI2 header of 43 characters", "01,122099999,123456789,040621,0200,1,65,,2/\n02,031001234,122099999,1,040620,2359,,2/\n",
			`found "01,122099999,123456789,040621,0200,1,65,"…`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pes := parseErrors(t, tt.file)
			if len(pes) != 1 || pes[0].Line != 1 || !strings.HasPrefix(pes[0].Message, "not an allpay file: expected 43-character detail lines") ||
				!strings.HasSuffix(pes[0].Message, tt.found) {
				t.Errorf("got %v; want one error on line 1 saying it is not an allpay file, %s", pes, tt.found)
			}
		})
	}
	if pes := parseErrors(t, ""); pes[0].Message != "the file is empty; expected an allpay file of detail lines and a Total Amount and Total Transactions trailer" {
		t.Errorf("empty file: %v", pes)
	}
}

func TestSniff(t *testing.T) {
	t.Parallel()
	d := line("S", "R1", "1.00", "P", "01/04/2024")
	tests := []struct {
		head string
		want bool
	}{
		{d + "\r\n" + d, true},
		{"\xEF\xBB\xBF" + d + "\n", true},
		{"\n\nTotal Amount 0.00\nTotal Transactions 0\n", true},
		{d[:30], false}, // too little to tell
		{"Date,Description,Amount\n01/04/2024,x,1.00\n", false},
		{"<?xml version=\"1.0\"?>", false},
		{":20:STMT\n", false},
		{"01,BANK,CUST,240401,0000,1,,,2/\n", false},
		{line("S", "R1", "1.00", "X", "01/04/2024"), false},
		{"", false},
	}
	for _, tt := range tests {
		if got := Sniff([]byte(tt.head)); got != tt.want {
			t.Errorf("Sniff(%q) = %v; want %v", tt.head, got, tt.want)
		}
	}
}

func TestScanHandsOutEntriesUntilALineIsBad(t *testing.T) {
	t.Parallel()
	file := line("S", "R1", "1.00", "P", "01/04/2024") + "\n" +
		line("S", "R2", "2.00", "P", "01/04/2024") + "\n" +
		line("S", "R3", "x.00", "P", "01/04/2024") + "\n" + // bad
		line("S", "R4", "4.00", "P", "01/04/2024") + "\n" +
		"\nTotal Amount 7.00\nTotal Transactions 4\n"
	var refs []string
	f, err := Scan(strings.NewReader(file), func(st *ims.Statement, e *ims.Entry) error {
		refs = append(refs, e.Reference)
		if st.Currency != "GBP" || st.EntryCount != len(refs) {
			t.Errorf("statement %+v given with entry %d", st, len(refs))
		}
		return nil
	})
	var pes ims.ParseErrors
	if f != nil || !errors.As(err, &pes) || len(pes) != 1 || pes[0].Line != 3 {
		t.Fatalf("Scan = %v, %v; want the error on line 3", f, err)
	}
	if strings.Join(refs, ",") != "R1,R2" {
		t.Errorf("entries given: %v; want R1 and R2, none after the bad line", refs)
	}
}

func TestScanKeepsNoEntries(t *testing.T) {
	t.Parallel()
	file := line("S", "R1", "1.00", "P", "01/04/2024") + "\n" + line("S", "R2", "-0.50", "Q", "01/04/2024") +
		"\n\nTotal Amount 0.50\nTotal Transactions 2\n"
	f, err := Scan(strings.NewReader(file), func(*ims.Statement, *ims.Entry) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	st := f.Statements[0]
	want := []ims.EntryTotal{{Currency: "GBP", Total: ims.Total{CreditCount: 1, CreditMinor: 100, DebitCount: 1, DebitMinor: 50}}}
	if st.Entries != nil || st.EntryCount != 2 || !cmp.Equal(want, st.EntryTotals) {
		t.Errorf("entries %v, count %d, totals %+v; want none kept, 2 counted, %+v", st.Entries, st.EntryCount, st.EntryTotals, want)
	}
}

// TestScanReadsFromTheBufferAsLineByLine reads a file of several read buffers, its lines of every
// kind the quick reading of buffered lines must take or leave (line ends of both kinds, BERN,
// blank and short references, trailing spaces, non-ASCII sites, bad fields, blank lines, a site
// starting "T"), once as it comes and once a byte at a time, when nothing is ever buffered beyond
// the line being read and every line is read by itself. The two must agree in everything.
func TestScanReadsFromTheBufferAsLineByLine(t *testing.T) {
	t.Parallel()
	kinds := []string{
		line("PO12345", "6000000000012345", "123.45", "P", "05/03/2025") + "\r\n",
		line("S", "BERN556677889900", "-7.25", "Q", "29/02/2024") + "\n",
		line("", "", "0.00", "B", "31/12/2023") + "\r\n",
		line("TESCO", "R1", "1.00", "T", "01/04/2024") + "\n",
		line(" S\t", "\tR ", "999999.99", "Z", "02/04/2024") + "   \r\n",
		line("S\v", "R\t", "1.00", "P", "02/04/2024") + "\n",
		line("S", "R", "000001.00", "N", "03/04/2024") + "\r\n",
		line("£SITE  ", "R", "1.00", "C", "04/04/2024") + "\r\n", // 7 characters, 8 bytes
		"\n", // blank lines between detail lines are ignored
	}
	bad := []string{
		line("S", " R", "1.00", "P", "01/04/2024") + "\r\n",
		line("S", "R", "1.5", "P", "01/04/2024") + "\r\n",
		line("S", "R", "1.00", "X", "01/04/2024") + "\r\n",
		line("S", "R", "1.00", "P", "31/04/2024") + "\r\n",
		line("S", "R", "1.00", "C", "04/04/2024") + "\r\r\n",
		line("S", "R", "1.00", "C", "04/04/2024")[:42] + "\r\n",
		"Total Amount 1.00\r\n", // a trailer before the end
	}
	var b strings.Builder
	entries := 0
	for i := range 5000 {
		k := kinds[i*7%len(kinds)]
		b.WriteString(k)
		if k != "\n" {
			entries++
		}
	}
	good := b.String()
	for i, bl := range bad {
		b.WriteString(good[:len(good)/(i+2)]) // so that the bad lines fall at many places in a buffer
		b.WriteString(bl)
	}
	for name, file := range map[string]string{
		"good": good + "\r\nTotal Amount 1.00\r\nTotal Transactions 5000\r\n",
		"bad":  b.String() + "\r\nTotal Transactions 5000\r\n",
	} {
		t.Run(name, func(t *testing.T) {
			if len(file) < 3*textline.BufferSize {
				t.Fatalf("the file is %d bytes; it must fill the read buffer several times", len(file))
			}
			quick, quickErr := Parse(strings.NewReader(file))
			slow, slowErr := Parse(iotest.OneByteReader(strings.NewReader(file)))
			if diff := cmp.Diff(slow, quick); diff != "" {
				t.Errorf("read as it comes (+) and line by line (-) differ:\n%s", diff)
			}
			if diff := cmp.Diff(slowErr, quickErr); diff != "" {
				t.Errorf("errors read as it comes (+) and line by line (-) differ:\n%s", diff)
			}
			if name == "good" {
				if quickErr != nil {
					t.Fatal(quickErr)
				}
				// The totals are counted with plain adds on the quick path; Tally counts them the long way.
				st := quick.Statements[0]
				if len(st.Entries) != entries {
					t.Errorf("%d entries; want %d", len(st.Entries), entries)
				}
				want := ims.Statement{Currency: "GBP"}
				for i := range st.Entries {
					want.Tally(&st.Entries[i])
				}
				if st.EntryCount != want.EntryCount || !cmp.Equal(st.EntryTotals, want.EntryTotals) {
					t.Errorf("counted %d entries, totals %+v; Tally gives %d, %+v", st.EntryCount, st.EntryTotals, want.EntryCount, want.EntryTotals)
				}
			}
		})
	}
}

func TestTallyIsStatementTally(t *testing.T) {
	t.Parallel()
	for _, minors := range [][]int64{
		{5, -3, 0, -0, 7},
		{math.MaxInt64, 1, -1},
		{-math.MaxInt64, -1, -1, 2},
		{math.MinInt64 + 1, 3},
	} {
		var got, want ims.Statement
		got.EntryTotals = []ims.EntryTotal{{Currency: "GBP"}}
		want.EntryTotals = []ims.EntryTotal{{Currency: "GBP"}}
		for _, m := range minors {
			tally(&got, &got.EntryTotals[0], m)
			want.Tally(&ims.Entry{Currency: "GBP", Minor: m})
		}
		if !cmp.Equal(got, want) {
			t.Errorf("%v: tally gives %+v, Statement.Tally %+v", minors, got, want)
		}
	}
}

func TestChannelsBitsAreChannels(t *testing.T) {
	t.Parallel()
	for c := 'A'; c <= 'Z'; c++ {
		if got, want := channels>>(c-'A')&1 == 1, strings.ContainsRune(Channels, c); got != want {
			t.Errorf("channel %c: in the quick path's set %v, in Channels %v", c, got, want)
		}
	}
}
