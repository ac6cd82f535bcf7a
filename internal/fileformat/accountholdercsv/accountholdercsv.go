// Package accountholdercsv reads account holder files: CSV exports of debtor accounts (council tax,
// rents, sundry debtors) from back-office systems, which IMS mirrors for look-up, address pre-fill
// and "account must exist" checks. Which column holds what is configurable (Columns); columns the
// mapping does not name are ignored, since such exports carry many.
//
// Files may start with a UTF-8 byte order mark, use CRLF or LF, quote fields with commas, and a line
// that is not valid UTF-8 is read as Windows-1252. Parse streams: it holds one row at a time, so a
// file of any size is read in constant memory.
package accountholdercsv

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat/internal/csvrecord"
	"github.com/ims-council/ims/money"
)

// A Holder is one account holder as the file gives it. The caller validates it against the fund's
// rules and upserts it.
type Holder struct {
	Line        int // 1-based line of the file where the row starts
	Reference   string
	Fund        string // empty when the file has no fund column
	Name        string
	Address     []string // the non-blank address lines, in order
	Postcode    string
	Balance     money.Pence
	HasBalance  bool // the file gives a balance (Balance may be zero)
	StopMessage string
}

// Parse reads an account holder file laid out as cols says and calls each with every holder, in
// file order, as it reads them. Reference (and fund, when there is a fund column) must not be blank
// and a balance must be an amount of pounds and pence.
//
// When a row is bad, Parse stops calling each but reads on, and returns an ims.ParseErrors with every
// bad line (at most ims.MaxParseErrors): the caller must then discard the holders it was given, for
// example by rolling back its transaction. When each returns an error, Parse stops and returns that
// error unchanged. When cols is not valid it returns an *ims.Error with code Invalid.
func Parse(r io.Reader, cols Columns, each func(Holder) error) error {
	if err := cols.Validate(); err != nil {
		return ims.Errorf(ims.Invalid, "the account holder file's columns are not valid: %v", err)
	}
	cr := csvrecord.NewReader(r, csvrecord.Options{})
	p := parser{cols: cols, each: each}
	for len(p.errs) < ims.MaxParseErrors {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			pe, readOn := cr.Describe(err, "an account holder file")
			p.errs = append(p.errs, pe)
			if readOn {
				continue
			}
			break
		}
		if err := p.row(cr.Line(), rec); err != nil {
			return err
		}
	}
	if len(p.errs) == 0 && p.index == nil {
		if cols.Header {
			p.fail(0, "", "the file is empty; expected a header row naming the columns "+strings.Join(p.columnNames(), ", "))
		}
	}
	if len(p.errs) > 0 {
		return p.errs
	}
	return nil
}

// A parser holds what has been read so far of one file.
type parser struct {
	cols  Columns
	each  func(Holder) error
	index map[string]int // field → 0-based column, once known
	label map[string]string
	width int // fields in the header, 0 without one
	errs  ims.ParseErrors
}

func (p *parser) fail(line int, column, msg string) {
	if len(p.errs) < ims.MaxParseErrors {
		p.errs = append(p.errs, ims.ParseError{Line: line, Column: column, Message: msg})
	}
}

// row reads one record; it returns an error only when the file is not in the layout at all, or when
// each fails.
func (p *parser) row(line int, rec []string) error {
	if allBlank(rec) {
		return nil
	}
	if p.index == nil {
		if err := p.layout(line, rec); err != nil || p.cols.Header {
			return err
		}
	}
	h, ok := p.holder(line, rec)
	if !ok || len(p.errs) > 0 {
		return nil
	}
	return p.each(h)
}

// layout finds the mapped columns in the header row, or checks the first row is wide enough.
func (p *parser) layout(line int, rec []string) error {
	p.index, p.label = map[string]int{}, map[string]string{}
	var missing []string
	for _, m := range p.cols.mapped() {
		if !p.cols.Header {
			n, _ := strconv.Atoi(m.column) // checked by Validate
			p.index[m.field], p.label[m.field] = n-1, m.field
			continue
		}
		found := -1
		for i, h := range rec {
			if normalName(h) != normalName(m.column) {
				continue
			}
			if found >= 0 {
				return ims.ParseErrors{{Line: line, Column: fmt.Sprintf("column %d", i+1), Message: fmt.Sprintf("the header names %q twice (also column %d)", strings.TrimSpace(h), found+1)}}
			}
			found = i
		}
		if found < 0 {
			missing = append(missing, strconv.Quote(m.column))
			continue
		}
		p.index[m.field], p.label[m.field] = found, strings.TrimSpace(rec[found])
	}
	if len(missing) > 0 {
		return ims.ParseErrors{{Line: line, Message: fmt.Sprintf("not an account holder file in the configured layout: expected a header row with the columns %s, found %s",
			strings.Join(missing, ", "), describe(rec))}}
	}
	if p.cols.Header {
		p.width = len(rec)
	}
	return nil
}

// holder reads one data row, reporting each bad field.
func (p *parser) holder(line int, rec []string) (Holder, bool) {
	if p.width > 0 && len(rec) != p.width {
		p.fail(line, "", fmt.Sprintf("the row has %d fields but the header has %d", len(rec), p.width))
		return Holder{}, false
	}
	for field, i := range p.index {
		if i >= len(rec) {
			p.fail(line, "", fmt.Sprintf("the row has %d fields; the %s is in column %d", len(rec), field, i+1))
			return Holder{}, false
		}
	}
	get := func(field string) string {
		if i, ok := p.index[field]; ok {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	where := func(field string) string { return fmt.Sprintf("column %d (%s)", p.index[field]+1, p.label[field]) }
	ok := true
	h := Holder{Line: line, Reference: get("reference"), Fund: get("fund"), Name: get("name"), Postcode: get("postcode"), StopMessage: get("stop message")}
	if h.Reference == "" {
		p.fail(line, where("reference"), "the account reference is blank")
		ok = false
	}
	if _, hasFund := p.index["fund"]; hasFund && h.Fund == "" {
		p.fail(line, where("fund"), "the fund is blank")
		ok = false
	}
	for i := range p.cols.Address {
		if a := get(fmt.Sprintf("address line %d", i+1)); a != "" {
			h.Address = append(h.Address, a)
		}
	}
	if v := get("balance"); v != "" {
		b, err := money.Parse(v)
		if err != nil {
			p.fail(line, where("balance"), "the balance "+err.Error())
			ok = false
		}
		h.Balance, h.HasBalance = b, true
	}
	return h, ok
}

// columnNames lists the configured column names, for messages.
func (p *parser) columnNames() []string {
	var names []string
	for _, m := range p.cols.mapped() {
		names = append(names, strconv.Quote(m.column))
	}
	return names
}

// describe quotes the start of a row for an error message, or says it is binary.
func describe(rec []string) string {
	s := strings.Join(rec, ",")
	if strings.ContainsAny(s, "\x00\uFFFD") {
		return "binary data"
	}
	if r := []rune(s); len(r) > 60 {
		return fmt.Sprintf("%q…", string(r[:60]))
	}
	return fmt.Sprintf("%q", s)
}

func allBlank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}
