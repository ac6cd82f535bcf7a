// Package textline reads a text file one line at a time, in constant memory, the way every
// line-based parser of payment and bank files needs it: a UTF-8 byte order mark at the start is
// dropped, a line ends in LF or CRLF (the ending is not returned), a line longer than a cap is cut
// and reported rather than held, and a line that is not valid UTF-8 is read as Windows-1252.
//
// Windows-1252 is the code page UK and European systems write when they do not write UTF-8 (its
// "£" is the byte 0xA3). The choice is made line by line, and within a line only the bytes that are
// not part of a valid UTF-8 sequence are read as Windows-1252, so a UTF-8 file is never misread and a
// mostly-UTF-8 file with one stray byte loses nothing that was readable. Whatever the input, every
// line returned is valid UTF-8.
package textline

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"unicode/utf8"
)

// BufferSize is the smallest read buffer a Reader uses. Reading in large blocks matters for files of
// a million lines; a caller that wraps its input in a bufio.Reader of at least this size (to peek at
// the head, say) has that reader used as it is, without a second buffer.
const BufferSize = 64 << 10

// ErrLineTooLong is returned by Next, with the start of the line, for a line longer than the cap.
// It is a constant, not a variable, so that no package state can change.
const ErrLineTooLong = lineError("line too long")

type lineError string

func (e lineError) Error() string { return string(e) }

// A Reader hands out the lines of a text file.
type Reader struct {
	br       *bufio.Reader
	max      int
	line     int
	newline  bool   // the line last returned was followed by a line end
	ascii    bool   // the line last returned is ASCII
	cut      []byte // the start of a line longer than the buffer, copied out of it
	decoded  []byte // the line last returned, when it had to be decoded
	recoded  int    // lines read as Windows-1252
	firstRec int    // the first such line
}

// NewReader returns a Reader of r whose lines may be up to maxLineBytes long (without their line end).
func NewReader(r io.Reader, maxLineBytes int) *Reader {
	return &Reader{br: bufio.NewReaderSize(r, max(BufferSize, maxLineBytes+2)), max: maxLineBytes}
}

