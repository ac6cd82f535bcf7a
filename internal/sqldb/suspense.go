package sqldb

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

const suspenseColumns = `s.id, s.amount, s.allocated, s.version, s.received_on, s.reference, s.narrative, s.mop,
	s.source, s.import_id, s.reason, s.posting_id, s.posting_line, p.receipt_number, s.created_by, s.created_at`

const suspenseFrom = ` FROM suspense_items s JOIN postings p ON p.id = s.posting_id`

func scanSuspenseItem(scan func(dest ...any) error) (ims.SuspenseItem, error) {
	var it ims.SuspenseItem
	var importID sql.NullInt64
	err := scan(&it.ID, &it.Amount, &it.Allocated, &it.Version, &it.Received, &it.Reference, &it.Narrative, &it.MOP,
		&it.Source, &importID, &it.Reason, &it.PostingID, &it.PostingLine, &it.Receipt, &it.CreatedBy, &it.CreatedAt)
	it.ImportID = importID.Int64
	it.Received = it.Received.UTC()
	return it, err
}

// InsertSuspenseItem records a suspense item whose receipt is posted (line it.PostingLine of
// it.PostingID: an import records its items in its own transaction after its posting), with the
// idempotency key and request hash that asked for it, and returns its id. A repeated key of the
// same creator is a Conflict for which IsDuplicate is true.
func (tx *Tx) InsertSuspenseItem(ctx context.Context, it ims.SuspenseItem, key, requestHash string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO suspense_items (amount, allocated, version, received_on, reference,
		narrative, mop, source, import_id, reason, posting_id, posting_line, created_by, created_at, idempotency_key, request_hash)
		VALUES ($1, 0, 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
		it.Amount, it.Received, it.Reference, it.Narrative, it.MOP, it.Source,
		sql.NullInt64{Int64: it.ImportID, Valid: it.ImportID != 0}, it.Reason, it.PostingID, it.PostingLine, it.CreatedBy, it.CreatedAt,
		nullString(key), requestHash).Scan(&id)
	return id, err
}

// SuspenseItemByKey returns the item a creator (Principal.Actor) asked for with an idempotency
// key, with the hash of the request, and false when there is none.
func (db *DB) SuspenseItemByKey(ctx context.Context, createdBy, key string) (ims.SuspenseItem, string, bool, error) {
	var hash string
	it, err := scanSuspenseItem(func(dest ...any) error {
		return db.SQL.QueryRowContext(ctx, `SELECT `+suspenseColumns+`, s.request_hash`+suspenseFrom+`
			WHERE s.created_by = $1 AND s.idempotency_key = $2`, createdBy, key).Scan(append(dest, &hash)...)
	})
	if err == sql.ErrNoRows {
		return it, "", false, nil
	}
	return it, hash, err == nil, err
}

// SuspenseItem returns an item with its notes and allocations, or a NotFound error.
func (db *DB) SuspenseItem(ctx context.Context, id int64) (ims.SuspenseItem, error) {
	it, found, err := suspenseItem(ctx, db.SQL, id)
	if err != nil || !found {
		if err == nil {
			err = ims.Errorf(ims.NotFound, "There is no suspense item %d", id)
		}
		return it, err
	}
	if it.Notes, err = suspenseNotes(ctx, db.SQL, id); err != nil {
		return it, err
	}
	it.Allocations, err = suspenseAllocationsOf(ctx, db.SQL, id)
	return it, err
}

// SuspenseItem returns an item as tx sees it (without notes and allocations), and false when there
// is none.
func (tx *Tx) SuspenseItem(ctx context.Context, id int64) (ims.SuspenseItem, bool, error) {
	return suspenseItem(ctx, tx, id)
}

func suspenseItem(ctx context.Context, q querier, id int64) (ims.SuspenseItem, bool, error) {
	it, err := scanSuspenseItem(func(dest ...any) error {
		return q.QueryRowContext(ctx, `SELECT `+suspenseColumns+suspenseFrom+` WHERE s.id = $1`, id).Scan(dest...)
	})
	if err == sql.ErrNoRows {
		return it, false, nil
	}
	return it, err == nil, err
}

func suspenseNotes(ctx context.Context, q querier, id int64) ([]ims.SuspenseNote, error) {
	rows, err := q.QueryContext(ctx, `SELECT author, author_name, created_at, text FROM suspense_notes
		WHERE item_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	notes := []ims.SuspenseNote{}
	for rows.Next() {
		var n ims.SuspenseNote
		if err := rows.Scan(&n.Author, &n.AuthorName, &n.At, &n.Text); err != nil {
			return nil, err
		}
		notes = append(notes, n)
	}
	return notes, rows.Err()
}

func suspenseAllocationsOf(ctx context.Context, q querier, id int64) ([]ims.SuspenseAllocation, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.id, ai.amount, a.posting_id, p.receipt_number, a.allocated_by, a.created_at
		FROM suspense_allocation_items ai JOIN suspense_allocations a ON a.id = ai.allocation_id
		JOIN postings p ON p.id = a.posting_id WHERE ai.item_id = $1 ORDER BY a.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []ims.SuspenseAllocation{}
	for rows.Next() {
		var a ims.SuspenseAllocation
		if err := rows.Scan(&a.ID, &a.Amount, &a.PostingID, &a.Receipt, &a.AllocatedBy, &a.At); err != nil {
			return nil, err
		}
		list = append(list, a)
	}
	return list, rows.Err()
}

// AddSuspenseNote records a note on an item; false when there is no such item.
func (tx *Tx) AddSuspenseNote(ctx context.Context, id int64, n ims.SuspenseNote) (bool, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO suspense_notes (item_id, author, author_name, created_at, text)
		SELECT id, $2, $3, $4, $5 FROM suspense_items WHERE id = $1`, id, n.Author, n.AuthorName, n.At, n.Text)
	if err != nil {
		return false, err
	}
	rows, _ := res.RowsAffected()
	return rows == 1, nil
}

