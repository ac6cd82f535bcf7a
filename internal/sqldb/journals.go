package sqldb

import (
	"context"
	"database/sql"
	"strings"

	"github.com/ims-council/ims"
)

// availableOf is what is still available on the ledger entry aliased e (SPEC §6): its amount less
// refunds that have not failed or been rejected, plus the (negative) journal debits, transfers out
// and reversals linked to it whose postings were not themselves undone. Refunds' own entries are
// not counted again: their refund lines are. Computed from the rows, never stored.
const availableOf = `e.amount - COALESCE((SELECT SUM(rl.amount) FROM refund_lines rl JOIN refunds r ON r.id = rl.refund_id
		WHERE rl.entry_id = e.id AND r.state NOT IN ('failed', 'rejected')), 0)
	+ COALESCE((SELECT SUM(m.amount) FROM ledger_entries m WHERE m.links_entry = e.id
		AND m.kind IN ('journal_debit', 'transfer_out', 'reversal')
		AND NOT EXISTS (SELECT 1 FROM postings u WHERE u.reverses = m.posting_id)), 0)`

// journalEntries returns the entries chosen by where (on the alias e, with args) with what is still
// available on each, in posting and line order.
func journalEntries(ctx context.Context, q querier, where string, args ...any) ([]ims.JournalEntry, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+strings.Join(entryColumnsOf("e"), ", ")+`, e.id, `+availableOf+`
		FROM ledger_entries e WHERE `+where+` ORDER BY e.posting_id, e.line`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ims.JournalEntry
	for rows.Next() {
		var je ims.JournalEntry
		var id int64
		e, err := scanEntry(func(dest ...any) error { return rows.Scan(append(dest, &id, &je.Available)...) })
		if err != nil {
			return nil, err
		}
		e.ID = id
		je.LedgerEntry = e
		out = append(out, je)
	}
	return out, rows.Err()
}

// entryColumnsOf is entryColumns qualified by a table alias.
func entryColumnsOf(alias string) []string {
	cols := entryColumns()
	for i, c := range cols {
		cols[i] = alias + "." + c
	}
	return cols
}

// PostingAvailable returns in tx the entries of posting id with what is still available on each.
func (tx *Tx) PostingAvailable(ctx context.Context, id int64) ([]ims.JournalEntry, error) {
	return journalEntries(ctx, tx, `e.posting_id = $1`, id)
}

// EntriesAvailable returns in tx the entries of ids that exist, by id, with what is still available
// on each.
func (tx *Tx) EntriesAvailable(ctx context.Context, ids []int64) (map[int64]ims.JournalEntry, error) {
	out := map[int64]ims.JournalEntry{}
	for _, id := range ids {
		es, err := journalEntries(ctx, tx, `e.id = $1`, id)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			out[e.ID] = e
		}
	}
	return out, nil
}

// ReceiptAvailable returns the entries of the posting with a receipt number (normalised as
// PostingByReceipt does) with what is still available on each; NotFound when there is none.
func (db *DB) ReceiptAvailable(ctx context.Context, receipt string) (ims.Posting, []ims.JournalEntry, error) {
	po, err := db.PostingByReceipt(ctx, receipt)
	if err != nil {
		return po, nil, err
	}
	es, err := journalEntries(ctx, db.SQL, `e.posting_id = $1`, po.ID)
	return po, es, err
}

// InsertJournal records a journal or transfer posted as j.PostingID, with the idempotency key and
// the hash of the request, and returns its id. A repeated key of the same person is a Conflict for
// which IsDuplicate is true.
func (tx *Tx) InsertJournal(ctx context.Context, j ims.JournalRecord, key, requestHash string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO journals (kind, reason, amount, posting_id, created_by, created_at, idempotency_key,
		request_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, j.Kind, j.Reason, j.Amount, j.PostingID, j.CreatedBy,
		j.CreatedAt, nullString(key), requestHash).Scan(&id)
	return id, err
}

