package dwp

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat/internal/sink"
)

// FuzzParse checks that no input makes Parse panic, that failures are ims.ParseErrors within the cap,
// and that a workbook that parses gives a model that agrees with itself. Most mutations of a zip file
// are not zip files; the seeds include small workbooks so some are.
func FuzzParse(f *testing.F) {
	f.Add(workbook(f, headerRow, row("5001 2345", time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), 1250, nil), row("R2", "02/04/2024", "330", "-")))
	f.Add(workbook(f, headerRow, row("", "31/02/2024", "12.5", "+")))
	f.Add(workbook(f))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("reference,date,amount\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse(bytes.NewReader(data))
		if err != nil {
			var pes ims.ParseErrors
			if !errors.As(err, &pes) || len(pes) == 0 || len(pes) > ims.MaxParseErrors || file != nil {
				t.Fatalf("Parse returned %v, %T %v", file, err, err)
			}
			for _, pe := range pes {
				if !utf8.ValidString(pe.Error()) {
					t.Errorf("error is not valid UTF-8: %q", pe.Error())
				}
			}
			return
		}
		if file.Format != Format || len(file.Statements) != 1 {
			t.Fatalf("format %q with %d statements", file.Format, len(file.Statements))
		}
		prev := 1
		for _, e := range file.Statements[0].Entries {
			if e.Line <= prev || e.Currency != "GBP" || e.Reference == "" {
				t.Errorf("entry %+v after row %d", e, prev)
			}
			prev = e.Line
			if e.BookingDate.Location() != time.UTC || e.BookingDate != e.BookingDate.Truncate(24*time.Hour) {
				t.Errorf("row %d: date %v is not midnight UTC", e.Line, e.BookingDate)
			}
		}
	})
}

// FuzzRow fuzzes the four cells a deduction is read from, which FuzzParse reaches only slowly
// through the zip container: any cells either make an entry that says what they say or are
// reported with their row and column.
func FuzzRow(f *testing.F) {
	f.Add("5001 2345", "45383", "1250", "", false)
	f.Add("R", "31/02/2024", "12.5", "+", false)
	f.Add("R", "60", "1250.000", "-", true)
	f.Add("", "2958466", "-1", "x", false)
	f.Fuzz(func(t *testing.T, ref, date, pence, sign string, date1904 bool) {
		p := parser{date1904: date1904, out: sink.New(ims.KeepEntry)}
		cells := make([]string, colSign+1)
		cells[colReference], cells[colDate], cells[colPence], cells[colSign] = ref, date, pence, sign
		p.row(7, cells, false)
		if len(p.errs) == 0 && len(p.st.Entries) == 0 && !allBlank(cells) {
			t.Fatal("a non-blank row gave neither an entry nor an error")
		}
		for _, pe := range p.errs {
			if pe.Line != 0 || len(pe.Column) < len("row 7, column F") || pe.Column[:14] != "row 7, column " {
				t.Errorf("error %+v does not name row 7 and a column", pe)
			}
		}
		for _, e := range p.st.Entries {
			if e.Line != 7 || e.Reference == "" || (e.Minor < 0) != (strings.TrimSpace(sign) == "-" && e.Minor != 0) {
				t.Errorf("entry %+v from %q %q %q %q", e, ref, date, pence, sign)
			}
		}
	})
}
