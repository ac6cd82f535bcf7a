package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// flushBatch writes, just before the commit, what a transaction collected: the rows its postings
// added (group commit batches; deferred.go) and its chain heads. On PostgreSQL a batch's rows and
// heads go in one statement (flushBatchPostgres): each statement is a round trip to the server,
// and a batch writes its postings, their entries, their audit events and three heads while every
// other poster waits for the chain (ADR 37).
func (db *DB) flushBatch(ctx context.Context, tx *Tx) error {
	if db.Engine == Postgres && tx.deferred != nil {
		if done, err := db.flushBatchPostgres(ctx, tx); done || err != nil {
			return err
		}
	}
	if err := db.flushDeferred(ctx, tx); err != nil {
		return err
	}
	return tx.flushHeads(ctx)
}

// flushBatchPostgres writes the deferred rows (and the payments' outcomes: payments_finish.go) and
// the heads that moved with one statement of data-modifying WITH queries, and reports false, having
// written nothing, when the batch is too large for one statement (its entries are written 5,000 a
// statement, as insertEntries does).
func (db *DB) flushBatchPostgres(ctx context.Context, tx *Tx) (bool, error) {
	d := tx.deferred
	if !fitsOneStatement(tx, d) {
		return false, nil
	}
	dirty := dirtyHeads(tx)
	query, args := db.batchStatement(tx, dirty)
	if query == "" {
		return true, nil
	}
	var emailIDs sql.NullString
	if err := tx.QueryRowContext(ctx, query, args...).Scan(new(int), &emailIDs); err != nil {
		return true, batchRefusal(err)
	}
	if err := db.sendEmails(ctx, tx, emailIDs.String); err != nil {
		return true, err
	}
	tx.deferred = &deferredRows{}
	for _, name := range dirty {
		tx.heads[name].dirty = false
	}
	return true, nil
}

// fitsOneStatement reports whether a batch's deferred rows d and its heads fit in one statement.
func fitsOneStatement(tx *Tx, d *deferredRows) bool {
	const maxParams = 60000 // PostgreSQL takes at most 65,535 parameters in a statement
	return len(d.entries) <= 5000 &&
		len(d.postings)*len(postingColumns())+len(d.audits)*len(auditColumns())+len(d.finishes)*finishParams+
			5*len(tx.heads)+40 <= maxParams
}

// dirtyHeads names the heads tx advanced, in the order they are locked.
func dirtyHeads(tx *Tx) []string {
	var dirty []string
	for _, name := range headsOrder {
		if h, ok := tx.heads[name]; ok && h.dirty {
			dirty = append(dirty, name)
		}
	}
	return dirty
}

// The SQLSTATEs a batch's write statement refuses itself with (ims_refuse_batch, migration 00034).
const (
	refusedHeadsMoved  = "IMB01"
	refusedReceiptUsed = "IMB02"
	refusedFinished    = "IMB03"
	refusedSealed      = "IMB04"
)

// errReceiptUsed fails a batch one of whose postings has a receipt number already in the ledger.
var errReceiptUsed = errors.New("a receipt number of the batch was already used")

// batchRefusal turns the error of a batch's write statement into what it means to the writer.
func batchRefusal(err error) error {
	switch sqlState(err) {
	case refusedHeadsMoved:
		return errHeadsMoved
	case refusedReceiptUsed:
		return errReceiptUsed
	case refusedFinished:
		return errFinishedElsewhere
	case refusedSealed:
		return errSealedElsewhere
	}
	return fmt.Errorf("writing the batch's postings: %w", err)
}

