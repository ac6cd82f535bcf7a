package accountholdercsv

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// maxLineBytes bounds one physical line so that a file with no line breaks cannot make the reader
// hold all of it; no real row comes near it.
const maxLineBytes = 64 << 10

// maxRecordBytes bounds one CSV record, which may span lines inside quotes: without it, a quote left
// open would make encoding/csv gather the rest of the file into one field.
const maxRecordBytes = 1 << 20

// A textReader passes a text file on to encoding/csv as valid UTF-8, one line at a time and in
// constant memory. It drops a UTF-8 byte order mark at the start, turns CRLF into LF, and decodes
// any line that is not valid UTF-8 as Windows-1252, the code page in which Windows tools write "£"
// (0xA3). The choice is made line by line: a line of valid UTF-8 is read as UTF-8, and a line that is
// not cannot be UTF-8 text. Line numbers are kept, so csv's line numbers are the file's.
type textReader struct {
	br      *bufio.Reader
	pending []byte
	line    int
	err     error
	record  int // bytes passed on since recordDone was last called
}

// recordDone tells the reader that csv has returned a record, so the bytes of the next are counted
// afresh.
func (t *textReader) recordDone() { t.record = 0 }

func newTextReader(r io.Reader) *textReader {
	return &textReader{br: bufio.NewReaderSize(r, maxLineBytes)}
}

func (t *textReader) Read(p []byte) (int, error) {
	for len(t.pending) == 0 {
		if t.err != nil {
			return 0, t.err
		}
		raw, err := t.br.ReadSlice('\n')
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			t.err = lineTooLongError{line: t.line + 1}
			return 0, t.err
		case err != nil:
			t.err = err
		}
		if len(raw) == 0 {
			continue
		}
		t.line++
		nl := bytes.HasSuffix(raw, []byte("\n"))
		raw = bytes.TrimSuffix(raw, []byte("\n"))
		raw = bytes.TrimSuffix(raw, []byte("\r"))
		if t.line == 1 {
			raw = bytes.TrimPrefix(raw, []byte("\xEF\xBB\xBF"))
		}
		t.pending = append(t.pending[:0], decodeLine(raw)...)
		if nl {
			t.pending = append(t.pending, '\n')
		}
	}
	if t.record > maxRecordBytes {
		return 0, recordTooLongError{line: t.line}
	}
	n := copy(p, t.pending)
	t.pending = t.pending[n:]
	t.record += n
	return n, nil
}

// A lineTooLongError reports a physical line longer than maxLineBytes.
type lineTooLongError struct{ line int }

func (e lineTooLongError) Error() string {
	return fmt.Sprintf("line %d is longer than %d bytes", e.line, maxLineBytes)
}

// A recordTooLongError reports a CSV record that has run on past maxRecordBytes.
type recordTooLongError struct{ line int }

func (e recordTooLongError) Error() string {
	return fmt.Sprintf("a row runs on to line %d, past %d bytes", e.line, maxRecordBytes)
}

// decodeLine returns raw unchanged when it is valid UTF-8 and decoded from Windows-1252 otherwise.
func decodeLine(raw []byte) []byte {
	if utf8.Valid(raw) {
		return raw
	}
	// Every byte has a Windows-1252 meaning (the five unassigned ones become U+FFFD), so the decoder
	// cannot fail; the fallback only guards the promise of valid UTF-8.
	decoded, err := charmap.Windows1252.NewDecoder().Bytes(raw)
	if err != nil {
		return bytes.ToValidUTF8(raw, []byte("\uFFFD"))
	}
	return decoded
}
