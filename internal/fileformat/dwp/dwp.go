// Package dwp reads the DWP deductions schedule: the Excel workbook (.xlsx) in which the Department
// for Work and Pensions lists the amounts it has deducted from claimants' benefits and paid to the
// council, for example towards council tax arrears.
//
// # Layout
//
// The first worksheet of the workbook is read; row 1 is its header and each later row one deduction.
// Only four columns matter; the others (names, National Insurance numbers, …) are not read:
//
//	F  the account reference; spaces in it are removed ("5001 2345" is 50012345)
//	K  the date, as an Excel date or as text dd/mm/yyyy
//	L  the amount in pence, a whole number with no sign ("1250" is £12.50)
//	M  "-" when the amount is negative (a recovery of an earlier payment), blank otherwise
//
// Rows with no value in any column are skipped. Every other row is one Entry in GBP, with Line set
// to its row number. Errors name the row and column ("row 7, column L") in ParseError.Column, with
// Line 0, since a workbook has no lines.
package dwp

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat/internal/sink"
	"github.com/ims-council/ims/internal/fileformat/internal/xmllimit"
)

// Format is the name Parse gives the files it reads.
const Format = "dwp"

// Columns of the schedule, as 0-based indexes into a row.
const (
	colReference = 5  // F
	colDate      = 10 // K
	colPence     = 11 // L
	colSign      = 12 // M
)

// Parse reads a whole DWP deductions schedule and returns it with every entry. On success it returns
// the file with Format "dwp" and one GBP Statement holding every deduction as an Entry. When the file
// cannot be read it returns nil and an ims.ParseErrors naming each bad row, column and reason (at
// most ims.MaxParseErrors).
func Parse(r io.Reader) (*ims.StatementFile, error) {
	return Scan(r, ims.KeepEntry)
}

// Scan reads a schedule as Parse does, calling each with every entry as it reads the rows, and
// returns the file without them (its statement's EntryCount and EntryTotals give the count and
// totals). A workbook is a zip file, which is read whole (up to 16 MB), but only the parts the
// schedule needs are unpacked, within limits, and its rows are not held. Once a row is found bad,
// Scan stops calling each but reads on to report every error; the caller must then drop what it
// was given. A workbook that is damaged anywhere in the parts read, a worksheet cut short say, is
// refused whole. When each returns an error, Scan stops and returns that error.
func Scan(r io.Reader, each ims.EntryFunc) (*ims.StatementFile, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileBytes+1))
	if err != nil {
		return nil, ims.ParseErrors{{Message: "cannot read the file: " + err.Error()}}
	}
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return nil, notWorkbook(data)
	}
	if len(data) > maxFileBytes {
		return nil, ims.ParseErrors{{Message: fmt.Sprintf("the workbook is refused: it is larger than %s, the limit for a DWP deductions schedule", xmllimit.Size(maxFileBytes))}}
	}
	sheet, err := openSheet(data)
	if err != nil {
		return nil, ims.ParseErrors{{Message: err.Error()}}
	}
	defer sheet.Close()
	p := parser{date1904: sheet.date1904, out: sink.New(each), st: ims.Statement{Currency: "GBP"}}
	seen := false // whether row 1 has been looked at
	for p.out.Stopped() == nil && len(p.errs) < ims.MaxParseErrors {
		row, err := sheet.next()
		if err != nil {
			var ce *cellError
			if errors.As(err, &ce) {
				p.fail(ce.row, ce.column, ce.msg)
			} else {
				p.errs = append(p.errs, ims.ParseError{Message: err.Error()})
			}
			break
		}
		if row == nil {
			break
		}
		if !seen {
			seen = true
			if wrong := header(row); wrong != nil {
				return nil, wrong
			}
			if row.num == 1 {
				continue
			}
		}
		p.row(row.num, row.cells, row.beyond)
	}
	if !seen && len(p.errs) == 0 {
		p.fail(1, "", "the worksheet is empty; expected a header row and a row for each deduction")
	}
	switch {
	case p.out.Stopped() != nil:
		return nil, p.out.Stopped()
	case len(p.errs) > 0:
		return nil, p.errs
	}
	return &ims.StatementFile{Format: Format, Statements: []ims.Statement{p.st}}, nil
}

// A sheet is the first worksheet of a workbook, ready to be read.
type sheet struct {
	*sheetReader
	date1904 bool
}

