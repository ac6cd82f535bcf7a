package imports

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/money"
)

// An import is posted from its stored file (ADR 27): stream.go decides, builds and writes its
// lines a chunk at a time in one transaction, so the import is posted wholly or not at all in
// memory that does not grow with the file; for a bank statement file, plan.go first reads the
// whole file to find the statements to hold, holding none of its lines. This file holds what both
// need.

var errAlreadyFinished = errors.New("the import was finished by another run")

// dayOf is the start of a yyyy-mm-dd date in zone, when the money moved; zero (the time of
// posting) for a line without a date.
func dayOf(date string, zone *time.Location) time.Time {
	d, err := time.ParseInLocation("2006-01-02", date, zone)
	if err != nil {
		return time.Time{}
	}
	return d
}

var entryField = regexp.MustCompile(`^entries\[(\d+)\]\.(\w+)$`)

// toSuspense moves the lines whose entries the ledger refused to suspense with its reasons, and
// reports whether it could: a refusal of a suspense line's method of payment is put right with the
// import type's default MOP; money taken back cannot wait in suspense, so a refused negative line
// is held for review instead; any other refusal of a suspense line, or of the posting as a whole,
// is the import's failure. rows[i] is the index in lines of the posting's i-th line.
func toSuspense(err error, lines []Line, rows []int, t ims.ImportType) bool {
	var ie *ims.Error
	if !errors.As(err, &ie) || ie.Code != ims.Invalid || len(ie.Fields) == 0 {
		return false
	}
	for field, reason := range ie.Fields {
		m := entryField.FindStringSubmatch(field)
		if m == nil {
			return false
		}
		i, _ := strconv.Atoi(m[1])
		if i >= len(rows) {
			return false
		}
		l := &lines[rows[i]]
		switch {
		case l.Outcome == ToLedger && l.Pence < 0:
			l.Outcome, l.Reason = Held, "Money taken back cannot wait in suspense: "+reason
		case l.Outcome == ToLedger:
			l.Outcome, l.Reason = ToSuspense, reason
		case m[2] == "mop_code" && l.MOP != t.DefaultMOP:
			l.Notes = append(l.Notes, fmt.Sprintf("Method of payment %q cannot be recorded (%s); the import type's %s was used", l.MOP, reason, t.DefaultMOP))
			l.MOP = t.DefaultMOP
		default:
			return false
		}
	}
	return true
}

// lineRow is how a line is stored.
func lineRow(l *Line) sqldb.ImportLineRow {
	changes := ""
	if len(l.Changes) > 0 || len(l.Notes) > 0 {
		b, _ := json.Marshal(struct {
			Changes any      `json:"changes,omitempty"`
			Notes   []string `json:"notes,omitempty"`
		}{l.Changes, l.Notes})
		changes = string(b)
	}
	return sqldb.ImportLineRow{N: int64(l.N), Statement: int64(l.Statement), FileLine: int64(l.FileLine), Date: l.Date,
		Fund: l.Fund, Reference: l.Reference, MOP: l.MOP, Office: l.Office, Narrative: l.Narrative,
		BankReference: l.BankRef, Channel: l.Channel, Currency: l.Currency, Pence: l.Pence, Outcome: string(l.Outcome),
		Reason: l.Reason, Rule: l.Rule, Changes: changes}
}

// summary says in words what an import posted.
func summary(t Totals) string {
	return fmt.Sprintf("%d lines: %d posted (%s), %d to suspense (%s), %d skipped (%s)", t.Lines,
		t.Ledger.Count, money.Pence(t.Ledger.Pence).Display(), t.Suspense.Count, money.Pence(t.Suspense.Pence).Display(),
		t.Skipped.Count, money.Pence(t.Skipped.Pence).Display())
}
