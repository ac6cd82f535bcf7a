package admin

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/money"
)

// A field is one question of a reference data form. Its Name is the form value's name and the
// field name the record's Validate reports problems under ("vat_code"), so a problem lands on it.
type field struct {
	Name, Label, Hint string
	Kind              fieldKind
	Value             string
	Checked           bool     // checkbox
	Options           []option // select, checkboxes
	Error             string
	Width             govukfrontend.InputWidth
	Autocomplete      bool // a select enhanced with accessible-autocomplete when JavaScript runs
	Secret            bool // a write-only field: never filled in
}

type fieldKind string

const (
	textField      fieldKind = "text"
	areaField      fieldKind = "textarea"
	checkboxField  fieldKind = "checkbox"
	selectField    fieldKind = "select"
	checkboxesList fieldKind = "checkboxes"
	passwordField  fieldKind = "password"
)

type option struct {
	Value, Text string
	Selected    bool
}

// ID is the id of the field's input, which the error summary links to.
func (f field) ID() string { return "f-" + f.Name }

// DescribedBy is the aria-describedby of the field's input: its hint and error message.
func (f field) DescribedBy() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID()+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID()+"-error")
	}
	return strings.Join(ids, " ")
}

// Input returns the field as the GOV.UK text input component.
func (f field) Input() govukfrontend.TextInput {
	off := false
	t := "text"
	if f.Kind == passwordField {
		t = "password"
	}
	return govukfrontend.TextInput{ID: f.ID(), Name: f.Name, Label: f.Label, Hint: f.Hint, Value: f.Value,
		Error: f.Error, Width: f.Width, Spellcheck: &off, Type: t, Autocomplete: "off"}
}

// form reads a posted form into a record, collecting the problems of values that do not parse (an
// amount, a number, a time) under their field names; the record's own Validate finds the rest.
type form struct {
	v        url.Values
	problems ims.Problems
}

func newForm(v url.Values) *form { return &form{v: v, problems: ims.Problems{}} }

func (f *form) text(name string) string { return strings.TrimSpace(f.v.Get(name)) }

func (f *form) check(name string) bool { return f.v.Get(name) != "" }

// list returns the lines of a text area, trimmed, without blank ones.
func (f *form) lines(name string) []string {
	var out []string
	for _, l := range strings.Split(f.v.Get(name), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// pence returns an optional amount in pounds ("250.00"), nil when blank.
func (f *form) pence(name, label string) *money.Pence {
	s := strings.TrimPrefix(f.text(name), "£")
	if s == "" {
		return nil
	}
	p, err := money.Parse(s)
	if err != nil {
		f.problems.Add(name, "%s must be an amount in pounds, like 250.00", label)
		return nil
	}
	return &p
}

// number returns a whole number, 0 when blank.
func (f *form) number(name, label string) int {
	s := f.text(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		f.problems.Add(name, "%s must be a whole number, like 10", label)
	}
	return n
}

// numbers returns a list of whole numbers written with commas or spaces between them.
func (f *form) numbers(name, label string) []int {
	var out []int
	for _, s := range strings.FieldsFunc(f.text(name), func(r rune) bool { return r == ',' || r == ' ' }) {
		n, err := strconv.Atoi(s)
		if err != nil {
			f.problems.Add(name, "%s must be whole numbers separated by commas, like 3, 7, 1", label)
			return nil
		}
		out = append(out, n)
	}
	return out
}

// timeLayout is how forms write times: UK local time to the minute.
const timeLayout = "2006-01-02 15:04"

// time returns a UK local time written as timeLayout, the zero time when blank.
func (f *form) time(name, label string) time.Time {
	s := f.text(name)
	if s == "" {
		return time.Time{}
	}
	london, err := ims.LondonLocation()
	if err != nil {
		london = time.UTC
	}
	t, err := time.ParseInLocation(timeLayout, s, london)
	if err != nil {
		f.problems.Add(name, "%s must be a date and time like 2026-12-24 18:00", label)
	}
	return t
}

// showTime writes t for a form field or a list, in UK time; "" for the zero time.
func showTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if london, err := ims.LondonLocation(); err == nil {
		t = t.In(london)
	}
	return t.Format(timeLayout)
}

func showPence(p *money.Pence) string {
	if p == nil {
		return ""
	}
	return p.String()
}

func showInt(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func showInts(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ", ")
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// choices returns the options of a select of codes with their names, value selected, with a first
// blank option "(none)" when blank is set.
func choices(value string, blank bool, codes, names []string) []option {
	var out []option
	if blank {
		out = append(out, option{Value: "", Text: "(none)", Selected: value == ""})
	}
	for i, c := range codes {
		text := c
		if names[i] != "" && names[i] != c {
			text = fmt.Sprintf("%s – %s", c, names[i])
		}
		out = append(out, option{Value: c, Text: text, Selected: c == value})
	}
	return out
}
