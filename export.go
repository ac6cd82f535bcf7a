package ims

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ims-council/ims/money"
)

// ExportKind says what an export target receives.
type ExportKind string

// The kinds of export target.
const (
	// ExportJournal is the ledger journal for the general ledger: entries summarised by business
	// date × fund GL code and cost centre × VAT code, balanced against a control code per method of
	// payment.
	ExportJournal ExportKind = "journal"
	// ExportAccountPostings is one line per entry of the funds a back-office system owns (council
	// tax, rents, sundry debtors), so it can credit each account.
	ExportAccountPostings ExportKind = "account_postings"
)

// An ExportTarget is a system IMS sends files to: the general ledger or a back-office system. Each
// entry of the ledger is exported once to each target that takes it, in numbered batches; the
// layout says what the file looks like, so a council matches its finance system by configuration.
type ExportTarget struct {
	Code string     `json:"code" yaml:"code"`
	Name string     `json:"name" yaml:"name"`
	Kind ExportKind `json:"kind" yaml:"kind"`
	// Funds are the funds an account postings target owns; its files hold their entries only.
	Funds []string `json:"funds,omitempty" yaml:"funds,omitempty"`
	// ControlCodes maps a method of payment to the control (bank or cash-in-transit) account a
	// journal balances its income against; a method not listed takes DefaultControl.
	ControlCodes   map[string]string `json:"control_codes,omitempty" yaml:"control_codes,omitempty"`
	DefaultControl string            `json:"default_control,omitempty" yaml:"default_control,omitempty"`
	// FilePrefix starts the name of each batch's file: PREFIX-000001.csv; the code when blank.
	FilePrefix string       `json:"file_prefix,omitempty" yaml:"file_prefix,omitempty"`
	Layout     ExportLayout `json:"layout" yaml:"layout"`
	Disabled   bool         `json:"disabled,omitempty" yaml:"disabled,omitempty"`
}

// Validate reports every problem with the target's own fields and its layout; whether its funds
// exist is checked by the store.
func (t ExportTarget) Validate() error {
	p := Problems{}
	checkCode(p, "code", t.Code, 20)
	if strings.TrimSpace(t.Name) == "" {
		p.Add("name", "Enter a name")
	}
	switch t.Kind {
	case ExportJournal:
		if len(t.Funds) > 0 {
			p.Add("funds", "A journal target takes every fund: leave funds empty")
		}
		if strings.TrimSpace(t.DefaultControl) == "" {
			p.Add("default_control", "Enter the control code income is balanced against when its method of payment has none")
		}
	case ExportAccountPostings:
		if len(t.Funds) == 0 {
			p.Add("funds", "Choose the funds the target system owns")
		}
		if len(t.ControlCodes) > 0 || t.DefaultControl != "" {
			p.Add("control_codes", "Control codes are only for a journal target")
		}
	default:
		p.Add("kind", "Kind must be %s or %s", ExportJournal, ExportAccountPostings)
	}
	for i, f := range t.Funds {
		if slices.Contains(t.Funds[:i], f) {
			p.Add("funds", "Fund %s is listed twice", f)
		}
	}
	if t.FilePrefix != "" {
		if msg := checkFolderName(t.FilePrefix); msg != "" {
			p.Add("file_prefix", "%s", strings.Replace(msg, "Drop folder name", "File prefix", 1))
		}
	}
	t.Layout.check(p, t.Kind)
	return p.Err("Export target " + t.Code + " is not valid")
}

// FileName returns the name of batch seq's file: the prefix, the number in six digits and the
// layout's extension.
func (t ExportTarget) FileName(seq int64) string {
	prefix := t.FilePrefix
	if prefix == "" {
		prefix = t.Code
	}
	ext := ".txt"
	if t.Layout.Format == LayoutCSV {
		ext = ".csv"
	}
	return prefix + "-" + padLeft(strconv.FormatInt(seq, 10), 6, '0') + ext
}

// BatchID returns the id of a target's batch seq: the target's code and the number, as in
// LEDGER-000001. It is what `ims export run` prints and `ims export show` takes.
func BatchID(target string, seq int64) string {
	return target + "-" + padLeft(strconv.FormatInt(seq, 10), 6, '0')
}

// An ExportBatch is one file written for a target: the entries of the postings the target had not
// exported yet (posting ids First … Last, not necessarily every one between), rendered with the
// target's layout when the batch was made. Its bytes are kept, so a batch sent again is the same
// file.
type ExportBatch struct {
	ID        string      `json:"id"`
	Target    string      `json:"target"`
	Seq       int64       `json:"seq"`
	First     int64       `json:"first_posting"`
	Last      int64       `json:"last_posting"`
	Entries   int64       `json:"entries"` // ledger entries the batch took
	Lines     int64       `json:"lines"`   // detail lines in the file
	Total     money.Pence `json:"total"`   // sum of the detail lines' amounts
	FileName  string      `json:"file_name"`
	SHA256    string      `json:"sha256"`
	CreatedAt time.Time   `json:"created_at"`
	Actor     string      `json:"actor"`
}

func padLeft(s string, width int, pad rune) string {
	if n := width - len([]rune(s)); n > 0 {
		return strings.Repeat(string(pad), n) + s
	}
	return s
}
