package imscsv

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat/internal/quickvalue"
	"github.com/ims-council/ims/internal/fileformat/internal/textline"
)

// A column says how to read one field of a row; set is nil for fields that are not read.
type column struct {
	label string // the name used in error messages
	set   func(e *ims.Entry, v string) error
}

// A layout is the meaning of each field of a row, by position.
type layout struct {
	name    string // LayoutIMS or LayoutLocalGov
	width   string // what fixes the row width, for messages: "header" or "15-column LocalGov IMS layout"
	columns []column
}

// An imsColumn is a column of the IMS layout.
type imsColumn struct {
	name     string
	required bool
	set      func(e *ims.Entry, v string) error
}

// imsColumns returns the IMS layout's columns in the order WriteHeader writes them. Dates are read
// through dates, which remembers the few dates a file repeats; it is nil where only the columns'
// names are wanted.
func imsColumns(dates *quickvalue.DateMemo) []imsColumn {
	return []imsColumn{
		{"transaction_date", true, func(e *ims.Entry, v string) (err error) { e.BookingDate, err = isoDate(dates, v); return }},
		{"fund", true, func(e *ims.Entry, v string) error { e.Fund = v; return nil }},
		{"reference", true, func(e *ims.Entry, v string) error { e.Reference = v; return nil }},
		{"amount", true, func(e *ims.Entry, v string) (err error) { e.Minor, err = parseAmount(v); return }},
		{"mop", true, func(e *ims.Entry, v string) error { e.MOP = v; return nil }},
		{"vat_code", false, func(e *ims.Entry, v string) error { e.VATCode = v; return nil }},
		{"narrative", false, func(e *ims.Entry, v string) error { e.Narrative = v; return nil }},
		{"office", false, func(e *ims.Entry, v string) error { e.Office = v; return nil }},
		{"source_reference", false, func(e *ims.Entry, v string) error { e.BankRef = v; return nil }},
	}
}

// normalName folds a header name to the form the layout uses: lower case, with spaces and hyphens
// as underscores.
func normalName(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.NewReplacer(" ", "_", "-", "_").Replace(s)
}

// chooseLayout decides from the first row which layout the file is in and whether that row is data.
// It refuses, with the reasons, a header that is almost an IMS header and a file in another format.
func chooseLayout(line int, first []string, dates *quickvalue.DateMemo) (layout, bool, ims.ParseErrors) {
	known := map[string]imsColumn{}
	for _, c := range imsColumns(dates) {
		known[c.name] = c
	}
	nKnown, hasDate := 0, false
	for _, f := range first {
		name := normalName(f)
		if _, ok := known[name]; ok {
			nKnown++
		}
		hasDate = hasDate || name == "transaction_date"
	}
	if binary(first) {
		return layout{}, false, notIMSCSV(line, "binary data")
	}
	// A row naming transaction_date or three IMS columns is meant as an IMS header, and its faults
	// are reported one by one, unless it is the header of a LocalGov IMS export. Bank exports share
	// one or two names (Amount, Reference) and are refused as another format.
	if hasDate || nKnown >= 3 {
		l, errs := imsHeader(line, first, known)
		if errs != nil && len(first) == localGovWidth && localGovHeader(first) {
			return localGovLayout(), false, nil
		}
		return l, false, errs
	}
	if len(first) == localGovWidth {
		return localGovLayout(), !localGovHeader(first), nil
	}
	return layout{}, false, notIMSCSV(line, fmt.Sprintf("a first row of %d fields, %s", len(first), quoteRow(first)))
}

// imsHeader reads the header row of an IMS layout file, reporting every unknown, repeated or
// missing column.
func imsHeader(line int, header []string, known map[string]imsColumn) (layout, ims.ParseErrors) {
	l := layout{name: LayoutIMS, width: "header", columns: make([]column, len(header))}
	var errs ims.ParseErrors
	seen := map[string]int{}
	names := make([]string, 0, len(known))
	for _, c := range imsColumns(nil) {
		names = append(names, c.name)
	}
	for i, h := range header {
		name := normalName(h)
		where := fmt.Sprintf("column %d", i+1)
		c, ok := known[name]
		switch {
		case name == "":
			errs = append(errs, ims.ParseError{Line: line, Column: where, Message: "the header names no column here"})
		case !ok:
			errs = append(errs, ims.ParseError{Line: line, Column: where, Message: fmt.Sprintf("unknown column %q; the IMS layout's columns are %s", strings.TrimSpace(h), strings.Join(names, ", "))})
		case seen[name] != 0:
			errs = append(errs, ims.ParseError{Line: line, Column: where, Message: fmt.Sprintf("column %q is named twice (first in column %d)", name, seen[name])})
		default:
			seen[name] = i + 1
			l.columns[i] = column{label: name, set: c.set}
		}
	}
	for _, c := range imsColumns(nil) {
		if c.required && seen[c.name] == 0 {
			errs = append(errs, ims.ParseError{Line: line, Message: fmt.Sprintf("the header has no %s column, which the IMS layout requires", c.name)})
		}
	}
	return l, errs
}

// notCSV says what a file whose first row is not CSV holds, from its head: binary data, or its first
// line and why that is not CSV.
func notCSV(head []byte, why ims.ParseError) string {
	lr := textline.NewReader(bytes.NewReader(head), len(head))
	first, _ := lr.Next()
	line := string(first)
	if bytes.IndexByte(head, 0) >= 0 || strings.ContainsRune(line, utf8.RuneError) {
		return "binary data"
	}
	return fmt.Sprintf("%s, which is not CSV (%s)", quoteText(line), why.Error())
}

func notIMSCSV(line int, found string) ims.ParseErrors {
	return ims.ParseErrors{{Line: line, Message: "not an IMS CSV file: expected a header row naming the columns " +
		"transaction_date, fund, reference, amount and mop (or a 15-column LocalGov IMS export), found " + found}}
}

// binary reports whether a row holds bytes that no text file has: NUL, or characters that are
// not assigned in Windows-1252 and so came from a binary file.
func binary(rec []string) bool {
	for _, f := range rec {
		if strings.ContainsAny(f, "\x00\uFFFD") {
			return true
		}
	}
	return false
}

// quoteRow quotes the start of a row for an error message.
func quoteRow(rec []string) string {
	return quoteText(strings.Join(rec, ","))
}

// quoteText quotes the start of a line for an error message.
func quoteText(s string) string {
	if r := []rune(s); len(r) > 60 {
		return fmt.Sprintf("%q…", string(r[:60]))
	}
	return fmt.Sprintf("%q", s)
}
