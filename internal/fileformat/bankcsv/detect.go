package bankcsv

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat/internal/csvrecord"
)

// Detect reports which built-in profile reads a file, judging by its first bytes (up to 4096): the
// profile whose header row, after its preamble, has every column the profile maps, or, for a
// profile without a header, whose first data row has exactly the profile's columns with a date and
// an amount where they belong. Profiles are tried in Builtin's order.
func Detect(head []byte) (Profile, bool) {
	rows := headRows(head, 8)
	for _, p := range Builtin() {
		if matches(p, rows) {
			return p, true
		}
	}
	return Profile{}, false
}

// headRows returns up to n non-blank rows from the start of a file, trimmed, leaving out a last line
// that head may have cut short.
func headRows(head []byte, n int) [][]string {
	if len(head) >= sniffBytes {
		if i := bytes.LastIndexByte(head, '\n'); i >= 0 {
			head = head[:i+1]
		}
	}
	cr := csvrecord.NewReader(bytes.NewReader(head), csvrecord.Options{TrimSpace: true})
	var rows [][]string
	for len(rows) < n {
		rec, err := cr.Read()
		if err != nil {
			break
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if !allBlank(rec) {
			rows = append(rows, slices.Clone(rec)) // Read reuses its slice
		}
	}
	return rows
}

func matches(p Profile, rows [][]string) bool {
	if len(rows) <= p.Preamble {
		return false
	}
	rec := rows[p.Preamble]
	if p.StripApostrophe {
		rec = append([]string(nil), rec...)
		for i := range rec {
			rec[i] = strings.TrimPrefix(rec[i], "'")
		}
	}
	cols, _, missing := resolve(p, rec)
	if len(missing) > 0 {
		return false
	}
	if p.Header {
		return true
	}
	// Without a header only the values can tell: the row is exactly as wide as the profile's
	// columns, with a date and an amount in their places.
	width := 0
	for _, i := range cols {
		width = max(width, i+1)
	}
	if len(rec) != width {
		return false
	}
	rp := &reader{p: p, exp: 2}
	for _, df := range p.DateFormats {
		layout, _ := goLayout(df)
		rp.layouts = append(rp.layouts, layout)
	}
	if _, err := rp.date(rec[cols["date"]]); err != nil {
		return false
	}
	if i, ok := cols["amount"]; ok {
		_, err := rp.amount(rec[i])
		return err == nil
	}
	return true
}

// resolve finds the 0-based index of each mapped column in a header row (by name) or data row (by
// position), with the label to use in messages, and lists the columns it could not find.
func resolve(p Profile, rec []string) (cols map[string]int, labels map[string]string, missing []string) {
	cols, labels = map[string]int{}, map[string]string{}
	for _, f := range p.Columns.fields() {
		if !p.Header {
			n, err := strconv.Atoi(f.column)
			if err != nil || n < 1 || n > len(rec) {
				missing = append(missing, fmt.Sprintf("%s (column %s)", f.field, f.column))
				continue
			}
			cols[f.field], labels[f.field] = n-1, f.field
			continue
		}
		found := false
		for i, h := range rec {
			if strings.EqualFold(strings.TrimSpace(h), strings.TrimSpace(f.column)) {
				cols[f.field], labels[f.field], found = i, strings.TrimSpace(h), true
				break
			}
		}
		if !found {
			missing = append(missing, strconv.Quote(f.column))
		}
	}
	return cols, labels, missing
}

// notProfile is the error for a file whose header (or first row) does not fit the profile.
func notProfile(p Profile, line int, rec []string, missing []string) ims.ParseErrors {
	what := fmt.Sprintf("a header row with the columns %s", strings.Join(missing, ", "))
	if !p.Header {
		what = fmt.Sprintf("rows with %s", strings.Join(missing, ", "))
	}
	if p.Preamble > 0 {
		what += fmt.Sprintf(" after %d rows of preamble", p.Preamble)
	}
	return ims.ParseErrors{{Line: line, Message: fmt.Sprintf("not a %s bank CSV export: expected %s, found %s", p.Name, what, describe(rec))}}
}

// notBankCSV is the error for a file that no built-in profile reads.
func notBankCSV(head []byte) ims.ParseErrors {
	var names []string
	for _, p := range Builtin() {
		names = append(names, p.Name)
	}
	found := "an empty file"
	if rows := headRows(head, 1); len(rows) > 0 {
		found = describe(rows[0])
	}
	return ims.ParseErrors{{Line: 1, Message: fmt.Sprintf("not a bank CSV export IMS knows: expected the layout of one of the profiles %s, found %s",
		strings.Join(names, ", "), found)}}
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
