package ims

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// The formats of an export file.
const (
	LayoutCSV   = "csv"   // delimited, quoted as RFC 4180 says when a value needs it
	LayoutFixed = "fixed" // every field at its width, no delimiter
)

// An ExportLayout describes an export file line by line, so a council matches what its finance or
// back-office system reads without a release of IMS: an optional header line, a line of column
// names (CSV), one detail line per journal line or entry, and an optional trailer line.
type ExportLayout struct {
	Format string `json:"format" yaml:"format"` // csv or fixed
	// Delimiter separates CSV values: one character, "," when blank.
	Delimiter string `json:"delimiter,omitempty" yaml:"delimiter,omitempty"`
	// LineEnd ends each line: crlf (the default, what most finance systems expect) or lf.
	LineEnd string `json:"line_end,omitempty" yaml:"line_end,omitempty"`
	// ColumnNames puts a line of the detail fields' names first (CSV only).
	ColumnNames bool          `json:"column_names,omitempty" yaml:"column_names,omitempty"`
	Header      []ExportField `json:"header,omitempty" yaml:"header,omitempty"`
	Fields      []ExportField `json:"fields" yaml:"fields"`
	Trailer     []ExportField `json:"trailer,omitempty" yaml:"trailer,omitempty"`
}

// An ExportField is one value of a line: where it comes from (Source, one of ExportSources) and how
// it is written.
type ExportField struct {
	Source string `json:"source" yaml:"source"`
	// Name is the column's name on the CSV column names line; the source when blank.
	Name string `json:"name,omitempty" yaml:"name,omitempty"`
	// Text is the value of a field whose source is text.
	Text string `json:"text,omitempty" yaml:"text,omitempty"`
	// Width is the field's exact width in characters: required in a fixed-width layout, optional
	// in CSV (the value is padded to it). A longer value is an error, unless Truncate is set on a
	// text value: an amount or number is never cut.
	Width    int  `json:"width,omitempty" yaml:"width,omitempty"`
	Truncate bool `json:"truncate,omitempty" yaml:"truncate,omitempty"`
	// Align is left or right; amounts and numbers go right, the rest left, when blank.
	Align string `json:"align,omitempty" yaml:"align,omitempty"`
	// Pad is the one character that fills the width: a space when blank. With "0" and right
	// alignment a minus sign stays in front: -0001234.
	Pad string `json:"pad,omitempty" yaml:"pad,omitempty"`
	// Format is, for a date, made of YYYY, YY, MM, MON, DD and the separators - / . and space
	// (YYYY-MM-DD when blank); for an amount, pounds (1234.56, the default) or pence (123456).
	Format string `json:"format,omitempty" yaml:"format,omitempty"`
	// Sign is how an amount's sign is written: minus (-12.34, the default), trailing (12.34-) or
	// none (12.34, for layouts that carry a dc field or separate debit and credit fields).
	Sign string `json:"sign,omitempty" yaml:"sign,omitempty"`
	// BlankZero writes nothing (then the padding) for an amount of zero, as debit and credit
	// columns often want.
	BlankZero bool `json:"blank_zero,omitempty" yaml:"blank_zero,omitempty"`
}

type valueKind int

const (
	textValue valueKind = iota
	dateValue
	amountValue
	numberValue
)

// exportSource is what a source gives and where it may be used.
type exportSource struct {
	kind     valueKind
	line     bool // a detail line's value (else the batch's, usable on every line)
	journal  bool // given by journal lines
	postings bool // given by account posting lines
	about    string
}

var exportSources = map[string]exportSource{
	"date":             {dateValue, true, true, true, "business date"},
	"transaction_date": {dateValue, true, false, true, "date the money moved (Europe/London)"},
	"account":          {textValue, true, true, false, "GL code of an income line, control code of a control line"},
	"gl_code":          {textValue, true, true, true, "fund's GL code (blank on a control line)"},
	"cost_centre":      {textValue, true, true, true, "fund's cost centre (blank on a control line)"},
	"control_code":     {textValue, true, true, false, "control code (blank on an income line)"},
	"vat_code":         {textValue, true, true, true, "VAT code (blank on a control line)"},
	"fund":             {textValue, true, false, true, "fund code"},
	"mop":              {textValue, true, false, true, "method of payment code"},
	"reference":        {textValue, true, false, true, "account reference"},
	"receipt":          {textValue, true, false, true, "receipt number"},
	"narrative":        {textValue, true, false, true, "entry's narrative"},
	"office":           {textValue, true, false, true, "office code"},
	"entry_id":         {numberValue, true, false, true, "ledger entry id"},
	"posting_id":       {numberValue, true, false, true, "posting id"},
	"amount":           {amountValue, true, true, true, "signed amount, VAT included"},
	"vat_amount":       {amountValue, true, true, true, "VAT part of the amount"},
	"net_amount":       {amountValue, true, true, true, "amount less VAT"},
	"debit":            {amountValue, true, true, true, "the amount when positive, else zero"},
	"credit":           {amountValue, true, true, true, "minus the amount when negative, else zero"},
	"dc":               {textValue, true, true, true, "D for a positive amount or zero, C for a negative one"},
	"line_no":          {numberValue, true, true, true, "detail line number, from 1"},
	"batch":            {textValue, false, true, true, "batch id"},
	"seq":              {numberValue, false, true, true, "batch number"},
	"created":          {dateValue, false, true, true, "date the batch was made (Europe/London)"},
	"count":            {numberValue, false, true, true, "number of detail lines"},
	"total":            {amountValue, false, true, true, "sum of the detail lines' amounts"},
	"debits":           {amountValue, false, true, true, "sum of the positive amounts"},
	"credits":          {amountValue, false, true, true, "minus the sum of the negative amounts"},
	"text":             {textValue, false, true, true, "the field's text"},
}

