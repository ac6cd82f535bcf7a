// Package allpay reads the daily payment file that allpay sends councils for payments taken over
// its network: Post Office and PayPoint counters, Payzone, IVR and online bill payment.
//
// # Layout
//
// Each payment is one fixed-width detail line of 43 characters (columns are 1-based):
//
//	 1–7   site text (the allpay site or agent), free text
//	 8–23  account reference, left-justified; when columns 8–11 are "BERN" the reference is columns 12–23
//	24–32  amount in pounds, right-justified, with a decimal point ("    12.50", "-5.00" for a reversal)
//	33     channel: P Post Office, C cash adjustment, Q returned cheque, T PayPoint, Z Payzone, N IVR,
//	       B bills online
//	34–43  payment date dd/mm/yyyy
//
// The details are followed by a blank line and two trailer lines, in either order:
//
//	Total Amount <amount>
//	Total Transactions <count>
//
// No public specification of the trailer's spacing was found, so the label may be followed by
// spaces, tabs, a colon or an equals sign in any mix ("Total Amount: 1234.56", "Total Amount
// 1234.56"); the labels are matched without regard to case. Nothing else may follow the trailer but
// blank lines. The blank line before the trailer is expected but its absence is not an error, and
// blank lines between detail lines are ignored.
//
// Lines end in CRLF or LF. A UTF-8 byte order mark is dropped, and a line that is not valid UTF-8 is
// read as Windows-1252. A detail line may carry trailing spaces past column 43.
//
// The file has no statements and no balances: it is read as one Statement in GBP with every detail
// line an Entry, and DeclaredCount from the Total Transactions trailer. A trailer that disagrees with
// the details is reported in StatementFile.Problems; a missing trailer is a parse error, since the
// file has probably been cut short.
//
// Scan reads a file of any size in constant memory, handing each entry to its caller; Parse keeps
// them all. A well-formed ASCII detail line takes a quick path with no allocation of its own, and
// such lines are read straight from the read buffer, one after another, without a call to the line
// reader for each, so a file is read at millions of lines a second (see bench/parsebench). The
// quick path accepts only what the full reading accepts, and reads it the same (FuzzQuickDetail,
// FuzzScanFromTheBuffer).
package allpay

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat/internal/quickvalue"
	"github.com/ims-council/ims/internal/fileformat/internal/textline"
	"github.com/ims-council/ims/money"
)

// Format is the name Parse gives the files it reads.
const Format = "allpay"

// Channels lists the channel codes an allpay detail line may carry in column 33.
const Channels = "PCQTZNB"

// maxLineBytes bounds one physical line so that a file with no line breaks (a binary file, say)
// cannot make the reader hold it all. An allpay line is 43 characters; anything near this limit is
// not an allpay line whatever it holds.
const maxLineBytes = 4096

// detailWidth is the length of a detail line in characters.
const detailWidth = 43

const (
	labelAmount = "total amount"
	labelCount  = "total transactions"
)

// Parse reads a whole allpay file and returns it with every entry. On success it returns the file
// with Format "allpay" and any Problems (trailer totals that disagree with the details). When the
// file cannot be read it returns nil and an ims.ParseErrors naming each bad line, column and reason
// (at most ims.MaxParseErrors).
func Parse(r io.Reader) (*ims.StatementFile, error) {
	return Scan(r, ims.KeepEntry)
}

// Scan reads an allpay file as Parse does, in constant memory: it calls each with every entry as it
// reads it, and returns the file without them (its statement's EntryCount and EntryTotals give the
// count and totals). Once a line is found bad, Scan stops calling each but reads on to report every
// error; the caller must then drop what it was given. When each returns an error, Scan stops and
// returns that error.
func Scan(r io.Reader, each ims.EntryFunc) (*ims.StatementFile, error) {
	lr := textline.NewReader(r, maxLineBytes)
	p := newParser(each)
	for len(p.errs) < ims.MaxParseErrors && p.stopped == nil {
		if p.seenContent && p.quickLines(lr) {
			continue
		}
		b, err := lr.Next()
		switch {
		case err == nil:
			if p.seenContent && lr.ASCII() && p.quickDetail(lr.Line(), b) {
				continue
			}
			if wrong := p.line(lr.Line(), b, lr.ASCII()); wrong != nil {
				return nil, wrong
			}
			continue
		case errors.Is(err, io.EOF):
		case errors.Is(err, textline.ErrLineTooLong) && !p.seenContent:
			return nil, notAllpay(lr.Line(), string(b))
		case errors.Is(err, textline.ErrLineTooLong):
			p.fail(lr.Line(), "", "the line is longer than 4096 bytes; allpay lines are 43 characters")
			continue
		default:
			p.fail(lr.Line(), "", "cannot read the file: "+err.Error())
		}
		break
	}
	if err := p.stopped; err != nil {
		return nil, err
	}
	p.finish(lr.Line())
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return &p.file, nil
}

