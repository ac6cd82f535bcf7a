package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/ims-council/ims"
)

// PaymentImport is a payment file import as stored, with what only the service needs: who started
// it (the principal's JSON, so its background job acts with the same roles and funds), the API
// client and Idempotency-Key that asked for it, and the hash of that request.
type PaymentImport struct {
	ims.Import
	Principal      string
	APIClientID    int64
	IdempotencyKey string
	RequestHash    string
}

// importProblems is how an import's errors and warnings are kept, as one JSON column.
type importProblems struct {
	Errors   []string `json:"errors,omitempty"`
	Warnings []string `json:"warnings,omitempty"`
}

const paymentImportColumns = `i.id, i.import_type, i.source, i.file_name, i.sha256, i.size_bytes, i.state, i.message,
	i.problems, i.rows_total, i.rows_done, i.lines, i.value, i.ledger_count, i.ledger_pence, i.suspense_count,
	i.suspense_pence, i.skipped_count, i.skipped_pence, i.debit_count, i.debit_pence, i.not_posted, i.held_count,
	i.held_pence, i.posting_id, COALESCE(p.receipt_number, ''), i.reversal_posting_id, i.duplicate_of, i.forced_reason,
	i.actor, i.actor_name, i.created_at, i.finished_at, i.principal, i.request_hash`

const paymentImportFrom = ` FROM imports i LEFT JOIN postings p ON p.id = i.posting_id`

func scanPaymentImport(scan func(...any) error) (s PaymentImport, err error) {
	var (
		problems                            string
		posting, reversal, duplicate        sql.NullInt64
		finished                            sql.NullTime
		i                                   = &s.Import
		t                                   = &i.Totals
		lines, ledger, suspense, skip, debs int64
		notPosted, held                     int64
	)
	err = scan(&i.ID, &i.ImportType, &i.Source, &i.FileName, &i.SHA256, &i.Size, &i.State, &i.Message, &problems,
		&i.RowsTotal, &i.RowsDone, &lines, &t.Value, &ledger, &t.Ledger.Pence, &suspense, &t.Suspense.Pence,
		&skip, &t.Skipped.Pence, &debs, &t.Debits.Pence, &notPosted, &held, &t.Held.Pence, &posting, &i.Receipt,
		&reversal, &duplicate, &i.ForcedReason, &i.Actor, &i.ActorName, &i.CreatedAt, &finished, &s.Principal,
		&s.RequestHash)
	if err != nil {
		return s, err
	}
	t.Lines, t.Ledger.Count, t.Suspense.Count, t.Skipped.Count = int(lines), int(ledger), int(suspense), int(skip)
	t.Debits.Count, t.NotPosted, t.Held.Count = int(debs), int(notPosted), int(held)
	i.PostingID, i.ReversalID, i.DuplicateOf = posting.Int64, reversal.Int64, duplicate.Int64
	if finished.Valid {
		at := finished.Time
		i.FinishedAt = &at
	}
	var pr importProblems
	if problems != "" {
		if err := json.Unmarshal([]byte(problems), &pr); err != nil {
			return s, err
		}
	}
	i.Errors, i.Warnings = pr.Errors, pr.Warnings
	return s, nil
}

func problemsJSON(i ims.Import) string {
	b, _ := json.Marshal(importProblems{Errors: i.Errors, Warnings: i.Warnings})
	return string(b)
}

// InsertImport records a new import in tx, with its totals at zero, and returns its id.
func (tx *Tx) InsertImport(ctx context.Context, s PaymentImport) (id int64, err error) {
	defer ims.Wrap(&err, "InsertImport")
	now := tx.owner.now()
	i := s.Import
	err = tx.QueryRowContext(ctx, `INSERT INTO imports (import_type, source, file_name, sha256, size_bytes, state, message,
		problems, rows_total, rows_done, lines, value, ledger_count, ledger_pence, suspense_count, suspense_pence,
		skipped_count, skipped_pence, debit_count, debit_pence, not_posted, held_count, held_pence, duplicate_of,
		forced_reason, actor, actor_name, principal, api_client_id, idempotency_key, request_hash, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, $9, $10, $11, $12, $13,
		$14, $15, $16, $17, $17) RETURNING id`,
		i.ImportType, i.Source, i.FileName, i.SHA256, i.Size, i.State, i.Message, problemsJSON(i), nullID(i.DuplicateOf),
		i.ForcedReason, i.Actor, i.ActorName, s.Principal, nullID(s.APIClientID), nullString(s.IdempotencyKey),
		s.RequestHash, now).Scan(&id)
	return id, err
}

// Import returns the import with id, and false when there is none.
func (db *DB) Import(ctx context.Context, id int64) (PaymentImport, bool, error) {
	return db.importWhere(ctx, `i.id = $1`, id)
}

// ImportByKey returns the import an API client asked for with an Idempotency-Key, and false when
// there is none.
func (db *DB) ImportByKey(ctx context.Context, clientID int64, key string) (PaymentImport, bool, error) {
	return db.importWhere(ctx, `i.api_client_id = $1 AND i.idempotency_key = $2`, clientID, key)
}

// ImportOfFile returns the first import of a file with this SHA-256 that stands (queued, running
// or posted: a failed or reversed import did not leave the file's money in the ledger), and false
// when there is none.
func (db *DB) ImportOfFile(ctx context.Context, sha256 string) (PaymentImport, bool, error) {
	return db.importWhere(ctx, `i.sha256 = $1 AND i.state IN ($2, $3, $4) ORDER BY i.id LIMIT 1`,
		sha256, ims.ImportQueued, ims.ImportRunning, ims.ImportPosted)
}