// MarkJournalUndone records that posting undoPostingID undid journal id, and reports whether it
// was not undone already (a conditional UPDATE, so two people undoing it at once cannot both).
func (tx *Tx) MarkJournalUndone(ctx context.Context, id, undoPostingID int64, by, key string) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE journals SET undo_posting_id = $1, undone_by = $2, undone_at = $3, undo_key = $4
		WHERE id = $5 AND undo_posting_id IS NULL`, undoPostingID, by, tx.Now(), nullString(key), id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

const journalColumns = `j.id, j.kind, j.reason, j.amount, j.posting_id, p.receipt_number, j.created_by, j.created_at,
	j.undo_posting_id, u.receipt_number, j.undone_by, j.undone_at, j.undo_key, j.request_hash
	FROM journals j JOIN postings p ON p.id = j.posting_id LEFT JOIN postings u ON u.id = j.undo_posting_id`

// journalWhere reads the one journal cond chooses, with its request hash and undo key.
func journalWhere(ctx context.Context, q querier, cond string, args ...any) (j ims.JournalRecord, hash, undoKey string, found bool, err error) {
	var undoPosting sql.NullInt64
	var undoReceipt, undoneBy, key sql.NullString
	var undoneAt sql.NullTime
	err = q.QueryRowContext(ctx, `SELECT `+journalColumns+` WHERE `+cond, args...).Scan(&j.ID, &j.Kind, &j.Reason, &j.Amount,
		&j.PostingID, &j.Receipt, &j.CreatedBy, &j.CreatedAt, &undoPosting, &undoReceipt, &undoneBy, &undoneAt, &key, &hash)
	if err == sql.ErrNoRows {
		return j, "", "", false, nil
	}
	if err != nil {
		return j, "", "", false, err
	}
	j.UndoPostingID, j.UndoReceipt, j.UndoneBy, j.UndoneAt = undoPosting.Int64, undoReceipt.String, undoneBy.String, undoneAt.Time
	j.Entries, err = postingEntries(ctx, q, j.PostingID)
	return j, hash, key.String, err == nil, err
}

// postingEntries returns the entries of a posting in line order, with their ids.
func postingEntries(ctx context.Context, q querier, postingID int64) ([]ims.LedgerEntry, error) {
	es, err := journalEntries(ctx, q, `e.posting_id = $1`, postingID)
	out := make([]ims.LedgerEntry, len(es))
	for i, e := range es {
		out[i] = e.LedgerEntry
	}
	return out, err
}

// Journal returns journal id with its posting's entries, and false when there is none.
func (db *DB) Journal(ctx context.Context, id int64) (ims.JournalRecord, bool, error) {
	j, _, _, found, err := journalWhere(ctx, db.SQL, `j.id = $1`, id)
	return j, found, err
}

// JournalIn is Journal as tx sees it, with the idempotency key it was undone with.
func (tx *Tx) JournalIn(ctx context.Context, id int64) (j ims.JournalRecord, undoKey string, found bool, err error) {
	j, _, undoKey, found, err = journalWhere(ctx, tx, `j.id = $1`, id)
	return j, undoKey, found, err
}

// JournalByKey returns the journal or transfer a person (Principal.Actor) made with an idempotency
// key, with the hash of the request, and false when there is none.
func (db *DB) JournalByKey(ctx context.Context, createdBy, key string) (ims.JournalRecord, string, bool, error) {
	j, hash, _, found, err := journalWhere(ctx, db.SQL, `j.created_by = $1 AND j.idempotency_key = $2`, createdBy, key)
	return j, hash, found, err
}

// RecentJournals returns up to limit journals and transfers, newest first, each with its posting's
// entries.
func (db *DB) RecentJournals(ctx context.Context, limit int) ([]ims.JournalRecord, error) {
	ids, err := queryInt64s(ctx, db.SQL, `SELECT id FROM journals ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, err
	}
	out := make([]ims.JournalRecord, 0, len(ids))
	for _, id := range ids {
		j, found, err := db.Journal(ctx, id)
		if err != nil {
			return nil, err
		}
		if found {
			out = append(out, j)
		}
	}
	return out, nil
}
