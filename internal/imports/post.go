package imports

import (
	"context"
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

// post writes an import: one posting holding a ledger line for each line that passed validation
// and a suspense_in line (into the suspense fund) for each line bound for suspense, the suspense
// items, the lines worth keeping, and the import's totals, in one transaction, so the import is
// posted wholly or not at all. A line the ledger itself refuses (a fund or MOP disabled since the
// line was decided, a VAT code its fund does not allow) goes to suspense with the ledger's reason
// rather than failing the import.
func (s *Service) post(ctx context.Context, p ims.Principal, imp ims.Import, rep *Report) (ims.Import, error) {
	t, err := s.importType(ctx, imp.ImportType)
	if err != nil {
		return s.refuse(ctx, p, imp, err)
	}
	imp.State = ims.ImportPosted
	imp.RowsTotal = int64(len(rep.Lines))
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		suspenseFund, err := s.suspenseFund(ctx, tx, rep)
		if err != nil {
			return err
		}
		var po ims.Posting
		for attempt := 0; ; attempt++ {
			np, rows := postingOf(imp, t, rep, suspenseFund, tx.Zone())
			if len(np.Entries) == 0 {
				break // every line skipped, a debit or not posted: nothing to post
			}
			po, err = s.Ledger.PostIn(ctx, tx, p, np)
			if err == nil {
				imp.PostingID, imp.Receipt = po.ID, po.ReceiptNumber
				break
			}
			if attempt == 2 || !toSuspense(err, rep, rows, t) {
				return err
			}
		}
		rep.Totals = Totals{}
		for i := range rep.Lines {
			addLine(&rep.Totals, &rep.Lines[i])
		}
		imp.Totals = rep.Totals
		imp.Message = summary(imp.Totals)
		if err := s.recordLines(ctx, tx, imp, po, rep); err != nil {
			return err
		}
		changed, err := tx.FinishImport(ctx, imp)
		if err != nil {
			return err
		}
		if !changed {
			return errAlreadyFinished
		}
		return tx.Audit(ctx, p, "post", "import", fmt.Sprint(imp.ID), nil, imp)
	})
	if err == errAlreadyFinished {
		si, _, err := s.DB.Import(ctx, imp.ID)
		return si.Import, err
	}
	return imp, err
}

var errAlreadyFinished = errors.New("the import was finished by another run")

// suspenseFund returns the code of the suspense fund when any line goes to suspense.
func (s *Service) suspenseFund(ctx context.Context, tx *sqldb.Tx, rep *Report) (string, error) {
	if rep.Totals.Suspense.Count == 0 {
		return "", nil
	}
	f, found, err := tx.SuspenseFund(ctx)
	if err != nil {
		return "", err
	}
	if !found {
		return "", ims.Errorf(ims.Invalid, "%d lines must go to suspense but no fund is marked as the suspense fund; "+
			"a system administrator must mark one, then import the file again", rep.Totals.Suspense.Count)
	}
	return f.Code, nil
}

// postingOf is the posting of an import's lines, and for each of its entries the index of the line
// in rep.Lines.
func postingOf(imp ims.Import, t ims.ImportType, rep *Report, suspenseFund string, zone *time.Location) (ims.NewPosting, []int) {
	np := ims.NewPosting{Kind: ims.PostingImport, Source: ims.SourceImport, SourceRef: fmt.Sprint(imp.ID),
		Narrative: fmt.Sprintf("Import %d: %s", imp.ID, imp.FileName), Office: t.DefaultOffice}
	var rows []int
	for i := range rep.Lines {
		l := &rep.Lines[i]
		e := ims.NewLedgerEntry{Fund: l.Fund, Reference: l.Reference, MOP: l.MOP, Amount: money.Pence(l.Pence),
			VATCode: l.VATCode, Narrative: l.Narrative, TransactionTime: dayOf(l.Date, zone)}
		switch l.Outcome {
		case ToLedger:
			e.Kind = ims.EntryImport
		case ToSuspense:
			e.Kind, e.Fund, e.VATCode = ims.EntrySuspenseIn, suspenseFund, ""
			if e.Reference == "" {
				e.Reference = "UNIDENTIFIED" // the ledger needs a reference on every line
			}
		default:
			continue
		}
		np.Entries = append(np.Entries, e)
		rows = append(rows, i)
	}
	return np, rows
}

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
// import type's default MOP; any other refusal of a suspense line, or of the posting as a whole, is
// the import's failure.
func toSuspense(err error, rep *Report, rows []int, t ims.ImportType) bool {
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
		l := &rep.Lines[rows[i]]
		switch {
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

// recordLines records the suspense items of the import's posting and keeps the lines that did not
// simply go to the ledger.
func (s *Service) recordLines(ctx context.Context, tx *sqldb.Tx, imp ims.Import, po ims.Posting, rep *Report) error {
	var keep []sqldb.ImportLineRow
	entry := 0
	now := tx.Now()
	for i := range rep.Lines {
		l := &rep.Lines[i]
		row := lineRow(l)
		if l.Outcome == ToLedger || l.Outcome == ToSuspense {
			e := po.Entries[entry]
			entry++
			row.EntryLine = int64(e.Line)
			if l.Outcome == ToSuspense {
				received := e.TransactionTime.In(tx.Zone())
				it := ims.SuspenseItem{Amount: e.Amount, Version: 1, Reference: l.Reference, Narrative: l.Narrative,
					Received: time.Date(received.Year(), received.Month(), received.Day(), 0, 0, 0, 0, time.UTC),
					MOP:      e.MOP, Source: ims.SuspenseFromImport, ImportID: imp.ID, Reason: l.Reason, PostingID: po.ID,
					PostingLine: e.Line, CreatedBy: imp.Actor, CreatedAt: now}
				id, err := tx.InsertSuspenseItem(ctx, it, "", "")
				if err != nil {
					return err
				}
				row.SuspenseItemID = id
			}
		}
		if l.Outcome != ToLedger || len(l.Changes) > 0 || len(l.Notes) > 0 {
			keep = append(keep, row)
		}
	}
	return tx.InsertImportLines(ctx, imp.ID, keep)
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