func (db *DB) importWhere(ctx context.Context, where string, args ...any) (PaymentImport, bool, error) {
	s, err := scanPaymentImport(db.SQL.QueryRowContext(ctx, `SELECT `+paymentImportColumns+paymentImportFrom+` WHERE `+where, args...).Scan)
	if err == sql.ErrNoRows {
		return s, false, nil
	}
	return s, err == nil, err
}

// Imports lists the imports f chooses, newest first.
func (db *DB) Imports(ctx context.Context, f ims.ImportFilter) (_ []ims.Import, err error) {
	defer ims.Wrap(&err, "Imports")
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.Replace(cond, "?", "$"+strconv.Itoa(len(args)), 1))
	}
	if f.ImportType != "" {
		add("i.import_type = ?", f.ImportType)
	}
	if f.State != "" {
		add("i.state = ?", f.State)
	}
	if f.StartedBy != "" {
		add("i.actor = ?", f.StartedBy)
	}
	if f.Before != 0 {
		add("i.id < ?", f.Before)
	}
	q := `SELECT ` + paymentImportColumns + paymentImportFrom
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	args = append(args, limit)
	rows, err := db.SQL.QueryContext(ctx, q+` ORDER BY i.id DESC LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []ims.Import{}
	for rows.Next() {
		s, err := scanPaymentImport(rows.Scan)
		if err != nil {
			return nil, err
		}
		list = append(list, s.Import)
	}
	return list, rows.Err()
}

// SetImportProgress records how far an import's job has gone, in a transaction of its own that
// takes neither chain: progress is for people watching, and must not queue behind postings.
func (db *DB) SetImportProgress(ctx context.Context, id, done, total int64) error {
	return db.InTxWithoutChains(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE imports SET rows_done = $1, rows_total = $2, updated_at = $3 WHERE id = $4`,
			done, total, tx.owner.now(), id)
		return err
	})
}

// SetImportState records an unfinished import's state, message and problems in tx (running, or
// failed with the reasons). An import already finished is left as it is, and false returned: the
// job of another instance got there first.
func (tx *Tx) SetImportState(ctx context.Context, i ims.Import) (bool, error) {
	now := tx.owner.now()
	var finished sql.NullTime
	if i.Finished() {
		finished = sql.NullTime{Time: now, Valid: true}
	}
	res, err := tx.ExecContext(ctx, `UPDATE imports SET state = $1, message = $2, problems = $3, updated_at = $4,
		finished_at = $5 WHERE id = $6 AND state IN ($7, $8)`,
		i.State, i.Message, problemsJSON(i), now, finished, i.ID, ims.ImportQueued, ims.ImportRunning)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// FinishImport records a posted import's totals and posting in tx. It is false when the import is
// no longer queued or running (another instance's job posted it first): the caller rolls back.
func (tx *Tx) FinishImport(ctx context.Context, i ims.Import) (bool, error) {
	t := i.Totals
	now := tx.owner.now()
	res, err := tx.ExecContext(ctx, `UPDATE imports SET state = $1, message = $2, problems = $3, rows_total = $4,
		rows_done = $4, lines = $5, value = $6, ledger_count = $7, ledger_pence = $8, suspense_count = $9,
		suspense_pence = $10, skipped_count = $11, skipped_pence = $12, debit_count = $13, debit_pence = $14,
		not_posted = $15, held_count = $16, held_pence = $17, posting_id = $18, updated_at = $19, finished_at = $19
		WHERE id = $20 AND state IN ($21, $22)`,
		i.State, i.Message, problemsJSON(i), i.RowsTotal, t.Lines, t.Value, t.Ledger.Count, t.Ledger.Pence,
		t.Suspense.Count, t.Suspense.Pence, t.Skipped.Count, t.Skipped.Pence, t.Debits.Count, t.Debits.Pence,
		t.NotPosted, t.Held.Count, t.Held.Pence, nullID(i.PostingID), now, i.ID, ims.ImportQueued, ims.ImportRunning)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// MarkImportReversed records in tx that a posted import was reversed by posting reversal. It is
// false when the import is not posted (already reversed by someone else): the caller rolls back.
func (tx *Tx) MarkImportReversed(ctx context.Context, id, reversal int64, message string) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE imports SET state = $1, reversal_posting_id = $2, message = $3, updated_at = $4
		WHERE id = $5 AND state = $6`, ims.ImportReversed, reversal, message, tx.owner.now(), id, ims.ImportPosted)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SetImportDuplicate records in tx that import id repeats an earlier import's file, forced for reason.
func (tx *Tx) SetImportDuplicate(ctx context.Context, id, first int64, reason string) error {
	_, err := tx.ExecContext(ctx, `UPDATE imports SET duplicate_of = $1, forced_reason = $2 WHERE id = $3`, first, reason, id)
	return err
}

// ReleaseImportKey forgets the Idempotency-Key of an import that never started (its upload broke
// off, or it was refused before its job was queued), so the client's retry under the same key is
// a fresh attempt, answered as the first would have been.
func (tx *Tx) ReleaseImportKey(ctx context.Context, id int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE imports SET idempotency_key = NULL WHERE id = $1`, id)
	return err
}

// AbandonedImports returns the imports still queued without a stored file (no SHA-256) that were
// created before: their upload stopped with the instance receiving it, and no job was queued.
func (db *DB) AbandonedImports(ctx context.Context, before time.Time) ([]ims.Import, error) {
	rows, err := db.SQL.QueryContext(ctx, `SELECT `+paymentImportColumns+paymentImportFrom+`
		WHERE i.state = $1 AND i.sha256 = '' AND i.created_at < $2 ORDER BY i.id LIMIT 100`, ims.ImportQueued, before)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []ims.Import
	for rows.Next() {
		s, err := scanPaymentImport(rows.Scan)
		if err != nil {
			return nil, err
		}
		list = append(list, s.Import)
	}
	return list, rows.Err()
}
