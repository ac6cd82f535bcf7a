// Package xmllimit bounds what encoding/xml reads for one token, so that a hostile XML file cannot
// make a parser hold an enormous text node, attribute, tag or comment: encoding/xml buffers each
// token whole before returning it, and has no limit of its own.
//
// A Reader sits between the input and the xml.Decoder. The decoder reads it a byte at a time (it is
// an io.ByteReader, so the decoder adds no buffer of its own), and the Reader counts the bytes read
// since its caller last called Next. A parser calls Next before each Decoder.Token; a token longer
// than the limit then ends the read with a *TooLongError instead of being held.
package xmllimit

import (
	"bufio"
	"fmt"
	"io"
)

// A Reader is the input of an xml.Decoder that refuses a token longer than its limit.
type Reader struct {
	br    *bufio.Reader
	limit int
	n     int   // bytes read since Next
	err   error // set once the limit is passed; every later read returns it
}

// NewReader returns a Reader of r that allows limit bytes of input per token. When r is already a
// *bufio.Reader it is used as it is.
func NewReader(r io.Reader, limit int) *Reader {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReader(r)
	}
	return &Reader{br: br, limit: limit}
}

// Next starts a new token: the next limit bytes are allowed again.
func (r *Reader) Next() { r.n = 0 }

// ReadByte returns the next byte of the input, or a *TooLongError once more than the limit has been
// read since Next.
func (r *Reader) ReadByte() (byte, error) {
	if r.err != nil {
		return 0, r.err
	}
	if r.n >= r.limit {
		r.err = &TooLongError{Limit: r.limit}
		return 0, r.err
	}
	r.n++
	return r.br.ReadByte()
}

// Read reads as ReadByte does, many bytes at a time. The decoder uses it only to hand the input to a
// CharsetReader, whose own buffering then makes the count approximate (to within a buffer).
func (r *Reader) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	if r.n >= r.limit {
		r.err = &TooLongError{Limit: r.limit}
		return 0, r.err
	}
	p = p[:min(len(p), r.limit-r.n)]
	n, err := r.br.Read(p)
	r.n += n
	return n, err
}

// A TooLongError reports a token longer than the limit.
type TooLongError struct {
	Limit int // bytes
}

func (e *TooLongError) Error() string {
	return fmt.Sprintf("a single XML text, tag or comment is longer than %s, the limit", Size(int64(e.Limit)))
}

// Size writes a byte count for a person, in units of 1024: "64 MB", "480 MB", "1500 KB", "300
// bytes". A count that is not a whole number of its unit is rounded up, so that a size over a limit
// never reads as the limit itself.
func Size(n int64) string {
	const kb, mb = 1 << 10, 1 << 20
	switch {
	case n%mb == 0 && n > 0, n >= 10*mb:
		return fmt.Sprintf("%d MB", (n+mb-1)/mb)
	case n >= kb:
		return fmt.Sprintf("%d KB", (n+kb-1)/kb)
	}
	return fmt.Sprintf("%d bytes", n)
}