// Next returns the next line without its line end, as valid UTF-8. The bytes are the Reader's own
// and change at the next call: a caller that keeps a line copies it (string(line) does). After the
// last line Next returns io.EOF. A line longer than the cap is returned cut to the cap, with
// ErrLineTooLong, and the rest of it is skipped. Any other error is the input's, and ends the file.
func (r *Reader) Next() ([]byte, error) {
	raw, err := r.br.ReadSlice('\n')
	long := false
	if err != nil && errors.Is(err, bufio.ErrBufferFull) { // err != nil first: errors.Is costs a line's reading
		// Longer than the buffer: keep the start, which ReadSlice will overwrite, and skip the rest.
		long = true
		r.cut = append(r.cut[:0], raw[:min(len(raw), r.max)]...)
		raw = r.cut
		for errors.Is(err, bufio.ErrBufferFull) {
			var rest []byte
			rest, err = r.br.ReadSlice('\n')
			if len(rest) > 0 && rest[len(rest)-1] == '\n' {
				raw = append(raw, '\n') // so that the line end is seen below
			}
		}
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if len(raw) == 0 {
		return nil, io.EOF
	}
	r.line++
	r.newline = raw[len(raw)-1] == '\n'
	if r.newline {
		raw = raw[:len(raw)-1]
	}
	if n := len(raw); n > 0 && raw[n-1] == '\r' {
		raw = raw[:n-1]
	}
	if r.line == 1 && len(raw) >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF {
		raw = raw[3:]
	}
	if len(raw) > r.max {
		long = true
		raw = raw[:r.max]
	}
	if long {
		raw = cutAtRune(raw)
	}
	line := r.decode(raw)
	if long {
		return line, ErrLineTooLong
	}
	return line, nil
}

// Peek returns up to the next n bytes of the file as they are, without reading them, so that a
// parser can look at the head of a file before it reads lines: to say what a file of another
// format holds, say. n is at most BufferSize.
func (r *Reader) Peek(n int) []byte {
	head, _ := r.br.Peek(n)
	return head
}

// Buffered returns the bytes already read into the buffer that Next has not yet returned, as the
// file has them: lines with their line ends, neither checked nor decoded, the last of them perhaps
// cut short by the end of the buffer. A parser of a fixed-width format reads from it the lines it
// can read quickly, without a call to Next for each, and then says how far it read with Skip. It
// returns nothing until Next has returned the first line, whose byte order mark Next drops. The
// bytes are the Reader's own and change at the next call to Next or Skip.
func (r *Reader) Buffered() []byte {
	if r.line == 0 {
		return nil
	}
	b, _ := r.br.Peek(r.br.Buffered()) // never reads: the bytes are buffered
	return b
}

// Skip moves past the first n bytes that Buffered returned, as though Next had returned the lines
// they hold, of which there are lines. The caller vouches for them: each is ASCII, no longer than
// the cap, and ends in a line end (LF or CRLF), so that Next would have returned it unchanged.
func (r *Reader) Skip(n, lines int) {
	if n <= 0 {
		return
	}
	if n > r.br.Buffered() {
		panic("textline: Skip past the bytes Buffered returned")
	}
	r.br.Discard(n) // cannot fail: the bytes are buffered
	r.line += lines
	r.newline, r.ascii = true, true
}

// Line returns the 1-based number of the line Next last returned.
func (r *Reader) Line() int { return r.line }

// Newline reports whether the line Next last returned was followed by a line end (the last line of
// a file may not be).
func (r *Reader) Newline() bool { return r.newline }

// Recoded returns how many lines so far were not valid UTF-8 and were read as Windows-1252, and the
// first of them, so that a parser can say that names and text may be misread.
func (r *Reader) Recoded() (lines, first int) { return r.recoded, r.firstRec }

// ASCII reports whether the line Next last returned is ASCII, so that a fixed-width format can cut
// its columns by bytes without counting characters.
func (r *Reader) ASCII() bool { return r.ascii }

// decode returns raw unchanged when it is valid UTF-8, which is nearly always, and otherwise a copy
// in which each byte that is not part of a valid UTF-8 sequence is read as Windows-1252.
func (r *Reader) decode(raw []byte) []byte {
	r.ascii = isASCII(raw)
	if r.ascii || utf8.Valid(raw) {
		return raw
	}
	if r.recoded == 0 {
		r.firstRec = r.line
	}
	r.recoded++
	r.decoded = appendDecoded(r.decoded[:0], raw)
	return r.decoded
}

// isASCII reports whether b is all ASCII, eight bytes at a time: most lines of most files are.
func isASCII(b []byte) bool {
	for len(b) >= 8 {
		if binary.LittleEndian.Uint64(b)&0x8080808080808080 != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// appendDecoded appends raw to dst as valid UTF-8, reading each byte that is not part of a valid
// UTF-8 sequence as Windows-1252, and returns the extended slice.
func appendDecoded(dst, raw []byte) []byte {
	for len(raw) > 0 {
		c, size := utf8.DecodeRune(raw)
		if c == utf8.RuneError && size == 1 {
			c = Windows1252Rune(raw[0])
		}
		dst = utf8.AppendRune(dst, c)
		raw = raw[size:]
	}
	return dst
}

// Windows1252Rune returns the character a Windows-1252 byte stands for. The five bytes the code page
// leaves undefined become U+FFFD, the replacement character, so they show as unreadable, not as
// text, and parsers can tell a binary file by them.
func Windows1252Rune(c byte) rune {
	if c < 0x80 || c >= 0xA0 {
		return rune(c)
	}
	return [32]rune{
		'€', '\uFFFD', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\uFFFD', 'Ž', '\uFFFD',
		'\uFFFD', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\uFFFD', 'ž', 'Ÿ',
	}[c-0x80]
}

// cutAtRune drops the bytes of a character that a cut has split at the end of b, so that a line cut
// for length is not then read as Windows-1252 because of its last few bytes.
func cutAtRune(b []byte) []byte {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return b[:i]
			}
			break
		}
	}
	return b
}
