// Package imscsv reads transaction files in the IMS CSV layout, IMS's own documented format for
// payments taken elsewhere, and the 15-column transaction export of LocalGov IMS, so that a council
// moving from it can bring its history.
//
// # The IMS layout
//
// A CSV file (RFC 4180: comma-separated, fields with commas, quotes or line breaks in double
// quotes) whose first row names its columns. Names are matched without regard to case, and spaces or
// hyphens count as underscores ("Transaction Date" is transaction_date). Columns may come in any
// order; a column not listed below, a column named twice or a required column missing is an error.
//
//	column            required  contents
//	transaction_date  yes       the date the payment was made, YYYY-MM-DD
//	fund              yes       fund code
//	reference         yes       account reference the payment is for
//	amount            yes       pounds and pence, "12.50", "-3.20" for a refund; at most 2 decimal places
//	mop               yes       method of payment code
//	vat_code          no        VAT code
//	narrative         no        free text
//	office            no        office code where the payment was taken
//	source_reference  no        the sending system's own reference for the payment
//
// The date and amount of every row must be valid. Fund, reference and MOP may be blank in a row:
// the import's rules and defaults decide what becomes of such a line (usually suspense). A row whose
// fields are all blank is skipped, as spreadsheets write them. Every other row is one Entry, at its
// full amount, in GBP; source_reference becomes Entry.BankRef.
//
// The file may start with a UTF-8 byte order mark, use CRLF or LF, and a line that is not valid
// UTF-8 is read as Windows-1252.
//
// # The LocalGov IMS 15-column layout (unverified)
//
// No public description of LocalGov IMS's transaction export was found, and its source was not read,
// so this layout is an assumption to be checked against a real export. A file whose first row has
// exactly 15 fields and is not a valid IMS header is read as this layout, column by position:
//
//	 1 transaction reference  → Entry.BankRef
//	 2 internal reference       (not read)
//	 3 payment provider reference → Entry.EndToEndID
//	 4 office code            → Entry.Office
//	 5 entry date               (not read)
//	 6 transaction date       → Entry.BookingDate (YYYY-MM-DD or dd/mm/yyyy, optionally followed by a time, which is dropped)
//	 7 account reference      → Entry.Reference
//	 8 user code                (not read)
//	 9 fund code              → Entry.Fund
//	10 MOP code               → Entry.MOP
//	11 amount                 → Entry.Minor (pounds and pence, at most 2 decimal places)
//	12 VAT code               → Entry.VATCode
//	13 VAT rate                 (not read)
//	14 VAT amount               (not read)
//	15 narrative              → Entry.Narrative
//
// The first row is taken as a header, and skipped, when neither its column 6 is a date nor its
// column 11 an amount; otherwise the file has no header and the first row is data.
package imscsv

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat/internal/csvrecord"
	"github.com/ims-council/ims/internal/fileformat/internal/quickvalue"
	"github.com/ims-council/ims/internal/fileformat/internal/sink"
)

// Format is the name Parse gives the files it reads.
const Format = "imscsv"

// headBytes is how much of the start of a file is kept to say what a file that is not CSV holds.
const headBytes = 512

// The layouts Parse can read, as StatementFile.Profile names them.
const (
	LayoutIMS      = "ims"
	LayoutLocalGov = "localgov-ims"
)

// Parse reads a whole IMS CSV (or LocalGov IMS 15-column) file and returns it with every entry. On
// success it returns the file with Format "imscsv", Profile naming the layout, and one GBP Statement
// holding every row as an Entry. When the file cannot be read it returns nil and an ims.ParseErrors
// naming each bad line, column and reason (at most ims.MaxParseErrors).
func Parse(r io.Reader) (*ims.StatementFile, error) {
	return Scan(r, ims.KeepEntry)
}

// Scan reads a file as Parse does, in constant memory: it calls each with every entry as it reads
// it, and returns the file without them (its statement's EntryCount and EntryTotals give the count
// and totals). Once a row is found bad, Scan stops calling each but reads on to report every error;
// the caller must then drop what it was given. When each returns an error, Scan stops and returns
// that error.
func Scan(r io.Reader, each ims.EntryFunc) (*ims.StatementFile, error) {
	cr := csvrecord.NewReader(r, csvrecord.Options{})
	head := bytes.Clone(cr.Peek(headBytes))
	first, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, ims.ParseErrors{{Message: "the file is empty; expected an IMS CSV file starting with a header row (transaction_date, fund, reference, amount, mop, …)"}}
	}
	if err != nil {
		// A first row that is not CSV at all is another format's file: XML, a workbook.
		pe, _ := cr.Describe(err, "a transaction file")
		return nil, notIMSCSV(1, notCSV(head, pe))
	}
	line := cr.Line()
	dates := &quickvalue.DateMemo{Layout: quickvalue.YMD}
	l, dataFirst, errs := chooseLayout(line, first, dates)
	if errs != nil {
		return nil, errs
	}
	p := parser{layout: l, out: sink.New(each)}
	p.file = ims.StatementFile{Format: Format, Profile: l.name, Statements: []ims.Statement{{Currency: "GBP"}}}
	p.st = &p.file.Statements[0]
	if dataFirst {
		p.row(line, first)
	}
	for len(p.errs) < ims.MaxParseErrors && p.out.Stopped() == nil {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			pe, readOn := cr.Describe(err, "a transaction file")
			p.errs = append(p.errs, pe)
			if readOn {
				continue
			}
			break
		}
		p.row(cr.Line(), rec)
	}
	switch {
	case p.out.Stopped() != nil:
		return nil, p.out.Stopped()
	case len(p.errs) > 0:
		return nil, p.errs
	}
	return &p.file, nil
}

// A parser holds what has been read so far of one file.
type parser struct {
	layout layout
	out    sink.Entries
	file   ims.StatementFile
	st     *ims.Statement // the file's one statement
	entry  ims.Entry      // the entry handed to each, filled afresh for every row
	errs   ims.ParseErrors
}

// row reads one data row that starts on the given line.
func (p *parser) row(line int, rec []string) {
	if allBlank(rec) {
		return
	}
	if len(rec) != len(p.layout.columns) {
		p.fail(line, "", fmt.Sprintf("the row has %d fields but the %s has %d", len(rec), p.layout.width, len(p.layout.columns)))
		return
	}
	e := &p.entry
	*e = ims.Entry{Line: line, Currency: "GBP"}
	ok := true
	for i, c := range p.layout.columns {
		if c.set == nil {
			continue
		}
		if err := c.set(e, strings.TrimSpace(rec[i])); err != nil {
			p.fail(line, fmt.Sprintf("column %d (%s)", i+1, c.label), err.Error())
			ok = false
		}
	}
	if !ok {
		return
	}
	p.out.Add(p.st, e, len(p.errs) == 0)
}

func (p *parser) fail(line int, column, msg string) {
	if len(p.errs) < ims.MaxParseErrors {
		p.errs = append(p.errs, ims.ParseError{Line: line, Column: column, Message: msg})
	}
}

func allBlank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}