func newParser(each ims.EntryFunc) *parser {
	p := &parser{each: each, dates: quickvalue.DateMemo{Layout: quickvalue.DMY}, entry: ims.Entry{Currency: "GBP"}}
	p.file = ims.StatementFile{Format: Format, Statements: []ims.Statement{{Currency: "GBP"}}}
	p.st = &p.file.Statements[0]
	return p
}

// A parser holds what has been read so far of one file.
type parser struct {
	each        ims.EntryFunc
	stopped     error // what each returned, when it asked to stop
	file        ims.StatementFile
	st          *ims.Statement // the file's one statement
	entry       ims.Entry      // the entry handed to each, filled afresh for every line
	strings     textline.Strings
	dates       quickvalue.DateMemo // for line
	days        [32]dateSlot        // for quick
	errs        ims.ParseErrors
	seenContent bool  // a non-blank line has been read
	sum         int64 // sum of the detail amounts
	overflow    bool  // the sum no longer fits in 64 bits
	amountLine  int   // line of the Total Amount trailer, 0 until seen
	amount      int64
	countLine   int // line of the Total Transactions trailer, 0 until seen
	count       int
}

func (p *parser) fail(line int, column, msg string) {
	if len(p.errs) < ims.MaxParseErrors {
		p.errs = append(p.errs, ims.ParseError{Line: line, Column: column, Message: msg})
	}
}

// line reads one line, b, which is ASCII when ascii says so. It returns a non-nil error only when
// the file is not an allpay file at all, which is decided on its first non-blank line.
func (p *parser) line(n int, b []byte, ascii bool) error {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	first := !p.seenContent
	p.seenContent = true
	text := p.strings.Make(b) // fields are cut from it
	if label, value, ok := trailer(text); ok {
		p.trailerLine(n, label, value)
		return nil
	}
	line := newColumns(text, ascii)
	if !line.detailWidth() || first && !shapedLikeDetail(text) {
		if first {
			return notAllpay(n, text)
		}
		p.fail(n, "", fmt.Sprintf("expected a %d-character detail line or a Total Amount or Total Transactions trailer, found %d characters: %s",
			detailWidth, utf8.RuneCountInString(text), quoteStart(text)))
		return nil
	}
	if p.amountLine != 0 || p.countLine != 0 {
		p.fail(n, "", "a detail line after the trailer; the trailer must come last")
		return nil
	}
	e := &p.entry
	if p.detail(n, line, e) {
		p.add(n, e)
	}
	return nil
}

// quickDetail reads an ASCII detail line whose every field is good and written the usual way, as
// nearly every line of a file is, in the fewest steps, and hands its entry on. On anything else it
// returns false, leaving the line to line, which reads it the same and says what is wrong.
func (p *parser) quickDetail(n int, b []byte) bool {
	if len(b) < detailWidth || p.amountLine != 0 || p.countLine != 0 {
		return false // not a detail line, or one after the trailer
	}
	for _, c := range b[detailWidth:] {
		if c != ' ' {
			return false
		}
	}
	return p.quick(n, (*[detailWidth]byte)(b))
}

// quickLines reads the lines waiting in lr's buffer that quick accepts, as many as come one after
// another, each exactly 43 bytes before its line end, without a call to lr.Next for each. It
// reports whether it read any; it stops at the first line quick does not accept, which lr.Next then
// returns.
func (p *parser) quickLines(lr *textline.Reader) bool {
	if p.amountLine != 0 || p.countLine != 0 {
		return false // a detail line now is an error, which line reports
	}
	buf := lr.Buffered()
	first := lr.Line() + 1
	n, read := first, 0
	for p.stopped == nil && len(buf)-read > detailWidth {
		b := buf[read:]
		end := detailWidth
		if b[end] == '\r' {
			end++
			if end == len(b) {
				break // the LF, if it is one, is not yet read
			}
		}
		if b[end] != '\n' || !p.quick(n, (*[detailWidth]byte)(b)) {
			break
		}
		n++
		read += end + 1
	}
	lr.Skip(read, n-first)
	return read > 0
}

