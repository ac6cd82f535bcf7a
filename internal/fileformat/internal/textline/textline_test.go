package textline

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// readAll returns every line of input as a string, with ErrLineTooLong marked by a "!" suffix.
func readAll(t *testing.T, input string, maxLine int) ([]string, *Reader) {
	t.Helper()
	r := NewReader(strings.NewReader(input), maxLine)
	var lines []string
	for {
		line, err := r.Next()
		if errors.Is(err, io.EOF) {
			return lines, r
		}
		s := string(line)
		switch {
		case errors.Is(err, ErrLineTooLong):
			s += "!"
		case err != nil:
			t.Fatalf("Next: %v", err)
		}
		lines = append(lines, s)
		if r.Line() != len(lines) {
			t.Fatalf("Line() = %d after %d lines", r.Line(), len(lines))
		}
	}
}

func TestLineEnds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, input string
		want        []string
	}{
		{"LF", "a\nb\n", []string{"a", "b"}},
		{"CRLF", "a\r\nb\r\n", []string{"a", "b"}},
		{"mixed, last line without an end", "a\r\nb\nc", []string{"a", "b", "c"}},
		{"blank lines are lines", "a\n\n\r\nb\n", []string{"a", "", "", "b"}},
		{"a CR inside a line stays", "a\rb\n", []string{"a\rb"}},
		{"byte order mark dropped from the first line only", "\uFEFFa\n\uFEFFb\n", []string{"a", "\uFEFFb"}},
		{"empty file", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := readAll(t, tt.input, 100)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewlineSaysWhetherTheLineWasEnded(t *testing.T) {
	t.Parallel()
	r := NewReader(strings.NewReader("a\nb"), 100)
	var got []bool
	for {
		if _, err := r.Next(); err != nil {
			break
		}
		got = append(got, r.Newline())
	}
	if diff := cmp.Diff([]bool{true, false}, got); diff != "" {
		t.Errorf("Newline (-want +got):\n%s", diff)
	}
}

func TestWindows1252(t *testing.T) {
	t.Parallel()
	// 0xA3 is "£" in Windows-1252 and not UTF-8 on its own; 0x80 is "€"; 0x81 is undefined.
	input := "\xA35 note\n£5 UTF-8\ncaf\xE9 \xE2\x82\xAC and \x80\n\x81\n"
	got, r := readAll(t, input, 100)
	want := []string{"£5 note", "£5 UTF-8", "café € and €", "\uFFFD"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
	if n, first := r.Recoded(); n != 3 || first != 1 {
		t.Errorf("Recoded() = %d, %d; want 3 lines from line 1", n, first)
	}
}

func TestLongLinesAreCutAndSkipped(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 30)
	huge := strings.Repeat("y", 3*BufferSize) // longer than the read buffer
	got, _ := readAll(t, "ok\n"+long+"\r\nnext\n"+huge+"\nlast", 10)
	want := []string{"ok", "xxxxxxxxxx!", "next", "yyyyyyyyyy!", "last"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
}

func TestALongLineIsNotCutInsideACharacter(t *testing.T) {
	t.Parallel()
	got, r := readAll(t, "ab££££\n", 5) // "ab£" is 4 bytes; the next "£" would be cut in two
	if diff := cmp.Diff([]string{"ab£!"}, got); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
	if n, _ := r.Recoded(); n != 0 {
		t.Errorf("the cut line was read as Windows-1252")
	}
}

func TestReadErrorsEndTheFile(t *testing.T) {
	t.Parallel()
	r := NewReader(io.MultiReader(strings.NewReader("a\n"), errReader{}), 100)
	if line, err := r.Next(); err != nil || string(line) != "a" {
		t.Fatalf("Next = %q, %v", line, err)
	}
	if _, err := r.Next(); err == nil || errors.Is(err, io.EOF) {
		t.Errorf("Next after a failing read = %v, want the read's error", err)
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

// FuzzNext checks that whatever the input, every line is valid UTF-8 within the cap, and the lines
// are those of the input (for input that is UTF-8 without a byte order mark).
func FuzzNext(f *testing.F) {
	for _, seed := range []string{"a\r\nb\n", "\xEF\xBB\xBF\xA3\n", "x\ry\r\n\r\n", strings.Repeat("z", 100) + "\n"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const maxLine = 40
		r := NewReader(bytes.NewReader(data), maxLine)
		var lines []string
		for {
			line, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil && !errors.Is(err, ErrLineTooLong) {
				t.Fatal(err)
			}
			if !utf8.Valid(line) {
				t.Fatalf("line %d is not UTF-8: %q", r.Line(), line)
			}
			if utf8.Valid(data) && len(line) > maxLine {
				t.Fatalf("line %d is %d bytes, over the cap", r.Line(), len(line))
			}
			lines = append(lines, string(line))
		}
		if !utf8.Valid(data) || bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
			return
		}
		want := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
		if len(data) == 0 {
			want = nil
		}
		if len(want) != len(lines) {
			t.Fatalf("%d lines, want %d", len(lines), len(want))
		}
		for i, w := range want {
			w = strings.TrimSuffix(w, "\r")
			if len(w) <= maxLine && lines[i] != w {
				t.Errorf("line %d = %q, want %q", i+1, lines[i], w)
			}
		}
	})
}

func TestStringsKeepTheirText(t *testing.T) {
	t.Parallel()
	var s Strings
	var made []string
	var want []string
	for i := range 5000 { // several blocks
		line := []byte(strings.Repeat(string(rune('a'+i%26)), i%40))
		made = append(made, s.Make(line))
		want = append(want, string(line))
		if len(line) > 0 {
			line[0] = '!' // the caller reuses its buffer
		}
	}
	if diff := cmp.Diff(want, made); diff != "" {
		t.Errorf("strings changed after they were made (-want +got):\n%s", diff)
	}
	if big := strings.Repeat("x", 2*stringsBlock); s.Make([]byte(big)) != big {
		t.Error("a string longer than a block is cut")
	}
}

func TestBufferedAndSkip(t *testing.T) {
	t.Parallel()
	r := NewReader(strings.NewReader("\uFEFFone\r\ntwo\nthree\r\nfour"), 100)
	if b := r.Buffered(); b != nil {
		t.Fatalf("Buffered before the first line = %q; want nothing, the byte order mark being Next's", b)
	}
	if line, err := r.Next(); err != nil || string(line) != "one" {
		t.Fatalf("Next = %q, %v", line, err)
	}
	if b := r.Buffered(); string(b) != "two\nthree\r\nfour" {
		t.Fatalf("Buffered = %q; want the rest of the file as it is", b)
	}
	r.Skip(len("two\nthree\r\n"), 2)
	if r.Line() != 3 || !r.Newline() || !r.ASCII() {
		t.Errorf("after Skip: line %d, newline %v, ASCII %v; want line 3, true, true", r.Line(), r.Newline(), r.ASCII())
	}
	if line, err := r.Next(); err != nil || string(line) != "four" || r.Line() != 4 {
		t.Errorf("Next after Skip = %q, %v, line %d; want four on line 4", line, err, r.Line())
	}
	r.Skip(0, 0) // nothing read, nothing skipped
	if _, err := r.Next(); !errors.Is(err, io.EOF) {
		t.Errorf("Next at the end = %v; want io.EOF", err)
	}
	defer func() {
		if recover() == nil {
			t.Error("Skip past the buffered bytes did not panic")
		}
	}()
	r.Skip(1, 1)
}
