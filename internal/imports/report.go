// Package imports reads a council's payment and bank files into the lines of an import (SPEC §7):
// it parses the whole file with the import type's format, gives each line the type's defaults,
// runs the import rules and validates the line as every other payment path does, and says what
// would happen to it. DryRun reports that without writing anything; the posting of an import is
// driven by the same Report.
package imports

import (
	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/rules"
)

// Outcome is what happens, or would happen, to one line of an import.
type Outcome string

// The outcomes of a line.
const (
	ToLedger   Outcome = "ledger"     // fund and reference pass validation: posted to the fund
	ToSuspense Outcome = "suspense"   // posted to suspense, with the reason, to be allocated by Finance
	Skipped    Outcome = "skip"       // a rule said to leave the line out, with its reason
	Debit      Outcome = "debit"      // money out of a bank account: listed for reconciliation, not posted
	NotPosted  Outcome = "not_posted" // a credit IMS cannot post at all (another currency, not booked)
	Held       Outcome = "held"       // a credit of a statement held for review: its figures disagree
)

// A Line is one line of an import after its type's defaults, the rules and validation.
type Line struct {
	N          int            `json:"n"`              // 1-based position among the file's lines
	FileLine   int            `json:"line,omitempty"` // where it starts in the file, when the format says
	Statement  int            `json:"statement"`      // 1-based statement of the file it belongs to
	Date       string         `json:"date,omitempty"` // yyyy-mm-dd booking date
	Fund       string         `json:"fund"`
	Reference  string         `json:"reference"`
	MOP        string         `json:"mop"`
	VATCode    string         `json:"vat_code,omitempty"` // as the file gives it (IMS CSV); blank: the fund's
	Office     string         `json:"office"`
	Narrative  string         `json:"narrative,omitempty"`
	BankRef    string         `json:"bank_reference,omitempty"`
	Channel    string         `json:"channel,omitempty"`
	Currency   string         `json:"currency"`
	AmountText string         `json:"amount"` // the amount as people read it, 12.34
	Pence      int64          `json:"pence"`
	Outcome    Outcome        `json:"outcome"`
	Reason     string         `json:"reason,omitempty"` // why suspense, skip or not posted
	Rule       string         `json:"rule,omitempty"`   // the rule that sent it to suspense or skipped it
	Changes    []rules.Change `json:"changes,omitempty"`
	Notes      []string       `json:"notes,omitempty"`

	status string // camt entry status: only booked entries (or formats without one) are posted
}

// Count and Totals are the import's sums by outcome (ims.ImportTotals): what a dry run reports and
// what an import records.
type (
	Count  = ims.ImportCount
	Totals = ims.ImportTotals
)

// addLine counts l in t by its outcome.
func addLine(t *Totals, l *Line) {
	t.Lines++
	var c *Count
	switch l.Outcome {
	case ToLedger:
		c = &t.Ledger
	case ToSuspense:
		c = &t.Suspense
	case Skipped:
		c = &t.Skipped
	case Held:
		t.Held.Count++
		t.Held.Pence += l.Pence
		return
	case Debit:
		t.Debits.Count++
		t.Debits.Pence -= l.Pence
		return
	default:
		t.NotPosted++
		return
	}
	c.Count++
	c.Pence += l.Pence
	t.Value += l.Pence
}

// A Report is what an import of one file does, or would do, line by line.
type Report struct {
	ImportType string   `json:"import_type"`
	File       string   `json:"file"`
	Format     string   `json:"format"`
	Profile    string   `json:"profile,omitempty"`
	Status     string   `json:"status"`             // "dry-run" for DryRun
	Warnings   []string `json:"warnings,omitempty"` // disagreements inside a bank statement that read
	Lines      []Line   `json:"lines"`
	// LinesLeftOut counts the lines after the first maxReportLines, which the totals count but Lines
	// does not hold.
	LinesLeftOut int    `json:"lines_left_out,omitempty"`
	Totals       Totals `json:"totals"`
}