// quick reads the 43 bytes of a detail line as quickDetail says. It takes them from the reader's
// buffer as they are, so it checks that they are ASCII text of one line itself.
func (p *parser) quick(n int, b *[detailWidth]byte) bool {
	// Columns 1-23, the site and the reference, are free text: ASCII without a line break. Every
	// later column is checked for the few characters it may hold.
	w0, w1, w2 := binary.LittleEndian.Uint64(b[0:8]), binary.LittleEndian.Uint64(b[8:16]), binary.LittleEndian.Uint64(b[16:24])
	if (w0|w1|w2)&highBits != 0 || (zeroByte(w0^lfBytes)|zeroByte(w1^lfBytes)|zeroByte(w2^lfBytes)) != 0 {
		return false
	}
	// A line that starts "total", after spaces and tabs, may be a trailer.
	i := 0
	for i < 23 && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	if i < 23 && b[i]|0x20 == 't' && b[i+1]|0x20 == 'o' && b[i+2]|0x20 == 't' && b[i+3]|0x20 == 'a' && b[i+4]|0x20 == 'l' {
		return false
	}

	// The amount, right-justified in columns 24-32: spaces, an optional minus, at least one digit, a
	// point and two digits, as quickvalue.Minor2 reads it.
	d1, d2 := b[30]-'0', b[31]-'0'
	if b[29] != '.' || d1 > 9 || d2 > 9 {
		return false
	}
	i = 23
	for i < 29 && b[i] == ' ' {
		i++
	}
	neg := i < 29 && b[i] == '-'
	if neg {
		i++
	}
	if i == 29 {
		return false // no pounds
	}
	var minor int64
	for ; i < 29; i++ {
		c := b[i] - '0'
		if c > 9 {
			return false
		}
		minor = minor*10 + int64(c)
	}
	minor = minor*100 + int64(d1)*10 + int64(d2)
	if neg {
		minor = -minor
	}

	// The channel, one of Channels, looked up rather than branched on: it changes from line to line.
	k := uint(b[32]) - 'A'
	if k >= 26 || channels>>k&1 == 0 {
		return false
	}
	channel := letters[k : k+1] // a string that is not in the line

	// The date, which the lines of a file share a few of: each is remembered under its day of the
	// month, so that it is made once and then only compared.
	slot := &p.days[((b[33]-'0')*10+b[34]-'0')&31] // any slot when they are not digits
	if slot.lo != binary.LittleEndian.Uint64(b[33:41]) || slot.hi != binary.LittleEndian.Uint16(b[41:43]) || !slot.set {
		if !slot.read(b) {
			return false
		}
	}

	// The site and the reference, without the spaces around them, as strings.TrimSpace cuts them
	// from an ASCII line, and the reference after "BERN" when it starts so.
	refFrom := 7
	if b[7] == 'B' && b[8] == 'E' && b[9] == 'R' && b[10] == 'N' {
		refFrom = 11
	}
	refTo := 23
	for refTo > refFrom && asciiSpace(b[refTo-1]) {
		refTo--
	}
	if b[refFrom] == ' ' && refTo > refFrom {
		return false // not left-justified, which line reports
	}
	for refFrom < refTo && asciiSpace(b[refFrom]) {
		refFrom++
	}
	siteFrom, siteTo := 0, 7
	for siteTo > 0 && asciiSpace(b[siteTo-1]) {
		siteTo--
	}
	for siteFrom < siteTo && asciiSpace(b[siteFrom]) {
		siteFrom++
	}
	text := p.strings.Make(b[siteFrom:refTo]) // one string for both: the bytes between are few
	e := &p.entry
	e.Line, e.Narrative, e.Reference, e.Minor = n, text[:siteTo-siteFrom], text[refFrom-siteFrom:], minor
	e.Channel, e.BookingDate = channel, slot.t
	p.add(n, e)
	return true
}

