package allpay

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// maxLineBytes bounds one physical line so that a file with no line breaks (a binary file, say)
// cannot make the reader hold it all. An allpay line is 43 characters; anything near this limit is
// not an allpay line whatever it holds.
const maxLineBytes = 4096

// errLineTooLong reports a physical line longer than maxLineBytes; the reader has skipped the rest of it.
var errLineTooLong = errors.New("line is longer than 4096 bytes")

// A lineReader reads a text file one line at a time in constant memory. It drops the line ending
// (LF or CRLF), a UTF-8 byte order mark at the start of the file, and decodes any line that is not
// valid UTF-8 as Windows-1252, the code page that Windows tools write a "£" (0xA3) in. The decision is
// made line by line so that a file of UTF-8 lines is never misread; a line that is not UTF-8 cannot
// be UTF-8 text, and Windows-1252 is what UK systems that do not write UTF-8 write.
type lineReader struct {
	br   *bufio.Reader
	line int  // 1-based number of the line last returned
	long bool // the line last returned was cut at maxLineBytes
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, maxLineBytes)}
}

// next returns the next line as valid UTF-8 without its line ending, or io.EOF after the last line.
// A line longer than maxLineBytes is returned cut, with errLineTooLong.
func (lr *lineReader) next() (string, error) {
	raw, err := lr.br.ReadSlice('\n')
	lr.long = false
	if errors.Is(err, bufio.ErrBufferFull) {
		lr.long = true
		raw = bytes.Clone(raw)
		for errors.Is(err, bufio.ErrBufferFull) { // skip the rest of the line
			_, err = lr.br.ReadSlice('\n')
		}
	}
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return "", err
	}
	if len(raw) == 0 && errors.Is(err, io.EOF) {
		return "", io.EOF
	}
	lr.line++
	raw = bytes.TrimSuffix(raw, []byte("\n"))
	raw = bytes.TrimSuffix(raw, []byte("\r"))
	if lr.line == 1 {
		raw = bytes.TrimPrefix(raw, []byte("\xEF\xBB\xBF"))
	}
	text := decodeLine(raw)
	if lr.long {
		return text, errLineTooLong
	}
	return text, nil
}

// decodeLine returns raw as a string, decoding it from Windows-1252 when it is not valid UTF-8.
func decodeLine(raw []byte) string {
	if utf8.Valid(raw) {
		return string(raw)
	}
	// Every byte has a Windows-1252 meaning (the five unassigned ones become U+FFFD), so this
	// cannot fail and always yields valid UTF-8.
	decoded, err := charmap.Windows1252.NewDecoder().Bytes(raw)
	if err != nil {
		return string(bytes.ToValidUTF8(raw, []byte("\uFFFD")))
	}
	return string(decoded)
}
