package parsebench

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat/allpay"
	"github.com/ims-council/ims/internal/fileformat/imscsv"
)

// A workload is one file format to measure: how to write a file of it, how to parse it, and the
// baseline that only reads and splits it. parse and baseline return the number of detail rows read.
type workload struct {
	name     string
	file     string
	generate func(w io.Writer, rows int) error
	parse    func(r io.Reader) (int, error)
	baseline func(r io.Reader) (int, error)
}

// workloads returns the measured formats in the order they are reported.
func workloads() []workload {
	return []workload{
		{name: "allpay", file: "allpay.txt", generate: generateAllpay, parse: scanWith(allpay.Scan), baseline: baselineFixedWidth},
		{name: "imscsv", file: "imscsv.csv", generate: generateIMSCSV, parse: scanWith(imscsv.Scan), baseline: baselineCSV},
	}
}

func workloadByName(name string) (workload, bool) {
	for _, w := range workloads() {
		if w.name == name {
			return w, true
		}
	}
	return workload{}, false
}

// scanWith adapts a parser's Scan, the streaming path an import takes, to a workload: it counts the
// entries as they come and keeps none, so memory stays what the parser itself needs.
func scanWith(scan func(io.Reader, ims.EntryFunc) (*ims.StatementFile, error)) func(io.Reader) (int, error) {
	return func(r io.Reader) (int, error) {
		n := 0
		_, err := scan(r, func(*ims.Statement, *ims.Entry) error { n++; return nil })
		return n, err
	}
}

// generateAllpay writes an allpay file of rows detail lines with varied references, amounts and
// channels, and a trailer that agrees with them.
func generateAllpay(w io.Writer, rows int) error {
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC) // fixed, so files are identical from run to run
	var total int64
	for i := range rows {
		ref := "6" + fmt.Sprintf("%015d", i) // 16 characters, like a council tax reference
		minor := int64(100 + i%50000)        // £1.00 to £500.99
		channel := allpay.Channels[i%len(allpay.Channels)]
		if err := allpay.WriteDetail(w, "PO"+strconv.Itoa(10000+i%90000), ref, minor, channel, day.AddDate(0, 0, -(i%28))); err != nil {
			return err
		}
		total += minor
	}
	return allpay.WriteTrailer(w, total, rows)
}

// generateIMSCSV writes an IMS CSV file of rows payments with varied funds, references, amounts and
// methods of payment, a narrative on every row and a quoted one (holding a comma) on every tenth.
func generateIMSCSV(w io.Writer, rows int) error {
	if err := imscsv.WriteHeader(w); err != nil {
		return err
	}
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	funds := [...]string{"CTAX", "NNDR", "HBOP", "PARK", "SUND"}
	mops := [...]string{"15", "18", "90", "01", "02"}
	for i := range rows {
		narrative := "Payment " + strconv.Itoa(i)
		if i%10 == 0 {
			narrative = "Payment " + strconv.Itoa(i) + ", by card"
		}
		e := ims.Entry{
			BookingDate: day.AddDate(0, 0, -(i % 28)),
			Fund:        funds[i%len(funds)],
			Reference:   "6" + fmt.Sprintf("%09d", i),
			Minor:       int64(100 + i%50000),
			MOP:         mops[i%len(mops)],
			VATCode:     "O",
			Narrative:   narrative,
			Office:      "CIV",
			BankRef:     "SRC" + strconv.Itoa(i),
		}
		if err := imscsv.WriteRow(w, e); err != nil {
			return err
		}
	}
	return nil
}
