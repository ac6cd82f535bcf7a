// Package fileformat is the registry of the payment and bank file formats IMS reads: it names each
// format, finds a format by name, tells a file's format from its first bytes, and summarises a parsed
// file (Summarize). The parsers themselves live in one sub-package each (camt053, mt940, bai2,
// bankcsv, allpay, imscsv, dwp, accountholdercsv); the readers they share (textline, csvrecord,
// quickvalue, currency, sink, xmllimit) live under internal/, so that this folder lists formats only.
package fileformat

import (
	"io"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat/allpay"
	"github.com/ims-council/ims/internal/fileformat/bai2"
	"github.com/ims-council/ims/internal/fileformat/bankcsv"
	"github.com/ims-council/ims/internal/fileformat/camt053"
	"github.com/ims-council/ims/internal/fileformat/dwp"
	"github.com/ims-council/ims/internal/fileformat/imscsv"
	"github.com/ims-council/ims/internal/fileformat/mt940"
)

// SniffLen is how many leading bytes of a file Detect needs to tell its format.
const SniffLen = 4096

// A Format is one file format that reads into an ims.StatementFile.
type Format struct {
	Name string // the name users pass to --format and the Format field of what Parse returns
	// Parse reads a whole file and returns it with every entry. Its error is an ims.ParseErrors
	// when the file cannot be read.
	Parse func(io.Reader) (*ims.StatementFile, error)
	// Scan reads a file as Parse does but hands each entry to a function as it is read and keeps
	// none: the returned file's statements have their counts and totals (EntryCount, EntryTotals)
	// but no Entries. Every format but dwp (a zip file, read whole) reads in constant memory.
	Scan func(io.Reader, ims.EntryFunc) (*ims.StatementFile, error)
	// Sniff reports whether the first bytes of a file (up to SniffLen) look like this format.
	Sniff func(head []byte) bool
}

// Formats returns every format that reads into a StatementFile, in detection order: formats with an
// unmistakable signature first (an XML namespace, a zip archive, a BAI2 01 record, an MT940 tag), then
// the IMS CSV with its fixed header, the allpay fixed-width file, and last the bank CSV profiles, whose
// loose shapes (some have no header at all) could also match files meant for a format above them.
func Formats() []Format {
	return []Format{
		{Name: "camt053", Parse: camt053.Parse, Scan: camt053.Scan, Sniff: camt053.Sniff},
		{Name: "dwp", Parse: dwp.Parse, Scan: dwp.Scan, Sniff: dwp.Sniff},
		{Name: "bai2", Parse: bai2.Parse, Scan: bai2.Scan, Sniff: bai2.Sniff},
		{Name: "mt940", Parse: mt940.Parse, Scan: mt940.Scan, Sniff: mt940.Sniff},
		{Name: "imscsv", Parse: imscsv.Parse, Scan: imscsv.Scan, Sniff: imscsv.Sniff},
		{Name: "allpay", Parse: allpay.Parse, Scan: allpay.Scan, Sniff: allpay.Sniff},
		{Name: "bankcsv", Parse: bankcsv.Parse, Scan: bankcsv.Scan, Sniff: bankcsv.Sniff},
	}
}

// Names returns the names of every format, in detection order.
func Names() []string {
	fs := Formats()
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.Name
	}
	return names
}

// Lookup returns the format with the given name, or an Invalid error listing the known names.
func Lookup(name string) (Format, error) {
	for _, f := range Formats() {
		if f.Name == name {
			return f, nil
		}
	}
	return Format{}, ims.Errorf(ims.Invalid, "unknown format %q; the formats are %s", name, strings.Join(Names(), ", "))
}

// Detect returns the first format, in the order of Formats, whose sniffer accepts head (the first
// SniffLen bytes of a file, or all of a shorter file). When none does it returns an Invalid error
// naming every format tried.
func Detect(head []byte) (Format, error) {
	return detectIn(Formats(), head)
}

// detectIn is Detect over a given list of formats.
func detectIn(formats []Format, head []byte) (Format, error) {
	if len(head) > SniffLen {
		head = head[:SniffLen]
	}
	names := make([]string, len(formats))
	for i, f := range formats {
		if f.Sniff(head) {
			return f, nil
		}
		names[i] = f.Name
	}
	return Format{}, ims.Errorf(ims.Invalid, "cannot tell the format of this file: it does not look like any of %s",
		strings.Join(names, ", "))
}
