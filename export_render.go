package ims

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ims-council/ims/money"
)

// An ExportRow is one detail line's values: a journal line (JournalExportRows) or one entry of an
// account postings file (AccountPostingRows).
type ExportRow struct {
	Date            time.Time // business date
	TransactionDate time.Time // Europe/London date the money moved
	Account         string    // GL code of an income line, control code of a control line
	GLCode          string
	CostCentre      string
	ControlCode     string
	VATCode         string
	Fund            string
	MOP             string
	Reference       string
	Receipt         string
	Narrative       string
	Office          string
	EntryID         int64
	PostingID       int64
	Amount          money.Pence
	VATAmount       money.Pence
}

// An ExportFile is what one batch's file is made from.
type ExportFile struct {
	BatchID string
	Seq     int64
	Created time.Time // the batch's Europe/London date
	Rows    []ExportRow
}

// Render writes the file with the layout. The same layout and file always give the same bytes. A
// value that does not fit its width is an Invalid error naming the line and field, since a cut
// amount or reference would post money to the wrong place.
func (l ExportLayout) Render(f ExportFile) ([]byte, error) {
	var totals struct{ total, debits, credits money.Pence }
	for _, r := range f.Rows {
		totals.total += r.Amount
		if r.Amount > 0 {
			totals.debits += r.Amount
		} else {
			totals.credits -= r.Amount
		}
	}
	batch := func(src string) any {
		switch src {
		case "batch":
			return f.BatchID
		case "seq":
			return f.Seq
		case "created":
			return f.Created
		case "count":
			return int64(len(f.Rows))
		case "total":
			return totals.total
		case "debits":
			return totals.debits
		case "credits":
			return totals.credits
		}
		return ""
	}
	w := lineWriter{layout: l}
	if len(l.Header) > 0 {
		if err := w.line("header", l.Header, batch); err != nil {
			return nil, err
		}
	}
	if l.ColumnNames {
		names := make([]string, len(l.Fields))
		for i, fd := range l.Fields {
			names[i] = cmp.Or(fd.Name, fd.Source)
		}
		w.cells(names)
	}
	for i, r := range f.Rows {
		no := int64(i + 1)
		value := func(src string) any {
			if v, ok := r.value(src, no); ok {
				return v
			}
			return batch(src)
		}
		if err := w.line(fmt.Sprintf("line %d", no), l.Fields, value); err != nil {
			return nil, err
		}
	}
	if len(l.Trailer) > 0 {
		if err := w.line("trailer", l.Trailer, batch); err != nil {
			return nil, err
		}
	}
	return w.buf.Bytes(), nil
}

func (r ExportRow) value(src string, no int64) (any, bool) {
	switch src {
	case "date":
		return r.Date, true
	case "transaction_date":
		return r.TransactionDate, true
	case "account":
		return r.Account, true
	case "gl_code":
		return r.GLCode, true
	case "cost_centre":
		return r.CostCentre, true
	case "control_code":
		return r.ControlCode, true
	case "vat_code":
		return r.VATCode, true
	case "fund":
		return r.Fund, true
	case "mop":
		return r.MOP, true
	case "reference":
		return r.Reference, true
	case "receipt":
		return r.Receipt, true
	case "narrative":
		return r.Narrative, true
	case "office":
		return r.Office, true
	case "entry_id":
		return r.EntryID, true
	case "posting_id":
		return r.PostingID, true
	case "amount":
		return r.Amount, true
	case "vat_amount":
		return r.VATAmount, true
	case "net_amount":
		return r.Amount - r.VATAmount, true
	case "debit":
		return max(r.Amount, 0), true
	case "credit":
		return max(-r.Amount, 0), true
	case "dc":
		if r.Amount < 0 {
			return "C", true
		}
		return "D", true
	case "line_no":
		return no, true
	}
	return nil, false
}

// lineWriter writes the lines of one file in the layout's format.
type lineWriter struct {
	layout ExportLayout
	buf    bytes.Buffer
}

