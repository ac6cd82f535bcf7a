package bankcsv

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ims-council/ims/internal/fileformat/internal/currency"
)

// A Profile describes one bank's CSV statement export: where the data starts, which column holds
// what, how dates are written and in which order rows come. Profiles are data, so a council can
// describe a bank that has no built-in profile in a YAML or JSON file.
type Profile struct {
	// Name identifies the profile ("barclays"); it becomes StatementFile.Profile.
	Name string `yaml:"name" json:"name"`
	// Header says the data is preceded by a row naming its columns. Columns are then given by
	// those names (matched without regard to case or surrounding spaces); without a header they
	// are given by 1-based position ("1", "2", …).
	Header bool `yaml:"header" json:"header"`
	// Preamble is the number of non-blank rows before the header (or before the data when there is
	// no header): account name, balance and the like. Blank lines are not counted.
	Preamble int `yaml:"preamble,omitempty" json:"preamble,omitempty"`
	// AccountLabel, when set, names a preamble row ("Account Number:") whose second field is the
	// account, used when no column holds it.
	AccountLabel string `yaml:"account_label,omitempty" json:"account_label,omitempty"`
	// Columns maps each field IMS reads to a column of the file.
	Columns Columns `yaml:"columns" json:"columns"`
	// DateFormats lists the forms a date may take, tried in order, written with dd (day, two
	// digits), d (day, one or two), mm, m, mmm (Jan), mmmm (January), yyyy and yy (20yy), and any
	// separators: "dd/mm/yyyy", "d mmm yyyy".
	DateFormats []string `yaml:"date_formats" json:"date_formats"`
	// Order is "oldest-first" or "newest-first": the order of rows in the file. It is needed only
	// when there is a balance column, to follow the running balance; rows that break it are reported.
	Order string `yaml:"order,omitempty" json:"order,omitempty"`
	// Currency is the ISO 4217 code of the account; empty means GBP.
	Currency string `yaml:"currency,omitempty" json:"currency,omitempty"`
	// StripApostrophe drops a leading apostrophe from every field: spreadsheets' mark for "text",
	// which some banks put before sort codes and names ("'30-00-00").
	StripApostrophe bool `yaml:"strip_apostrophe,omitempty" json:"strip_apostrophe,omitempty"`
	// Footer lists the first-field values of rows that are not transactions and are skipped
	// ("Arranged Overdraft Limit").
	Footer []string `yaml:"footer,omitempty" json:"footer,omitempty"`
}

// Columns names the column of each field: a header name when the profile has a header, a 1-based
// position otherwise. Empty means the file has no such column. Date and either Amount (signed,
// credits positive) or both Debit and Credit (each positive) are required.
type Columns struct {
	Date        string `yaml:"date" json:"date"`
	Description string `yaml:"description,omitempty" json:"description,omitempty"` // → Entry.Narrative
	Amount      string `yaml:"amount,omitempty" json:"amount,omitempty"`
	Debit       string `yaml:"debit,omitempty" json:"debit,omitempty"`
	Credit      string `yaml:"credit,omitempty" json:"credit,omitempty"`
	Balance     string `yaml:"balance,omitempty" json:"balance,omitempty"`     // running balance after the row
	Type        string `yaml:"type,omitempty" json:"type,omitempty"`           // the bank's transaction type → Entry.BankCode
	Reference   string `yaml:"reference,omitempty" json:"reference,omitempty"` // the payer's reference → Entry.Remittance
	Account     string `yaml:"account,omitempty" json:"account,omitempty"`     // account number → Statement.Account
	SortCode    string `yaml:"sort_code,omitempty" json:"sort_code,omitempty"` // sort code, put before the account number
}

// The row orders a profile may name.
const (
	OldestFirst = "oldest-first"
	NewestFirst = "newest-first"
)

// fields returns each mapped column with the name IMS gives its field, in a fixed order.
func (c Columns) fields() []struct{ field, column string } {
	all := []struct{ field, column string }{
		{"date", c.Date}, {"description", c.Description}, {"amount", c.Amount}, {"debit", c.Debit},
		{"credit", c.Credit}, {"balance", c.Balance}, {"type", c.Type}, {"reference", c.Reference},
		{"account", c.Account}, {"sort_code", c.SortCode},
	}
	mapped := all[:0]
	for _, f := range all {
		if f.column != "" {
			mapped = append(mapped, f)
		}
	}
	return mapped
}

// Validate reports every mistake in a profile, so that one written by hand fails when loaded and
// not on the first file.
func (p Profile) Validate() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if strings.TrimSpace(p.Name) == "" {
		add("the profile has no name")
	}
	if p.Preamble < 0 {
		add("preamble is %d; it counts rows and cannot be negative", p.Preamble)
	}
	c := p.Columns
	switch {
	case c.Date == "":
		add("columns: date is required")
	}
	switch {
	case c.Amount != "" && (c.Debit != "" || c.Credit != ""):
		add("columns: give either amount or debit and credit, not both")
	case c.Amount == "" && (c.Debit == "" || c.Credit == ""):
		add("columns: give either amount (signed) or both debit and credit")
	}
	seen := map[string]string{}
	for _, f := range c.fields() {
		key := strings.ToLower(strings.TrimSpace(f.column))
		if other, ok := seen[key]; ok {
			add("columns: %s and %s both name column %q", other, f.field, f.column)
		}
		seen[key] = f.field
		if !p.Header {
			if n, err := strconv.Atoi(f.column); err != nil || n < 1 {
				add("columns: %s is %q, but a profile without a header names columns by position (1, 2, …)", f.field, f.column)
			}
		}
	}
	if len(p.DateFormats) == 0 {
		add("date_formats: at least one is required")
	}
	for _, df := range p.DateFormats {
		if _, err := goLayout(df); err != nil {
			add("date_formats: %v", err)
		}
	}
	switch p.Order {
	case OldestFirst, NewestFirst:
	case "":
		if c.Balance != "" {
			add("order: required (oldest-first or newest-first) when there is a balance column")
		}
	default:
		add("order is %q; it must be oldest-first or newest-first", p.Order)
	}
	if _, ok := currency.Exponent(p.currency()); !ok {
		add("currency %q is not an ISO 4217 currency code", p.Currency)
	}
	return errors.Join(errs...)
}

func (p Profile) currency() string {
	if p.Currency == "" {
		return "GBP"
	}
	return p.Currency
}

// goLayout turns a date format written with dd, mm, yyyy and friends into a Go time layout.
func goLayout(format string) (string, error) {
	tokens := map[string]string{"d": "2", "dd": "02", "m": "1", "mm": "01", "mmm": "Jan", "mmmm": "January", "yy": "06", "yyyy": "2006"}
	var b strings.Builder
	has := map[byte]bool{}
	for i := 0; i < len(format); {
		c := format[i]
		j := i
		for j < len(format) && format[j] == c {
			j++
		}
		run := format[i:j]
		switch {
		case c == 'd' || c == 'm' || c == 'y':
			token, ok := tokens[run]
			if !ok || has[c] {
				return "", fmt.Errorf("%q in date format %q is not one of d, dd, m, mm, mmm, mmmm, yy, yyyy, or repeats a part", run, format)
			}
			has[c] = true
			b.WriteString(token)
		case c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			return "", fmt.Errorf("%q in date format %q is neither a date part nor a separator", run, format)
		default:
			b.WriteString(run)
		}
		i = j
	}
	if !has['d'] || !has['m'] || !has['y'] {
		return "", fmt.Errorf("date format %q needs a day, a month and a year", format)
	}
	return b.String(), nil
}
