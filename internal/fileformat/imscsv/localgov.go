package imscsv

import "github.com/ims-council/ims"

// localGovWidth is the number of fields in a row of a LocalGov IMS transaction export.
const localGovWidth = 15

// localGovLayout returns the assumed LocalGov IMS 15-column layout described in the package comment.
func localGovLayout() layout {
	text := func(dst func(e *ims.Entry) *string) func(e *ims.Entry, v string) error {
		return func(e *ims.Entry, v string) error { *dst(e) = v; return nil }
	}
	return layout{name: LayoutLocalGov, width: "15-column LocalGov IMS layout", columns: []column{
		{"transaction reference", text(func(e *ims.Entry) *string { return &e.BankRef })},
		{"internal reference", nil},
		{"payment provider reference", text(func(e *ims.Entry) *string { return &e.EndToEndID })},
		{"office code", text(func(e *ims.Entry) *string { return &e.Office })},
		{"entry date", nil},
		{"transaction date", func(e *ims.Entry, v string) (err error) { e.BookingDate, err = parseLocalGovDate(v); return }},
		{"account reference", text(func(e *ims.Entry) *string { return &e.Reference })},
		{"user code", nil},
		{"fund code", text(func(e *ims.Entry) *string { return &e.Fund })},
		{"MOP code", text(func(e *ims.Entry) *string { return &e.MOP })},
		{"amount", func(e *ims.Entry, v string) (err error) { e.Minor, err = parseAmount(v); return }},
		{"VAT code", text(func(e *ims.Entry) *string { return &e.VATCode })},
		{"VAT rate", nil},
		{"VAT amount", nil},
		{"narrative", text(func(e *ims.Entry) *string { return &e.Narrative })},
	}}
}

// localGovHeader reports whether a 15-field first row is a header: neither its transaction date nor
// its amount reads as one. The header's names are not checked, since they are not known for sure.
func localGovHeader(first []string) bool {
	_, dateErr := parseLocalGovDate(first[5])
	_, amountErr := parseAmount(first[10])
	return dateErr != nil && amountErr != nil
}
