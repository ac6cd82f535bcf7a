package accountholdercsv

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Columns says which column of an account holder file holds each field: a header name when Header
// is set (matched without regard to case, with spaces, hyphens and underscores alike), a 1-based
// position ("1", "2", …) otherwise. Empty means the file has no such column. Reference is required;
// a file without a fund column is for one fund, which the caller knows.
type Columns struct {
	Header      bool     `yaml:"header" json:"header"`
	Reference   string   `yaml:"reference" json:"reference"`
	Fund        string   `yaml:"fund,omitempty" json:"fund,omitempty"`
	Name        string   `yaml:"name,omitempty" json:"name,omitempty"`
	Address     []string `yaml:"address,omitempty" json:"address,omitempty"` // address lines, first to last
	Postcode    string   `yaml:"postcode,omitempty" json:"postcode,omitempty"`
	Balance     string   `yaml:"balance,omitempty" json:"balance,omitempty"` // pounds and pence, negative in credit
	StopMessage string   `yaml:"stop_message,omitempty" json:"stop_message,omitempty"`
}

// DefaultColumns returns the layout IMS documents for account holder files: a header row naming
// reference, fund, name, address1 to address4, postcode, balance and stop_message.
func DefaultColumns() Columns {
	return Columns{
		Header:    true,
		Reference: "reference", Fund: "fund", Name: "name",
		Address:  []string{"address1", "address2", "address3", "address4"},
		Postcode: "postcode", Balance: "balance", StopMessage: "stop_message",
	}
}

// A mapped column is one field of Columns with the column that holds it.
type mapped struct {
	field  string // "reference", "address 2", …
	column string
}

// mapped lists the fields the columns map, in a fixed order.
func (c Columns) mapped() []mapped {
	all := []mapped{{"reference", c.Reference}, {"fund", c.Fund}, {"name", c.Name}}
	for i, a := range c.Address {
		all = append(all, mapped{fmt.Sprintf("address line %d", i+1), a})
	}
	all = append(all, mapped{"postcode", c.Postcode}, mapped{"balance", c.Balance}, mapped{"stop message", c.StopMessage})
	out := all[:0]
	for _, m := range all {
		if strings.TrimSpace(m.column) != "" {
			out = append(out, m)
		}
	}
	return out
}

// Validate reports every mistake in a column mapping.
func (c Columns) Validate() error {
	var errs []error
	if strings.TrimSpace(c.Reference) == "" {
		errs = append(errs, errors.New("the reference column is required"))
	}
	for i, a := range c.Address {
		if strings.TrimSpace(a) == "" {
			errs = append(errs, fmt.Errorf("address line %d names no column", i+1))
		}
	}
	seen := map[string]string{}
	for _, m := range c.mapped() {
		key := normalName(m.column)
		if other, ok := seen[key]; ok {
			errs = append(errs, fmt.Errorf("%s and %s both name column %q", other, m.field, m.column))
		}
		seen[key] = m.field
		if !c.Header {
			if n, err := strconv.Atoi(m.column); err != nil || n < 1 {
				errs = append(errs, fmt.Errorf("%s is %q, but a file without a header names columns by position (1, 2, …)", m.field, m.column))
			}
		}
	}
	return errors.Join(errs...)
}

// normalName folds a column name for matching: lower case, with spaces and hyphens as underscores.
func normalName(s string) string {
	return strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(strings.TrimSpace(s)))
}