// batchStatement is the one statement that writes a batch's deferred rows and its heads that moved
// (dirty): a data-modifying WITH query for each kind of row, then a row of the ids of the emails it
// queued. It refuses itself (batchChecks) when a posting's receipt number was taken, a payment was
// finished or a staged audit event sealed by another transaction — and, for a batch run on
// assumed heads, when the heads have moved. It is "" when there is nothing to write.
func (db *DB) batchStatement(tx *Tx, dirty []string) (string, []any) {
	d := tx.deferred
	var ctes []string
	var args []any
	if tx.assumed != nil {
		ctes = append(ctes, assumedHeadsCTEs(tx, &args)...)
	}
	if len(d.postings) > 0 {
		var rows [][]any
		for _, po := range d.postings {
			rows = append(rows, postingValues(po, wholeRow(po)))
		}
		ctes = append(ctes, "p AS ("+insertValues("postings", postingColumns(), rows, &args)+
			" ON CONFLICT (receipt_number) DO NOTHING RETURNING 1)")
	}
	if len(d.entries) > 0 {
		query, values := entriesUnnest(d.entries, len(args)+1)
		ctes = append(ctes, "e AS ("+query+")")
		args = append(args, values...)
	}
	if len(d.audits) > 0 {
		var rows [][]any
		for _, ev := range d.audits {
			rows = append(rows, auditValues(ev))
		}
		ctes = append(ctes, "a AS ("+insertValues("audit_events", auditColumns(), rows, &args)+")")
	}
	if len(d.finishes) > 0 {
		ctes = append(ctes, finishesCTE(d.finishes, &args))
	}
	if len(d.emails) > 0 {
		ctes = append(ctes, emailsCTE(d.emails, db.now(), &args))
	}
	if len(d.staged) > 0 {
		ctes = append(ctes, fmt.Sprintf("s AS (DELETE FROM audit_staged WHERE id = ANY($%d::bigint[]) RETURNING 1)", len(args)+1))
		args = append(args, d.staged)
	}
	if len(dirty) > 0 && tx.assumed == nil {
		var values []string
		for _, name := range dirty {
			h := tx.heads[name]
			n := len(args)
			values = append(values, fmt.Sprintf("($%d, $%d::bigint, $%d)", n+1, n+2, n+3))
			args = append(args, name, h.seq, h.hash)
		}
		ctes = append(ctes, "h AS (UPDATE chain_heads AS c SET seq = v.seq, hash = v.hash FROM (VALUES "+
			strings.Join(values, ", ")+") AS v(name, seq, hash) WHERE c.name = v.name)")
	}
	if len(ctes) == 0 {
		return "", nil
	}
	emails := "''"
	if len(d.emails) > 0 {
		emails = "(SELECT string_agg(CAST(id AS TEXT), ',') FROM o)"
	}
	return "WITH " + strings.Join(ctes, ", ") + " SELECT " + batchChecks(tx, &args) + ", " + emails, args
}

// assumedHeadsCTEs advance the four heads of a batch run on assumed heads, each only where it is
// the head assumed and after the one before it has been (so they are locked in lockHeads' order),
// and return the last one's row, "h4", when every one was.
func assumedHeadsCTEs(tx *Tx, args *[]any) []string {
	var ctes []string
	for i, name := range headsOrder {
		was, now := tx.assumed[name], tx.heads[name]
		n := len(*args)
		*args = append(*args, name, was.seq, was.hash, now.seq, now.hash)
		after := ""
		if i > 0 {
			after = fmt.Sprintf(" AND EXISTS (SELECT 1 FROM h%d)", i)
		}
		ctes = append(ctes, fmt.Sprintf("h%d AS (UPDATE chain_heads SET seq = $%d::bigint, hash = $%d "+
			"WHERE name = $%d AND seq = $%d::bigint AND hash = $%d%s RETURNING 1)", i+1, n+4, n+5, n+1, n+2, n+3, after))
	}
	return ctes
}

// batchChecks is the CASE expression that refuses a batch's write statement, undoing all of it,
// when a check fails. The heads come first: evaluating the expression advances (and locks) them
// before any other row of the statement is written.
func batchChecks(tx *Tx, args *[]any) string {
	d := tx.deferred
	var b strings.Builder
	b.WriteString("CASE")
	refuse := func(condition, code string, reason error) {
		fmt.Fprintf(&b, " WHEN %s THEN ims_refuse_batch('%s', '%s')", condition, code,
			strings.ReplaceAll(reason.Error(), "'", "''"))
	}
	if tx.assumed != nil {
		refuse("NOT EXISTS (SELECT 1 FROM h4)", refusedHeadsMoved, errHeadsMoved)
	}
	check := func(cte string, rows int, code string, reason error) {
		if rows > 0 {
			*args = append(*args, rows)
			refuse(fmt.Sprintf("(SELECT count(*) FROM %s) <> $%d", cte, len(*args)), code, reason)
		}
	}
	check("p", len(d.postings), refusedReceiptUsed, errReceiptUsed)
	check("f", len(d.finishes), refusedFinished, errFinishedElsewhere)
	check("s", len(d.staged), refusedSealed, errSealedElsewhere)
	if b.Len() == len("CASE") {
		return "0"
	}
	b.WriteString(" ELSE 0 END")
	return b.String()
}

// insertValues is a multi-row INSERT of rows into tableName with PostgreSQL's $N placeholders,
// numbered on from the arguments already in args, to which it adds the rows' values.
func insertValues(tableName string, cols []string, rows [][]any, args *[]any) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + tableName + " (" + strings.Join(cols, ", ") + ") VALUES ")
	for r, row := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c, v := range row {
			if c > 0 {
				b.WriteString(", ")
			}
			*args = append(*args, v)
			fmt.Fprintf(&b, "$%d", len(*args))
		}
		b.WriteByte(')')
	}
	return b.String()
}