// read reads the date in columns 34-43 of a detail line into slot, and reports whether it is a
// good date; slot is left as it was when it is not.
func (slot *dateSlot) read(b *[detailWidth]byte) bool {
	t, ok := quickvalue.Date(string(b[33:43]), quickvalue.DMY)
	if ok {
		*slot = dateSlot{lo: binary.LittleEndian.Uint64(b[33:41]), hi: binary.LittleEndian.Uint16(b[41:43]), set: true, t: t}
	}
	return ok
}

// A dateSlot remembers a date quick has read: its ten bytes, as two numbers, and the date.
type dateSlot struct {
	lo  uint64
	hi  uint16
	set bool
	t   time.Time
}

const (
	highBits = 0x8080808080808080 // the top bit of each byte of a word
	lowBits  = 0x0101010101010101
	lfBytes  = 0x0A0A0A0A0A0A0A0A // a word of line feeds
)

// zeroByte returns non-zero when a byte of w is zero.
func zeroByte(w uint64) uint64 { return (w - lowBits) &^ w & highBits }

// asciiSpace reports whether c is one of the ASCII characters strings.TrimSpace cuts: tab, line
// feed, vertical tab, form feed, carriage return and space.
func asciiSpace(c byte) bool { return c <= ' ' && uint64(1)<<c&spaces != 0 }

// channels has bit c-'A' set for each channel c, and letters holds the letters whose one-letter
// strings a channel is cut from.
const (
	channels = 1<<('P'-'A') | 1<<('C'-'A') | 1<<('Q'-'A') | 1<<('T'-'A') | 1<<('Z'-'A') | 1<<('N'-'A') | 1<<('B'-'A')
	letters  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
)

// spaces has a bit set for each character asciiSpace reports.
const spaces = 1<<'\t' | 1<<'\n' | 1<<'\v' | 1<<'\f' | 1<<'\r' | 1<<' '

// add counts a good detail line's entry in the trailer's totals and the statement's, and hands it
// to each while the file has no errors, as package sink does for the other formats.
func (p *parser) add(n int, e *ims.Entry) {
	if !p.overflow {
		sum, err := money.Add(money.Pence(p.sum), money.Pence(e.Minor))
		p.sum, p.overflow = int64(sum), err != nil
		if p.overflow {
			p.fail(n, "", "the amounts add up to more than a 64-bit total can hold")
		}
	}
	if st := p.st; len(st.EntryTotals) == 1 {
		tally(st, &st.EntryTotals[0], e.Minor)
	} else {
		st.Tally(e) // the first entry, which adds the statement's total in GBP
	}
	if len(p.errs) == 0 && p.stopped == nil {
		if err := p.each(p.st, e); err != nil {
			p.stopped = err // not written otherwise: a write of a pointer costs more while the garbage collector runs
		}
	}
}

// tally counts an entry of minor pence in st and in t, its one total, as st.Tally does, with plain
// adds: every entry of an allpay file is in GBP, so once the total is there it is the only one.
func tally(st *ims.Statement, t *ims.EntryTotal, minor int64) {
	st.EntryCount++
	if minor >= 0 {
		t.CreditCount++
		t.CreditMinor += minor
		t.Overflow = t.Overflow || t.CreditMinor < 0
	} else {
		t.DebitCount++
		t.DebitMinor -= minor
		t.Overflow = t.Overflow || t.DebitMinor <= 0 // -MinInt64 does not exist
	}
}

