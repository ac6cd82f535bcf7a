package mt940

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
	"unicode/utf8"
)

// maxLineBytes caps one physical line. SWIFT lines are at most 65 characters; banks' dialects run
// longer, but a line past this is not a statement line, and the cap keeps memory constant.
const maxLineBytes = 16 << 10

// errLineTooLong is returned (with the line cut short) for a line over maxLineBytes. It is a
// constant, not a variable, so that no package state can change.
const errLineTooLong = lineError("line too long")

type lineError string

func (e lineError) Error() string { return string(e) }

// A lineReader hands out a text file one line at a time, in constant memory. It drops a leading
// UTF-8 byte order mark and the CR of CRLF line ends, and reads a line that is not valid UTF-8 as
// Windows-1252, the encoding UK and European bank systems write when they do not write UTF-8, so
// that no invalid UTF-8 ever reaches the record model.
type lineReader struct {
	r          *bufio.Reader
	line       int // 1-based number of the line last returned
	transcoded int // how many lines were read as Windows-1252
	firstTrans int // the first such line
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, maxLineBytes)}
}

// next returns the next line without its line end. It returns io.EOF when there are no more lines,
// and errLineTooLong (with the start of the line) for an overlong line, after skipping its rest.
func (lr *lineReader) next() (string, error) {
	b, err := lr.r.ReadSlice('\n')
	tooLong := false
	if errors.Is(err, bufio.ErrBufferFull) {
		tooLong = true
		b = append([]byte(nil), b[:256]...)
		for errors.Is(err, bufio.ErrBufferFull) {
			_, err = lr.r.ReadSlice('\n')
		}
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	if len(b) == 0 && errors.Is(err, io.EOF) {
		return "", io.EOF
	}
	lr.line++
	b = bytes.TrimSuffix(b, []byte("\n"))
	b = bytes.TrimSuffix(b, []byte("\r"))
	if lr.line == 1 {
		b = bytes.TrimPrefix(b, []byte("\ufeff"))
	}
	s := lr.decode(b)
	if tooLong {
		return s, errLineTooLong
	}
	return s, nil
}

// decode returns b as a string, reading each byte that is not part of valid UTF-8 as Windows-1252.
func (lr *lineReader) decode(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	if lr.transcoded == 0 {
		lr.firstTrans = lr.line
	}
	lr.transcoded++
	// Keep the well-formed UTF-8 sequences: a file that is mostly UTF-8 with a stray byte loses
	// nothing that was readable.
	var sb strings.Builder
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			r = windows1252(b[0])
		}
		sb.WriteRune(r)
		b = b[size:]
	}
	return sb.String()
}

// windows1252 maps one Windows-1252 byte to its character. The five bytes the code page leaves
// undefined become U+FFFD, the replacement character, so they show as unreadable, not as text.
func windows1252(c byte) rune {
	if c < 0x80 || c >= 0xA0 {
		return rune(c)
	}
	return [32]rune{
		'€', '\uFFFD', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\uFFFD', 'Ž', '\uFFFD',
		'\uFFFD', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\uFFFD', 'ž', 'Ÿ',
	}[c-0x80]
}
