// Package csvrecord reads the records of a CSV file (RFC 4180: comma-separated fields, a field
// holding a comma, a quote or a line break in double quotes, a quote inside one doubled) from the
// lines of a textline.Reader, so that every CSV format IMS reads gets the same byte order mark,
// line end, Windows-1252 and length handling as the line formats.
//
// It reads exactly what encoding/csv reads, with the same records, the same skipped blank lines,
// and the same errors at the same line and column (it returns *csv.ParseError with csv.ErrQuote or
// csv.ErrBareQuote), which a fuzz test checks. It exists because it is faster: it works on the
// lines the reader already holds instead of copying the file a second time, which matters for a
// file of a million rows. It also bounds a record, which encoding/csv does not: a quote left open
// would otherwise gather the rest of the file into one field.
package csvrecord

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat/internal/textline"
)

// The limits a Reader applies when Options leave them zero. No real row of a payment, statement or
// account holder file comes near them; they keep memory bounded whatever the input.
const (
	DefaultMaxLineBytes   = 64 << 10
	DefaultMaxRecordBytes = 1 << 20
)

// Options say how long a line and a record may be and whether leading spaces are trimmed.
type Options struct {
	MaxLineBytes   int  // a physical line; DefaultMaxLineBytes when zero
	MaxRecordBytes int  // a record, which quoted line breaks may spread over lines; DefaultMaxRecordBytes when zero
	TrimSpace      bool // drop white space at the start of each field, as csv.Reader.TrimLeadingSpace
}

// A Reader reads one record at a time, in constant memory.
type Reader struct {
	lines   *textline.Reader
	opt     Options
	buf     []byte // the fields of the record being read, unquoted, one after another
	strings textline.Strings
	ends    []int    // where each field ends in buf
	fields  []string // the record last returned
	recLine int      // the line the record last returned starts on
	size    int      // bytes of input the record being read has taken
}

// NewReader returns a Reader of r.
func NewReader(r io.Reader, opt Options) *Reader {
	opt.MaxLineBytes = cmp.Or(opt.MaxLineBytes, DefaultMaxLineBytes)
	opt.MaxRecordBytes = cmp.Or(opt.MaxRecordBytes, DefaultMaxRecordBytes)
	return &Reader{lines: textline.NewReader(r, opt.MaxLineBytes), opt: opt}
}

// Peek returns up to the next n bytes of the file as they are, without reading them (see
// textline.Reader.Peek).
func (r *Reader) Peek(n int) []byte { return r.lines.Peek(n) }

// Line returns the line of the file on which the record last returned starts.
func (r *Reader) Line() int { return r.recLine }

// A LineTooLongError reports a physical line longer than Options.MaxLineBytes; nothing more is read.
type LineTooLongError struct{ Line int }

func (e LineTooLongError) Error() string { return fmt.Sprintf("line %d is too long", e.Line) }

// A RecordTooLongError reports a record that has run on past Options.MaxRecordBytes; nothing more is
// read.
type RecordTooLongError struct{ Line int }

func (e RecordTooLongError) Error() string { return fmt.Sprintf("a record runs on to line %d", e.Line) }

// Read returns the next record. The slice is reused by the next Read; the strings in it are not, and
// share their memory with the records around them (see textline.Strings). Blank lines are skipped. After the last record Read returns
// io.EOF. A malformed quote is a *csv.ParseError, after which reading goes on from the next line; a
// LineTooLongError, a RecordTooLongError or the input's own error ends the file.
func (r *Reader) Read() ([]string, error) {
	var line []byte
	for {
		var err error
		line, err = r.next()
		if err != nil {
			return nil, err
		}
		if len(line) > 0 {
			break
		}
	}
	r.recLine = r.lines.Line()
	if !r.opt.TrimSpace && bytes.IndexByte(line, '"') < 0 {
		return r.plain(line), nil
	}
	r.buf, r.ends, r.size = r.buf[:0], r.ends[:0], len(line)
	err := r.record(line)
	if err != nil && !isParseError(err) {
		return nil, err
	}
	s := r.strings.Make(r.buf) // no allocation of the record's own (see textline.Strings)
	r.fields = r.fields[:0]
	start := 0
	for _, end := range r.ends {
		r.fields = append(r.fields, s[start:end])
		start = end
	}
	return r.fields, err
}

// plain splits a line with no quote in it, as most lines are: it is one record whose fields are
// what lies between its commas, so they are cut from one string of the line without copying them.
func (r *Reader) plain(line []byte) []string {
	s := r.strings.Make(line)
	r.fields = r.fields[:0]
	for {
		i := strings.IndexByte(s, ',')
		if i < 0 {
			return append(r.fields, s)
		}
		r.fields = append(r.fields, s[:i])
		s = s[i+1:]
	}
}