func (w *lineWriter) line(where string, fields []ExportField, value func(string) any) error {
	cells := make([]string, len(fields))
	for i, f := range fields {
		v := value(f.Source)
		if f.Source == "text" {
			v = f.Text
		}
		s, err := f.cell(v)
		if err != nil {
			return Errorf(Invalid, "%s, field %d (%s): %s", where, i+1, f.Source, err.Error())
		}
		cells[i] = s
	}
	w.cells(cells)
	return nil
}

func (w *lineWriter) cells(cells []string) {
	end := "\r\n"
	if w.layout.LineEnd == "lf" {
		end = "\n"
	}
	if w.layout.Format == LayoutFixed {
		for _, c := range cells {
			w.buf.WriteString(c)
		}
		w.buf.WriteString(end)
		return
	}
	cw := csv.NewWriter(&w.buf)
	if w.layout.Delimiter != "" {
		cw.Comma, _ = utf8.DecodeRuneInString(w.layout.Delimiter)
	}
	cw.UseCRLF = end == "\r\n"
	cw.Write(cells) // a bytes.Buffer does not fail
	cw.Flush()
}

// cell formats one value and fits it to the field's width.
func (f ExportField) cell(v any) (string, error) {
	var s string
	right := false
	switch v := v.(type) {
	case string:
		// A line end or tab inside a value would break a fixed-width record and most importers.
		s = strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return ' '
			}
			return r
		}, v)
	case time.Time:
		layout, err := formatDateTokens(f.Format)
		if err != nil {
			return "", err
		}
		s = strings.ToUpper(v.Format(layout))
	case int64:
		s, right = strconv.FormatInt(v, 10), true
	case money.Pence:
		s, right = f.amount(v), true
	}
	if f.Align != "" {
		right = f.Align == "right"
	}
	if f.Width == 0 {
		return s, nil
	}
	n := utf8.RuneCountInString(s)
	if n > f.Width {
		if !f.Truncate {
			return "", fmt.Errorf("%q is longer than its width %d", s, f.Width)
		}
		return string([]rune(s)[:f.Width]), nil
	}
	pad := cmp.Or(f.Pad, " ")
	fill := strings.Repeat(pad, f.Width-n)
	switch {
	case !right:
		return s + fill, nil
	case pad == "0" && strings.HasPrefix(s, "-"):
		return "-" + fill + s[1:], nil
	}
	return fill + s, nil
}

func (f ExportField) amount(p money.Pence) string {
	if p == 0 && f.BlankZero {
		return ""
	}
	neg := p < 0
	if neg {
		p = -p
	}
	s := strconv.FormatInt(int64(p), 10)
	if f.Format != "pence" {
		s = fmt.Sprintf("%d.%02d", int64(p)/100, int64(p)%100)
	}
	switch {
	case !neg || f.Sign == "none":
		return s
	case f.Sign == "trailing":
		return s + "-"
	}
	return "-" + s
}

// formatDateTokens turns a date format made of YYYY, YY, MM, MON, DD and separators into Go's
// layout; anything else is refused, so no letter of a format is read as something unintended.
func formatDateTokens(format string) (string, error) {
	if format == "" {
		format = "YYYY-MM-DD"
	}
	var b strings.Builder
	for rest := format; rest != ""; {
		tok := ""
		for _, t := range []string{"YYYY", "YY", "MON", "MM", "DD"} {
			if strings.HasPrefix(rest, t) {
				tok = t
				break
			}
		}
		switch {
		case tok != "":
			b.WriteString(map[string]string{"YYYY": "2006", "YY": "06", "MON": "Jan", "MM": "01", "DD": "02"}[tok])
			rest = rest[len(tok):]
		case strings.ContainsRune("-/. ", rune(rest[0])):
			b.WriteByte(rest[0])
			rest = rest[1:]
		default:
			return "", fmt.Errorf("date format %q: use YYYY, YY, MM, MON, DD and the separators - / . and space", format)
		}
	}
	return b.String(), nil
}
