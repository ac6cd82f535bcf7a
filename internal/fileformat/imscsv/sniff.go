package imscsv

import (
	"bytes"

	"github.com/ims-council/ims/internal/fileformat/internal/csvrecord"
)

// Sniff reports whether the first bytes of a file look like an IMS CSV file: a first row that names
// transaction_date, amount and at least one other IMS column, or a first row of 15 fields whose
// 6th is a date and 11th an amount (a headerless LocalGov IMS export).
func Sniff(head []byte) bool {
	first, _, _ := bytes.Cut(head, []byte("\n"))
	cr := csvrecord.NewReader(bytes.NewReader(first), csvrecord.Options{})
	rec, err := cr.Read()
	if err != nil {
		return false
	}
	names := map[string]bool{}
	for _, f := range rec {
		names[normalName(f)] = true
	}
	if names["transaction_date"] && names["amount"] && len(rec) >= 3 {
		return true
	}
	return len(rec) == localGovWidth && !localGovHeader(rec)
}