// next returns the next line, turning the line reader's errors into this package's.
func (r *Reader) next() ([]byte, error) {
	line, err := r.lines.Next()
	if errors.Is(err, textline.ErrLineTooLong) {
		return nil, LineTooLongError{Line: r.lines.Line()}
	}
	if n := len(line); n > 0 && line[n-1] == '\r' {
		// encoding/csv drops a CR before a line end and before the end of the file, after the line
		// reader has dropped a CRLF's: a line ending CR CR LF loses both CRs in either.
		line = line[:n-1]
	}
	if err == nil && len(line) == 0 && !r.lines.Newline() {
		return nil, io.EOF // a last line of nothing but CRs
	}
	return line, err
}

func isParseError(err error) bool {
	var pe *csv.ParseError
	return errors.As(err, &pe)
}

// record reads the fields of a record that starts with line. It follows encoding/csv's readRecord
// step by step, columns included; where that works on a line with its "\n", this one has the line
// without it and asks the line reader whether there was one (nl).
func (r *Reader) record(line []byte) error {
	lineNo, col := r.recLine, 1
	for {
		if r.opt.TrimSpace {
			i := bytes.IndexFunc(line, func(c rune) bool { return !unicode.IsSpace(c) })
			if i < 0 {
				i = len(line)
			}
			line = line[i:]
			col += i
		}
		if len(line) == 0 || line[0] != '"' {
			i := bytes.IndexByte(line, ',')
			field := line
			if i >= 0 {
				field = field[:i]
			}
			if j := bytes.IndexByte(field, '"'); j >= 0 {
				return &csv.ParseError{StartLine: r.recLine, Line: r.lines.Line(), Column: col + j, Err: csv.ErrBareQuote}
			}
			r.buf = append(r.buf, field...)
			r.ends = append(r.ends, len(r.buf))
			if i < 0 {
				return nil
			}
			line = line[i+1:]
			col += i + 1
			continue
		}
		// A quoted field, which may run over several lines.
		line = line[1:]
		col++
		for {
			if i := bytes.IndexByte(line, '"'); i >= 0 {
				r.buf = append(r.buf, line[:i]...)
				line = line[i+1:]
				col += i + 1
				switch {
				case len(line) > 0 && line[0] == '"': // "" stands for one quote
					r.buf = append(r.buf, '"')
					line = line[1:]
					col++
					continue
				case len(line) > 0 && line[0] == ',':
					line = line[1:]
					col++
					r.ends = append(r.ends, len(r.buf))
				case len(line) == 0:
					r.ends = append(r.ends, len(r.buf))
					return nil
				default:
					return &csv.ParseError{StartLine: r.recLine, Line: r.lines.Line(), Column: col - 1, Err: csv.ErrQuote}
				}
				break
			}
			nl := r.lines.Newline()
			if len(line) == 0 && !nl {
				// The file ends inside the quotes.
				return &csv.ParseError{StartLine: r.recLine, Line: lineNo, Column: col, Err: csv.ErrQuote}
			}
			r.buf = append(r.buf, line...)
			if nl {
				r.buf = append(r.buf, '\n')
				col += len(line) + 1
			} else {
				col += len(line)
			}
			next, err := r.next()
			switch {
			case errors.Is(err, io.EOF):
				return &csv.ParseError{StartLine: r.recLine, Line: lineNo, Column: col, Err: csv.ErrQuote}
			case err != nil:
				return err
			}
			lineNo, col, line = r.lines.Line(), 1, next
			if r.size += len(next) + 1; r.size > r.opt.MaxRecordBytes {
				return RecordTooLongError{Line: lineNo}
			}
		}
	}
}

// Describe turns an error from Read into a ParseError with its line and position, for a file
// described by what ("a statement", "an account holder file") in the message about an overlong line.
// readOn reports whether Read can go on to the next record (after a malformed quote) or the file
// has ended.
func (r *Reader) Describe(err error, what string) (pe ims.ParseError, readOn bool) {
	return r.describe(err, what), isParseError(err)
}

func (r *Reader) describe(err error, what string) ims.ParseError {
	var pe *csv.ParseError
	var long LineTooLongError
	var record RecordTooLongError
	switch {
	case errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrBareQuote):
		return ims.ParseError{Line: pe.Line, Column: fmt.Sprintf("position %d", pe.Column),
			Message: `a " appears inside a field that is not quoted; double it ("") inside a quoted field`}
	case errors.As(err, &pe):
		return ims.ParseError{Line: pe.Line, Column: fmt.Sprintf("position %d", pe.Column),
			Message: `a quoted field is not closed (a " is missing)`}
	case errors.As(err, &record):
		return ims.ParseError{Line: record.Line, Message: fmt.Sprintf(
			"a row runs on past %d bytes to this line; a quoted field is probably not closed (a \" is missing)", r.opt.MaxRecordBytes)}
	case errors.As(err, &long):
		return ims.ParseError{Line: long.Line, Message: fmt.Sprintf(
			"the line is longer than %d bytes; no row of %s is", r.opt.MaxLineBytes, what)}
	}
	return ims.ParseError{Message: "cannot read the file: " + err.Error()}
}
