package dwp

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"

	"github.com/ims-council/ims/internal/fileformat/internal/xmllimit"
)

// Excel's last row and column.
const (
	lastRow    = 1048576
	lastColumn = 16384 // XFD
)

// readColumns is how many columns of a row are kept (A to M); of the others, only whether they hold
// anything matters.
const readColumns = colSign + 1

// A sheetRow is one row of the worksheet.
type sheetRow struct {
	num    int
	cells  []string // columns A to M, as far as the last of them that holds a cell
	beyond bool     // a column after M holds something
}

// A sheetReader reads a worksheet's rows one at a time. Each cell's value is its raw text: the
// shared string it refers to, its inline string, or its <v> (a number, a date as a serial number,
// a formula's last result) as Excel wrote it, without the cell's number format.
type sheetReader struct {
	p     *partReader
	sst   *sharedStrings
	stack [maxDepth]string // local names of the open elements
	row   sheetRow         // the row being read
	last  int              // the number of the last row read
	cell  struct {
		col  int    // 1-based
		typ  string // the t attribute
		text []byte // its <v>, or its inline string
	}
}

func (w *xlsx) readSheet(part string, sst *sharedStrings) (*sheetReader, error) {
	p, err := w.read(part, "a worksheet", maxSheetBytes)
	if err != nil {
		return nil, err
	}
	return &sheetReader{p: p, sst: sst}, nil
}

func (s *sheetReader) Close() error { return s.p.Close() }

// next returns the next row, or nil once the worksheet's XML has been read to its end. Rows that
// the XML leaves out are not returned.
func (s *sheetReader) next() (*sheetRow, error) {
	for {
		if s.last > 0 {
			s.p.after = "row " + strconv.Itoa(s.last)
		}
		tok, err := s.p.token()
		if tok == nil || err != nil {
			return nil, err
		}
		depth := s.p.depth
		switch e := tok.(type) {
		case xml.StartElement:
			s.stack[depth-1] = e.Name.Local
			switch {
			case depth == 3 && s.inRow(3):
				if err := s.startRow(e); err != nil {
					return nil, err
				}
			case depth == 4 && s.inCell(4):
				if err := s.startCell(e); err != nil {
					return nil, err
				}
			}
		case xml.EndElement:
			switch {
			case depth == 3 && s.inCell(4):
				if err := s.endCell(); err != nil {
					return nil, err
				}
			case depth == 2 && s.inRow(3):
				s.last = s.row.num
				return &s.row, nil
			}
		case xml.CharData:
			if depth >= 5 && s.inCell(depth) && s.cellText(depth) {
				if len(s.cell.text)+len(e) > maxCellBytes {
					return nil, &cellError{s.row.num, columnName(s.cell.col), fmt.Sprintf("the cell holds more than %s of text, the limit; an Excel cell holds at most 32,767 characters", xmllimit.Size(maxCellBytes))}
				}
				s.cell.text = append(s.cell.text, e...)
			}
		}
	}
}

// inRow reports whether the elements open to depth (or just closed at it) are within a row of the
// sheet's data, worksheet/sheetData/row.
func (s *sheetReader) inRow(depth int) bool {
	return depth >= 3 && s.stack[1] == "sheetData" && s.stack[2] == "row"
}

// inCell reports whether they are within a cell, worksheet/sheetData/row/c.
func (s *sheetReader) inCell(depth int) bool {
	return depth >= 4 && s.inRow(depth) && s.stack[3] == "c"
}

// cellText reports whether text at this depth inside a cell is its value: directly in <v>, or in a
// <t> of its inline string (<is>) that is not a phonetic guide (<rPh>).
func (s *sheetReader) cellText(depth int) bool {
	in := s.stack[4:depth]
	switch {
	case in[0] == "v":
		return len(in) == 1 && s.cell.typ != "inlineStr"
	case in[0] == "is":
		return s.cell.typ == "inlineStr" && in[len(in)-1] == "t" && !within(in, "rPh")
	}
	return false
}

func (s *sheetReader) startRow(e xml.StartElement) error {
	num := s.last + 1
	if r := attr(e, "r"); r != "" {
		n, err := strconv.Atoi(r)
		switch {
		case err != nil || n < 1 || n > lastRow:
			return fmt.Errorf("the workbook is damaged: after row %d comes a row numbered %q", s.last, r)
		case n <= s.last:
			return fmt.Errorf("the workbook is damaged: row %d comes after row %d", n, s.last)
		}
		num = n
	}
	if num > lastRow {
		return fmt.Errorf("the workbook is damaged: it has more than Excel's %d rows", lastRow)
	}
	s.row = sheetRow{num: num, cells: s.row.cells[:0]}
	s.cell.col = 0
	return nil
}

func (s *sheetReader) startCell(e xml.StartElement) error {
	col := s.cell.col + 1
	if r := attr(e, "r"); r != "" {
		c, ok := columnOf(r)
		switch {
		case !ok:
			return fmt.Errorf("the workbook is damaged: row %d holds a cell named %q", s.row.num, r)
		case c <= s.cell.col:
			return fmt.Errorf("the workbook is damaged: in row %d, cell %s comes after column %s", s.row.num, r, columnName(s.cell.col))
		}
		col = c
	}
	if col > lastColumn {
		return fmt.Errorf("the workbook is damaged: row %d has more than Excel's %d columns", s.row.num, lastColumn)
	}
	s.cell.col, s.cell.typ, s.cell.text = col, attr(e, "t"), s.cell.text[:0]
	return nil
}

// endCell settles the value of the cell just read and keeps it when it is in a column that is read.
func (s *sheetReader) endCell() error {
	value := string(s.cell.text)
	if s.cell.typ == "s" && strings.TrimSpace(value) != "" { // a string cell with no index is blank
		i, err := strconv.Atoi(strings.TrimSpace(value))
		v, ok := s.sst.get(i)
		if err != nil || !ok {
			return &cellError{s.row.num, columnName(s.cell.col), fmt.Sprintf("the cell refers to shared string %q, which the workbook does not hold (it is damaged)", clip(value))}
		}
		value = v
	}
	switch {
	case s.cell.col <= readColumns:
		for len(s.row.cells) < s.cell.col-1 {
			s.row.cells = append(s.row.cells, "")
		}
		s.row.cells = append(s.row.cells, value)
	case strings.TrimSpace(value) != "":
		s.row.beyond = true
	}
	return nil
}

// A cellError is a reason a cell cannot be read, which makes the whole sheet unreadable.
type cellError struct {
	row    int
	column string
	msg    string
}

func (e *cellError) Error() string {
	return fmt.Sprintf("row %d, column %s: %s", e.row, e.column, e.msg)
}

// clip shortens a value quoted in an error.
func clip(v string) string {
	v = strings.ToValidUTF8(v, "\uFFFD")
	if r := []rune(v); len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return v
}

// columnOf returns the 1-based column of a cell reference such as "K5".
func columnOf(ref string) (int, bool) {
	col, i := 0, 0
	for ; i < len(ref) && i < 4; i++ {
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
	}
	if i == 0 || col > lastColumn || i == len(ref) || !allDigits(ref[i:]) {
		return 0, false
	}
	return col, true
}

// columnName returns the letters of a 1-based column: 11 is "K".
func columnName(col int) string {
	name := ""
	for ; col > 0; col = (col - 1) / 26 {
		name = string(rune('A'+(col-1)%26)) + name
	}
	return name
}
