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
// The file has no statements and no balances: Parse returns one Statement in GBP holding every
// detail line as an Entry, with DeclaredCount from the Total Transactions trailer. A trailer that
// disagrees with the details is reported in StatementFile.Problems; a missing trailer is a parse
// error, since the file has probably been cut short.
package allpay

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat/textline"
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

// Parse reads a whole allpay file. On success it returns the file with Format "allpay" and any
// Problems (trailer totals that disagree with the details). When the file cannot be read it returns
// nil and an ims.ParseErrors naming each bad line, column and reason (at most ims.MaxParseErrors).
func Parse(r io.Reader) (*ims.StatementFile, error) {
	lr := textline.NewReader(r, maxLineBytes)
	p := parser{st: ims.Statement{Currency: "GBP"}}
	for len(p.errs) < ims.MaxParseErrors {
		b, err := lr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		text := string(b)
		if err != nil && !errors.Is(err, textline.ErrLineTooLong) {
			p.fail(lr.Line(), "", "cannot read the file: "+err.Error())
			break
		}
		if errors.Is(err, textline.ErrLineTooLong) {
			if !p.seenContent {
				return nil, notAllpay(lr.Line(), text)
			}
			p.fail(lr.Line(), "", "the line is longer than 4096 bytes; allpay lines are 43 characters")
			continue
		}
		if wrong := p.line(lr.Line(), text); wrong != nil {
			return nil, wrong
		}
	}
	p.finish(lr.Line())
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return &ims.StatementFile{Format: Format, Statements: []ims.Statement{p.st}, Problems: p.problems}, nil
}

// A parser holds what has been read so far of one file.
type parser struct {
	st          ims.Statement
	errs        ims.ParseErrors
	problems    []ims.Problem
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

// line reads one line. It returns a non-nil error only when the file is not an allpay file at all,
// which is decided on its first non-blank line.
func (p *parser) line(n int, text string) error {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	first := !p.seenContent
	p.seenContent = true
	if label, value, ok := trailer(text); ok {
		p.trailerLine(n, label, value)
		return nil
	}
	if !looksLikeDetail(text) {
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
	e, ok := p.detail(n, text)
	if !ok {
		return nil
	}
	p.st.Entries = append(p.st.Entries, e)
	if !p.overflow {
		sum, err := money.Add(money.Pence(p.sum), money.Pence(e.Minor))
		p.sum, p.overflow = int64(sum), err != nil
		if p.overflow {
			p.fail(n, "", "the amounts add up to more than a 64-bit total can hold")
		}
	}
	return nil
}

// detail reads the fields of a detail line that has the shape of one, reporting each bad field.
func (p *parser) detail(n int, text string) (ims.Entry, bool) {
	field := columns(text)
	ok := true
	bad := func(column, format string, args ...any) {
		p.fail(n, column, fmt.Sprintf(format, args...))
		ok = false
	}
	e := ims.Entry{Line: n, Currency: "GBP", Narrative: strings.TrimSpace(field(1, 7))}

	refCol, ref := "columns 8-23 (reference)", field(8, 23)
	if strings.HasPrefix(ref, "BERN") {
		refCol, ref = "columns 12-23 (reference after BERN)", field(12, 23)
	}
	if strings.TrimSpace(ref) != "" && ref[0] == ' ' {
		bad(refCol, "the reference %q is not left-justified", ref)
	}
	e.Reference = strings.TrimSpace(ref)

	amount := field(24, 32)
	switch minor, err := parseAmount(amount); {
	case err != nil:
		bad("columns 24-32 (amount)", "%v", err)
	default:
		e.Minor = minor
	}

	switch ch := field(33, 33); {
	case ch == " " || !strings.Contains(Channels, ch):
		bad("column 33 (channel)", "channel %q is not one of P, C, Q, T, Z, N, B", ch)
	default:
		e.Channel = ch
	}

	switch d, err := parseDate(field(34, 43)); {
	case err != nil:
		bad("columns 34-43 (date)", "%v", err)
	default:
		e.BookingDate = d
	}
	return e, ok
}

// columns returns a function that cuts the characters from one 1-based column to another out of a
// line. Lines are nearly always ASCII, where a character is a byte and no copy is needed.
func columns(text string) func(from, to int) string {
	if len(text) == utf8.RuneCountInString(text) {
		return func(from, to int) string { return text[from-1 : to] }
	}
	cols := []rune(text)
	return func(from, to int) string { return string(cols[from-1 : to]) }
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
	if p.amount != p.sum {
		p.problems = append(p.problems, ims.Problem{
			Where: "line " + strconv.Itoa(p.amountLine),
			Message: fmt.Sprintf("the Total Amount trailer says %s but the %d detail lines add up to %s",
				money.FormatMinor(p.amount, 2), len(p.st.Entries), money.FormatMinor(p.sum, 2)),
		})
	}
	if p.count != len(p.st.Entries) {
		p.problems = append(p.problems, ims.Problem{
			Where:   "line " + strconv.Itoa(p.countLine),
			Message: fmt.Sprintf("the Total Transactions trailer says %d but the file has %d detail lines", p.count, len(p.st.Entries)),
		})
	}
}
