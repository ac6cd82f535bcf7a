package imscsv

import (
	"io"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

// WriteHeader writes the header row of the IMS layout, naming all nine columns in their usual order.
func WriteHeader(w io.Writer) error {
	var names []string
	for _, c := range imsColumns(nil) {
		names = append(names, c.name)
	}
	_, err := io.WriteString(w, strings.Join(names, ",")+"\r\n")
	return err
}

// WriteRow writes one entry as a row of the IMS layout under WriteHeader's header: its booking date,
// fund, reference, amount, MOP, VAT code, narrative, office and BankRef (as source_reference).
// Fields are quoted when they need to be. It exists so that tests and benchmarks can generate files
// of any size that Parse reads back to the same entries.
func WriteRow(w io.Writer, e ims.Entry) error {
	fields := []string{
		e.BookingDate.Format("2006-01-02"), e.Fund, e.Reference, money.FormatMinor(e.Minor, 2),
		e.MOP, e.VATCode, e.Narrative, e.Office, e.BankRef,
	}
	var b strings.Builder
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(quote(f))
	}
	b.WriteString("\r\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// quote returns a field as CSV writes it: in double quotes, with quotes doubled, when it holds a
// comma, a quote or a line break. (Parse trims spaces around every field, quoted or not.)
func quote(f string) string {
	if !strings.ContainsAny(f, ",\"\r\n") {
		return f
	}
	return `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
}