// ListSuspenseItems returns the page of items f chooses, in id order from f.After, with the totals
// of every item f chooses.
func (db *DB) ListSuspenseItems(ctx context.Context, f ims.SuspenseFilter) (page ims.SuspensePage, err error) {
	defer ims.Wrap(&err, "ListSuspenseItems")
	where, args := []string{"TRUE"}, []any{}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "$?", "$"+strconv.Itoa(len(args))))
	}
	if !f.From.IsZero() {
		add("s.received_on >= $?", f.From)
	}
	if !f.To.IsZero() {
		add("s.received_on <= $?", f.To)
	}
	if t := strings.TrimSpace(f.Reference); t != "" {
		add(`LOWER(s.reference) LIKE $? ESCAPE '\'`, "%"+likeEscaper.Replace(strings.ToLower(t))+"%")
	}
	if t := strings.TrimSpace(f.Narrative); t != "" {
		add(`LOWER(s.narrative) LIKE $? ESCAPE '\'`, "%"+likeEscaper.Replace(strings.ToLower(t))+"%")
	}
	if f.Amount != 0 {
		add("s.amount = $?", f.Amount)
	}
	if f.ImportID != 0 {
		add("s.import_id = $?", f.ImportID)
	}
	switch f.Status {
	case ims.SuspenseUnallocated:
		where = append(where, "s.allocated = 0")
	case ims.SuspensePart:
		where = append(where, "s.allocated > 0 AND s.allocated < s.amount")
	case ims.SuspenseAllocated:
		where = append(where, "s.allocated = s.amount")
	}
	cond := strings.Join(where, " AND ")
	var value, remaining int64
	if err := db.SQL.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(s.amount), 0), COALESCE(SUM(s.amount - s.allocated), 0)
		FROM suspense_items s WHERE `+cond, args...).Scan(&page.Totals.Count, &value, &remaining); err != nil {
		return page, err
	}
	page.Totals.Value, page.Totals.Remaining = money.Pence(value), money.Pence(remaining)
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	args = append(args, f.After, limit+1)
	rows, err := db.SQL.QueryContext(ctx, `SELECT `+suspenseColumns+suspenseFrom+` WHERE `+cond+
		` AND s.id > $`+strconv.Itoa(len(args)-1)+` ORDER BY s.id LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return page, err
	}
	defer rows.Close()
	page.Items = []ims.SuspenseItem{}
	for rows.Next() {
		it, err := scanSuspenseItem(rows.Scan)
		if err != nil {
			return page, err
		}
		page.Items = append(page.Items, it)
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		page.Next = page.Items[limit-1].ID
	}
	return page, rows.Err()
}

// TakeFromSuspenseItem adds amount to an item's allocated money and moves its version on, if the
// item is still at version: false when someone allocated from it since (or it has not that much left).
func (tx *Tx) TakeFromSuspenseItem(ctx context.Context, id, version int64, amount money.Pence) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE suspense_items SET allocated = allocated + $1, version = version + 1
		WHERE id = $2 AND version = $3 AND allocated + $1 <= amount`, amount, id, version)
	if err != nil {
		return false, err
	}
	rows, _ := res.RowsAffected()
	return rows == 1, nil
}

// EntryOfPosting returns the id of line line of a posting (the suspense item's receipt line, which
// its suspense-out entries link to).
func (tx *Tx) EntryOfPosting(ctx context.Context, postingID int64, line int) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM ledger_entries WHERE posting_id = $1 AND line = $2`, postingID, line).Scan(&id)
	return id, err
}

// InsertSuspenseAllocation records an allocation posted as postingID and what it took from each item.
// A repeated key of the same person is a Conflict for which IsDuplicate is true.
func (tx *Tx) InsertSuspenseAllocation(ctx context.Context, a ims.SuspenseAllocation, takes map[int64]money.Pence, key, requestHash string) (int64, error) {
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO suspense_allocations (posting_id, allocated_by, created_at, idempotency_key, request_hash)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, a.PostingID, a.AllocatedBy, a.At, nullString(key), requestHash).Scan(&id); err != nil {
		return 0, err
	}
	for item, amount := range takes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO suspense_allocation_items (allocation_id, item_id, amount) VALUES ($1, $2, $3)`,
			id, item, amount); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// SuspenseAllocationByKey returns the allocation a person made with an idempotency key (its posting
// and receipt), with the hash of the request, and false when there is none.
func (db *DB) SuspenseAllocationByKey(ctx context.Context, allocatedBy, key string) (ims.SuspenseAllocation, string, bool, error) {
	var a ims.SuspenseAllocation
	var hash string
	err := db.SQL.QueryRowContext(ctx, `SELECT a.id, a.posting_id, p.receipt_number, a.allocated_by, a.created_at, a.request_hash,
		(SELECT COALESCE(SUM(amount), 0) FROM suspense_allocation_items WHERE allocation_id = a.id)
		FROM suspense_allocations a JOIN postings p ON p.id = a.posting_id WHERE a.allocated_by = $1 AND a.idempotency_key = $2`,
		allocatedBy, key).Scan(&a.ID, &a.PostingID, &a.Receipt, &a.AllocatedBy, &a.At, &hash, &a.Amount)
	if err == sql.ErrNoRows {
		return a, "", false, nil
	}
	return a, hash, err == nil, err
}