// detail reads the fields of a detail line that has the shape of one into e, reporting each bad
// field. It sets every field of e that an allpay line fills, so e can serve line after line; the
// others stay as Scan made them, zero.
func (p *parser) detail(n int, line columns, e *ims.Entry) bool {
	field := line.cut
	ok := true
	bad := func(column, format string, args ...any) {
		p.fail(n, column, fmt.Sprintf(format, args...))
		ok = false
	}
	e.Line, e.Narrative = n, strings.TrimSpace(field(1, 7))

	refCol, ref := "columns 8-23 (reference)", field(8, 23)
	if strings.HasPrefix(ref, "BERN") {
		refCol, ref = "columns 12-23 (reference after BERN)", field(12, 23)
	}
	if ref[0] == ' ' && strings.TrimSpace(ref) != "" {
		bad(refCol, "the reference %q is not left-justified", ref)
	}
	e.Reference = strings.TrimSpace(ref)

	if minor, err := parseAmount(field(24, 32)); err != nil {
		bad("columns 24-32 (amount)", "%v", err)
	} else {
		e.Minor = minor
	}

	if ch := field(33, 33); ch == " " || !strings.Contains(Channels, ch) {
		bad("column 33 (channel)", "channel %q is not one of P, C, Q, T, Z, N, B", ch)
	} else {
		e.Channel = ch
	}

	if d, err := p.date(field(34, 43)); err != nil {
		bad("columns 34-43 (date)", "%v", err)
	} else {
		e.BookingDate = d
	}
	return ok
}

// columns cuts fields out of a line by 1-based character columns. Lines are nearly always ASCII,
// where a character is a byte and a field is a substring of the line.
type columns struct {
	text  string
	runes []rune // the line's characters, when it is not ASCII
}

func newColumns(text string, ascii bool) columns {
	if ascii {
		return columns{text: text}
	}
	return columns{text: text, runes: []rune(text)}
}

// cut returns the characters from column from to column to, both included.
func (c columns) cut(from, to int) string {
	if c.runes == nil {
		return c.text[from-1 : to]
	}
	return string(c.runes[from-1 : to])
}

// detailWidth reports whether the line has the length of a detail line, so that its fields are
// worth checking one by one. Spaces after column 43 are allowed.
func (c columns) detailWidth() bool {
	if c.runes == nil {
		return len(strings.TrimRight(c.text, " ")) == detailWidth
	}
	return looksLikeDetail(c.text)
}

// trailerLine records a Total Amount or Total Transactions trailer.
func (p *parser) trailerLine(n int, label, value string) {
	switch label {
	case labelAmount:
		if p.amountLine != 0 {
			p.fail(n, "Total Amount", fmt.Sprintf("a second Total Amount trailer (the first is on line %d)", p.amountLine))
			return
		}
		p.amountLine = n
		v, err := money.ParseMinor(value, 2)
		if err != nil {
			p.fail(n, "Total Amount", fmt.Sprintf("the total %s", err))
			return
		}
		p.amount = v
	case labelCount:
		if p.countLine != 0 {
			p.fail(n, "Total Transactions", fmt.Sprintf("a second Total Transactions trailer (the first is on line %d)", p.countLine))
			return
		}
		p.countLine = n
		v, err := strconv.Atoi(value)
		if err != nil || v < 0 || !allDigits(value) {
			p.fail(n, "Total Transactions", fmt.Sprintf("the count %q is not a whole number", value))
			return
		}
		p.count = v
	}
}

// finish checks the trailer once the whole file has been read; last is the number of its last line.
func (p *parser) finish(last int) {
	if len(p.errs) >= ims.MaxParseErrors {
		return
	}
	if !p.seenContent {
		p.fail(0, "", "the file is empty; expected an allpay file of detail lines and a Total Amount and Total Transactions trailer")
		return
	}
	if p.amountLine == 0 {
		p.fail(last, "", "truncated: no Total Amount trailer")
	}
	if p.countLine == 0 {
		p.fail(last, "", "truncated: no Total Transactions trailer")
	}
	if len(p.errs) > 0 {
		return
	}
	count := p.count
	p.st.DeclaredCount = &count
	// The trailers are the file's own, so their problems name no statement (Statement 0): the file
	// as a whole cannot be trusted.
	if p.amount != p.sum {
		p.file.Problems = append(p.file.Problems, ims.Problem{
			Where: "line " + strconv.Itoa(p.amountLine),
			Message: fmt.Sprintf("the Total Amount trailer says %s but the %d detail lines add up to %s",
				money.FormatMinor(p.amount, 2), p.st.EntryCount, money.FormatMinor(p.sum, 2)),
		})
	}
	if p.count != p.st.EntryCount {
		p.file.Problems = append(p.file.Problems, ims.Problem{
			Where:   "line " + strconv.Itoa(p.countLine),
			Message: fmt.Sprintf("the Total Transactions trailer says %d but the file has %d detail lines", p.count, p.st.EntryCount),
		})
	}
}
