package csvrecord

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat/internal/textline"
)

// generous limits are more than any test input reaches.
var generous = Options{MaxLineBytes: 8 << 10, MaxRecordBytes: 1 << 20}

// step is what one Read gave: a record and its line, or an error.
type step struct {
	Fields []string
	Line   int
	Err    string
}

func readAll(r interface {
	Read() ([]string, error)
}, line func() int) []step {
	var steps []step
	for len(steps) < 1000 {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var s step
		if err == nil {
			s = step{Fields: append([]string(nil), rec...), Line: line()}
		} else {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				steps = append(steps, step{Err: err.Error()})
				break
			}
			s = step{Err: pe.Error()} // names the line, the column and the kind of error
		}
		steps = append(steps, s)
	}
	return steps
}

func read(input string, opt Options) []step {
	r := NewReader(strings.NewReader(input), opt)
	return readAll(r, r.Line)
}

func TestRecords(t *testing.T) {
	t.Parallel()
	input := "\uFEFFa,b,c\r\n" +
		"\r\n" + // blank lines are skipped
		`"quoted, with comma","say ""hi""",` + "\r\n" +
		`"two` + "\r\n" + `lines",x` + "\n" +
		"\xA3 5,last" // Windows-1252 and no final line end
	want := []step{
		{Fields: []string{"a", "b", "c"}, Line: 1},
		{Fields: []string{"quoted, with comma", `say "hi"`, ""}, Line: 3},
		{Fields: []string{"two\nlines", "x"}, Line: 4},
		{Fields: []string{"£ 5", "last"}, Line: 6},
	}
	if diff := cmp.Diff(want, read(input, generous)); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
}

func TestTrimSpace(t *testing.T) {
	t.Parallel()
	opt := generous
	opt.TrimSpace = true
	got := read(`1,  "a, b", c`+"\n", opt)
	want := []step{{Fields: []string{"1", "a, b", "c"}, Line: 1}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
}

func TestErrorsAndReadingOn(t *testing.T) {
	t.Parallel()
	got := read("a,b\"c\nd,\"e\"f\ng,h\n\"open\n", generous)
	want := []step{
		{Err: `parse error on line 1, column 4: bare " in non-quoted-field`},
		{Err: `parse error on line 2, column 5: extraneous or missing " in quoted-field`},
		{Fields: []string{"g", "h"}, Line: 3},
		{Err: `parse error on line 4, column 7: extraneous or missing " in quoted-field`},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("steps (-want +got):\n%s", diff)
	}
}

func TestLimits(t *testing.T) {
	t.Parallel()
	opt := Options{MaxLineBytes: 20, MaxRecordBytes: 50}
	r := NewReader(strings.NewReader("a,\"open\n"+strings.Repeat("more text\n", 10)), opt)
	_, err := r.Read()
	var record RecordTooLongError
	if !errors.As(err, &record) || record.Line != 6 {
		t.Errorf("Read = %v; want the record to be too long at line 6", err)
	}
	if pe, _ := r.Describe(err, "a test file"); pe.Line != 6 || !strings.Contains(pe.Message, "past 50 bytes") {
		t.Errorf("Describe = %+v", pe)
	}
	r = NewReader(strings.NewReader("ok\n"+strings.Repeat("x", 30)+"\n"), opt)
	r.Read()
	_, err = r.Read()
	if pe, readOn := r.Describe(err, "a test file"); readOn || pe != (ims.ParseError{Line: 2, Message: "the line is longer than 20 bytes; no row of a test file is"}) {
		t.Errorf("Describe = %+v", pe)
	}
}

// FuzzSameAsEncodingCSV checks that Read gives what encoding/csv gives for the same text: the same
// records at the same lines, and the same errors at the same lines and columns.
func FuzzSameAsEncodingCSV(f *testing.F) {
	for _, seed := range []string{
		"a,b\r\n\"c,d\",\"e\"\"f\"\n",
		"a, \"b\"\n\n \n\"x\ny\"\n",
		"\"unclosed\n",
		"a\"b,c\n\"d\"e\n",
		"\"\"\r\n,\r\n\"",
		"\xA3,\xEF\xBB\xBFx\r",
	} {
		f.Add([]byte(seed), false)
		f.Add([]byte(seed), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, trim bool) {
		if len(data) > generous.MaxLineBytes {
			return // no line can be over the limit, which encoding/csv does not have
		}
		opt := generous
		opt.TrimSpace = trim
		got := read(string(data), opt)

		// encoding/csv is given the text as the line reader decodes it.
		var text bytes.Buffer
		lr := textline.NewReader(bytes.NewReader(data), generous.MaxLineBytes)
		for {
			line, err := lr.Next()
			if err != nil {
				break
			}
			text.Write(line)
			if lr.Newline() {
				text.WriteByte('\n')
			}
		}
		cr := csv.NewReader(&text)
		cr.FieldsPerRecord = -1
		cr.TrimLeadingSpace = trim
		want := readAll(cr, func() int { line, _ := cr.FieldPos(0); return line })
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("input %q (-encoding/csv +csvrecord):\n%s", data, diff)
		}
	})
}