// ExportSources returns the names of the sources a field may take its value from, with what each
// gives, in name order, for the documentation and the error messages.
func ExportSources() []string {
	out := make([]string, 0, len(exportSources))
	for name := range exportSources {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// ExportSourceAbout returns what a source gives, "" for an unknown one.
func ExportSourceAbout(name string) string { return exportSources[name].about }

// check adds the layout's problems to p, under layout.…, for a target of kind k.
func (l ExportLayout) check(p Problems, k ExportKind) {
	switch l.Format {
	case LayoutCSV:
		if r, n := utf8.DecodeRuneInString(l.Delimiter); l.Delimiter != "" &&
			(n != len(l.Delimiter) || r == '"' || r == '\r' || r == '\n' || r == utf8.RuneError) {
			p.Add("layout.delimiter", "Delimiter must be one character other than a quote or a line end")
		}
	case LayoutFixed:
		if l.Delimiter != "" {
			p.Add("layout.delimiter", "A fixed-width layout has no delimiter")
		}
		if l.ColumnNames {
			p.Add("layout.column_names", "A fixed-width layout has no column names line")
		}
	default:
		p.Add("layout.format", "Format must be %s or %s", LayoutCSV, LayoutFixed)
	}
	if l.LineEnd != "" && l.LineEnd != "crlf" && l.LineEnd != "lf" {
		p.Add("layout.line_end", "Line end must be crlf or lf")
	}
	if len(l.Fields) == 0 {
		p.Add("layout.fields", "Give the fields of a detail line")
	}
	for _, part := range []struct {
		name   string
		fields []ExportField
		line   bool
	}{{"header", l.Header, false}, {"fields", l.Fields, true}, {"trailer", l.Trailer, false}} {
		for i, f := range part.fields {
			f.check(p, fmt.Sprintf("layout.%s[%d]", part.name, i), l.Format, k, part.line)
		}
	}
}

func (f ExportField) check(p Problems, at, format string, k ExportKind, line bool) {
	src, ok := exportSources[f.Source]
	switch {
	case !ok:
		p.Add(at+".source", "Source %q is not one of %s", f.Source, strings.Join(ExportSources(), ", "))
		return
	case src.line && !line:
		p.Add(at+".source", "Source %s belongs to a detail line, not a header or trailer", f.Source)
	case k == ExportJournal && !src.journal:
		p.Add(at+".source", "A journal line has no %s: it sums many entries", f.Source)
	case k == ExportAccountPostings && !src.postings:
		p.Add(at+".source", "An account postings line has no %s", f.Source)
	}
	if f.Text != "" && f.Source != "text" {
		p.Add(at+".text", "Text is only for a field whose source is text")
	}
	switch {
	case f.Width < 0 || f.Width > 1000:
		p.Add(at+".width", "Width must be between 1 and 1000")
	case format == LayoutFixed && f.Width == 0:
		p.Add(at+".width", "Give the width of every field of a fixed-width layout")
	}
	if f.Truncate && src.kind != textValue {
		p.Add(at+".truncate", "Only text may be cut to its width")
	}
	if f.Align != "" && f.Align != "left" && f.Align != "right" {
		p.Add(at+".align", "Align must be left or right")
	}
	if f.Pad != "" && (utf8.RuneCountInString(f.Pad) != 1 || f.Pad < " ") {
		p.Add(at+".pad", "Pad must be one character")
	}
	switch src.kind {
	case dateValue:
		if _, err := formatDateTokens(f.Format); err != nil {
			p.Add(at+".format", "%s", err.Error())
		}
	case amountValue:
		if f.Format != "" && f.Format != "pounds" && f.Format != "pence" {
			p.Add(at+".format", "An amount's format must be pounds or pence")
		}
	default:
		if f.Format != "" {
			p.Add(at+".format", "Format is only for dates and amounts")
		}
	}
	if f.Sign != "" && (src.kind != amountValue || !slices.Contains([]string{"minus", "trailing", "none"}, f.Sign)) {
		p.Add(at+".sign", "Sign is for amounts: minus, trailing or none")
	}
	if f.BlankZero && src.kind != amountValue {
		p.Add(at+".blank_zero", "Only an amount may be left blank when zero")
	}
}
