package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
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
	var dirty []string
	for name, h := range tx.heads {
		if h.dirty {
			dirty = append(dirty, name)
		}
	}
	slices.Sort(dirty)
	const maxParams = 60000 // PostgreSQL takes at most 65,535 parameters in a statement
	if len(d.entries) > 5000 || len(d.postings)*len(postingColumns())+len(d.audits)*len(auditColumns())+3*len(dirty)+20 > maxParams {
		return false, nil
	}
	query, args := db.batchStatement(tx, dirty)
	if query == "" {
		return true, nil
	}
	var written, finished, unstaged int
	var emailIDs sql.NullString
	if err := tx.QueryRowContext(ctx, query, args...).Scan(&written, &finished, &unstaged, &emailIDs); err != nil {
		return true, fmt.Errorf("writing the batch's postings: %w", err)
	}
	if written != len(d.postings) {
		return true, fmt.Errorf("a receipt number of the batch was already used")
	}
	if finished != len(d.finishes) {
		return true, errFinishedElsewhere
	}
	if unstaged != len(d.staged) {
		return true, errSealedElsewhere
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

// batchStatement is the one statement that writes a batch's deferred rows and its heads that moved
// (dirty): a data-modifying WITH query for each kind of row, then a row of what the checks need —
// how many postings, outcomes and staging rows it wrote, and the ids of the emails it queued. It
// is "" when there is nothing to write.
func (db *DB) batchStatement(tx *Tx, dirty []string) (string, []any) {
	d := tx.deferred
	var ctes []string
	var args []any
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
	if len(dirty) > 0 {
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
	counted := func(cte string, rows int) string {
		if rows == 0 {
			return "0"
		}
		return "(SELECT count(*) FROM " + cte + ")"
	}
	emails := "''"
	if len(d.emails) > 0 {
		emails = "(SELECT string_agg(CAST(id AS TEXT), ',') FROM o)"
	}
	final := "SELECT " + counted("p", len(d.postings)) + ", " + counted("f", len(d.finishes)) + ", " +
		counted("s", len(d.staged)) + ", " + emails
	return "WITH " + strings.Join(ctes, ", ") + " " + final, args
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
