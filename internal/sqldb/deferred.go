package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/ims-council/ims"
)

// In a group-commit batch (ledger_writer.go) the rows that many callers' postings add — postings,
// ledger entries, audit events — are collected and written with one multi-row statement per table
// just before the commit, instead of three statements per posting. Nothing in a batch reads those
// rows back before the commit, and the keys that point at postings from elsewhere (a pending
// payment's or a refund's posting) are checked at commit. A collision found while writing them (a
// receipt number drawn twice) fails the batch, which is then run again one piece at a time, each
// writing its rows at once.
type deferredRows struct {
	postings []ims.Posting
	entries  []ims.LedgerEntry
	audits   []ims.AuditEvent
	// finishes are card payments' outcomes with the postings they were posted as (FinishPayment,
	// SetPaymentPosting; payments_finish.go), recorded on their rows by the same statement.
	finishes []paymentFinish
	emails   []Email // queued in the outbox, each with its job (queueEmail)
	staged   []int64 // staging rows of audit events placed in the chain (SealStagedAuditRead)
}

func (d *deferredRows) empty() bool {
	return len(d.postings) == 0 && len(d.entries) == 0 && len(d.audits) == 0 &&
		len(d.finishes) == 0 && len(d.emails) == 0 && len(d.staged) == 0
}

// postingColumns are the postings columns, in the order postingValues gives them.
func postingColumns() []string {
	return []string{"id", "kind", "receipt_number", "source", "source_ref", "narrative", "actor", "office",
		"created_at", "business_date", "reverses", "entry_count", "total", "chain_seq", "hash_form", "prev_hash", "hash"}
}

func postingValues(po ims.Posting, row postingRow) []any {
	return []any{po.ID, string(po.Kind), po.ReceiptNumber, string(po.Source), po.SourceRef, po.Narrative, po.Actor,
		nullString(po.Office), po.CreatedAt, po.BusinessDate, sql.NullInt64{Int64: po.Reverses, Valid: po.Reverses != 0},
		row.count, int64(row.total), po.ChainSeq, row.form, po.PrevHash, po.Hash}
}

func auditColumns() []string {
	return []string{"id", "at", "actor", "request_id", "action", "entity", "entity_id", "before", "after", "prev_hash", "hash"}
}

func auditValues(ev ims.AuditEvent) []any {
	return []any{ev.ID, ev.At, ev.Actor, ev.RequestID, ev.Action, ev.Entity, ev.EntityID, ev.Before, ev.After, ev.PrevHash, ev.Hash}
}

// flushDeferred writes the batch's collected rows: postings first, then what refers to them.
func (db *DB) flushDeferred(ctx context.Context, tx *Tx) error {
	d := tx.deferred
	if d == nil || d.empty() {
		return nil
	}
	if len(d.postings) > 0 {
		var args []any
		for _, po := range d.postings {
			args = append(args, postingValues(po, wholeRow(po))...)
		}
		res, err := tx.ExecContext(ctx, db.insertSQL("postings", postingColumns(), len(d.postings))+
			" ON CONFLICT (receipt_number) DO NOTHING", args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != int64(len(d.postings)) {
			return errReceiptUsed
		}
	}
	if err := db.writeEntries(ctx, tx, d.entries); err != nil {
		return err
	}
	if len(d.audits) > 0 {
		var args []any
		for _, ev := range d.audits {
			args = append(args, auditValues(ev)...)
		}
		if _, err := tx.ExecContext(ctx, db.insertSQL("audit_events", auditColumns(), len(d.audits)), args...); err != nil {
			return fmt.Errorf("writing audit events: %w", err)
		}
	}
	for _, f := range d.finishes {
		if err := tx.writeFinish(ctx, f); err != nil {
			return err
		}
	}
	for _, e := range d.emails {
		if err := db.queueEmailNow(ctx, tx, e); err != nil {
			return err
		}
	}
	for _, id := range d.staged {
		if err := tx.deleteStaged(ctx, id); err != nil {
			return err
		}
	}
	tx.deferred = &deferredRows{}
	return nil
}

// insertSQL is a multi-row INSERT in the engine's placeholder style: SQLite's positional ?
// (it resolves $N by name, one lookup each) and PostgreSQL's $N.
func (db *DB) insertSQL(tableName string, cols []string, rows int) string {
	if db.Engine == SQLite {
		return multiRowInsert(tableName, cols, rows)
	}
	var b strings.Builder
	b.WriteString("INSERT INTO " + tableName + " (" + strings.Join(cols, ", ") + ") VALUES ")
	n := 1
	for r := 0; r < rows; r++ {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "$%d", n)
			n++
		}
		b.WriteByte(')')
	}
	return b.String()
}