// openSheet finds the first worksheet of an .xlsx file and reads the shared strings its cells refer to.
func openSheet(data []byte) (*sheet, error) {
	wb, err := openWorkbook(data)
	if err != nil {
		return nil, err
	}
	ref, err := wb.firstSheet()
	if err != nil {
		return nil, err
	}
	sst, err := wb.readSharedStrings(ref.strings)
	if err != nil {
		return nil, err
	}
	sr, err := wb.readSheet(ref.part, sst)
	if err != nil {
		return nil, err
	}
	return &sheet{sheetReader: sr, date1904: ref.date1904}, nil
}

// Sniff reports whether the first bytes of a file look like an Excel .xlsx workbook (a zip file
// holding a workbook's parts). It cannot tell a DWP schedule from another workbook; DWP schedules
// are the only workbooks IMS reads.
func Sniff(head []byte) bool {
	if !bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return false
	}
	for _, part := range []string{"[Content_Types].xml", "xl/", "_rels/", "docProps/"} {
		if bytes.Contains(head, []byte(part)) {
			return true
		}
	}
	return false
}

// A parser holds what has been read so far of one workbook.
type parser struct {
	date1904 bool
	out      sink.Entries
	st       ims.Statement
	errs     ims.ParseErrors
}

func (p *parser) fail(row int, column, msg string) {
	where := fmt.Sprintf("row %d", row)
	if column != "" {
		where += ", column " + column
	}
	if len(p.errs) < ims.MaxParseErrors {
		p.errs = append(p.errs, ims.ParseError{Column: where, Message: msg})
	}
}

// row reads one deduction row, whose columns A to M are cells; beyond says whether a later column
// holds anything.
func (p *parser) row(n int, cells []string, beyond bool) {
	cell := func(i int) string {
		if i < len(cells) {
			return strings.TrimSpace(cells[i])
		}
		return ""
	}
	if allBlank(cells) && !beyond {
		return
	}
	ok := true
	e := ims.Entry{Line: n, Currency: "GBP", Reference: strings.Join(strings.Fields(cell(colReference)), "")}
	if e.Reference == "" {
		p.fail(n, "F", "the account reference is blank")
		ok = false
	}
	if d, err := parseDate(cell(colDate), p.date1904); err != nil {
		p.fail(n, "K", err.Error())
		ok = false
	} else {
		e.BookingDate = d
	}
	pence, err := parsePence(cell(colPence))
	if err != nil {
		p.fail(n, "L", err.Error())
		ok = false
	}
	switch sign := cell(colSign); sign {
	case "":
		e.Minor = pence
	case "-":
		e.Minor = -pence
	default:
		p.fail(n, "M", fmt.Sprintf("the sign column holds %q; it must be \"-\" for a negative amount or blank", sign))
		ok = false
	}
	if !ok {
		return
	}
	p.out.Add(&p.st, &e, len(p.errs) == 0)
}

// header checks that row 1 is a header, so that a schedule whose header was deleted is not read
// with its first deduction lost. It is given the sheet's first row.
func header(row *sheetRow) ims.ParseErrors {
	cells := row.cells
	if row.num > 1 || (allBlank(cells) && !row.beyond) {
		return ims.ParseErrors{{Column: "row 1", Message: "row 1 is empty; a DWP deductions schedule starts with its header row"}}
	}
	if len(cells) > colPence {
		if _, err := parsePence(strings.TrimSpace(cells[colPence])); err == nil {
			return ims.ParseErrors{{Column: "row 1, column L", Message: fmt.Sprintf("row 1 holds the amount %s in column L; a DWP deductions schedule starts with its header row", strings.TrimSpace(cells[colPence]))}}
		}
	}
	return nil
}

// notWorkbook is the error for a file that is not a zip file at all.
func notWorkbook(data []byte) ims.ParseErrors {
	found := ""
	switch {
	case len(data) == 0:
		found = "an empty file"
	case bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		found = "an Excel 97-2003 .xls workbook; save it as .xlsx"
	case bytes.ContainsRune(data[:min(len(data), 512)], 0):
		found = "binary data"
	default:
		first, _, _ := bytes.Cut(data[:min(len(data), 200)], []byte("\n"))
		found = fmt.Sprintf("text starting %q", strings.ToValidUTF8(strings.TrimSpace(string(first)), "\uFFFD"))
	}
	return ims.ParseErrors{{Message: "not a DWP deductions schedule: expected an Excel .xlsx workbook, found " + found}}
}

func allBlank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
