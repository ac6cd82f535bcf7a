package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
)

// UnexportedEntries returns in tx the entries of the first maxPostings postings (all of them when
// maxPostings is 0) target t has not exported yet, each with its posting's receipt number, in entry
// order: every entry for a journal target, the entries of its funds for an account postings target.
// Only entries whose posting row exists are read: a streamed import writes its posting row last,
// once every entry is there (ADR 27). Batches are made holding the chain heads, and a posting takes
// its place in the chain (chain_seq) holding them until it commits (ADR 36), so places follow commit
// order: only postings placed after the last one of the target's latest batch are read, and a day's
// batch costs what the day added, not the whole ledger. The first maxPostings are those first in the
// chain among the postings that have entries for t, so the next batch starts where this one ends.
func (tx *Tx) UnexportedEntries(ctx context.Context, t ims.ExportTarget, maxPostings int) ([]ims.ExportEntry, error) {
	args := []any{t.Code}
	funds := ""
	if t.Kind == ims.ExportAccountPostings {
		marks := make([]string, len(t.Funds))
		for i, f := range t.Funds {
			args = append(args, f)
			marks[i] = "$" + strconv.Itoa(len(args))
		}
		funds = `e.fund IN (` + strings.Join(marks, ", ") + `)`
	}
	// The place in the chain of the first posting after the batch, when there are more than
	// maxPostings to export.
	cut := "CAST(NULL AS BIGINT)"
	if maxPostings > 0 {
		args = append(args, maxPostings)
		hasEntries := ""
		if funds != "" {
			hasEntries = ` AND EXISTS (SELECT 1 FROM ledger_entries e WHERE e.posting_id = c.id AND ` + funds + `)`
		}
		cut = `(SELECT c.chain_seq FROM postings c WHERE c.chain_seq > (SELECT seq FROM last)
			AND NOT EXISTS (SELECT 1 FROM export_postings x WHERE x.target = $1 AND x.posting_id = c.id)` + hasEntries + `
			ORDER BY c.chain_seq LIMIT 1 OFFSET $` + strconv.Itoa(len(args)) + `)`
	}
	where := ""
	if funds != "" {
		where = " AND " + funds
	}
	rows, err := tx.QueryContext(ctx, `WITH last AS (SELECT COALESCE(MAX(t.chain_seq), 0) AS seq
			FROM export_postings x JOIN postings t ON t.id = x.posting_id
			WHERE x.batch = (SELECT b.id FROM export_batches b WHERE b.target = $1 ORDER BY b.seq DESC LIMIT 1)),
		cut AS (SELECT `+cut+` AS seq)
		SELECT `+strings.Join(entryColumnsOf("e"), ", ")+`, e.id, p.receipt_number
		FROM ledger_entries e JOIN postings p ON p.id = e.posting_id
		WHERE p.chain_seq > (SELECT seq FROM last) AND (p.chain_seq < (SELECT seq FROM cut) OR (SELECT seq FROM cut) IS NULL)
		AND NOT EXISTS (SELECT 1 FROM export_postings x WHERE x.target = $1 AND x.posting_id = e.posting_id)`+where+`
		ORDER BY e.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ims.ExportEntry
	for rows.Next() {
		var ee ims.ExportEntry
		var id int64
		e, err := scanEntry(func(dest ...any) error { return rows.Scan(append(dest, &id, &ee.Receipt)...) })
		if err != nil {
			return nil, err
		}
		e.ID = id
		ee.LedgerEntry = e
		out = append(out, ee)
	}
	return out, rows.Err()
}

// NextExportSeq returns in tx the number the target's next batch takes: one more than its last.
func (tx *Tx) NextExportSeq(ctx context.Context, target string) (int64, error) {
	var seq int64
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM export_batches WHERE target = $1`, target).Scan(&seq)
	return seq, err
}

// InsertExportBatch records in tx batch b with its file's bytes and the postings it took. A posting
// the target has already exported, or a batch number already taken, is a Conflict: another
// instance exported them first, and this transaction must not commit.
func (tx *Tx) InsertExportBatch(ctx context.Context, b ims.ExportBatch, content []byte, postings []int64) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO export_batches (id, target, seq, first_posting, last_posting, entries,
		lines, total, file_name, sha256, content, created_at, actor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		b.ID, b.Target, b.Seq, b.First, b.Last, b.Entries, b.Lines, int64(b.Total), b.FileName, b.SHA256, content,
		b.CreatedAt, b.Actor); err != nil {
		return tx.owner.classify(err)
	}
	const chunk = 300 // three values a row, within SQLite's limit on placeholders
	cols := []string{"target", "posting_id", "batch"}
	for len(postings) > 0 {
		n := min(chunk, len(postings))
		args := make([]any, 0, 3*n)
		for _, id := range postings[:n] {
			args = append(args, b.Target, id, b.ID)
		}
		if _, err := tx.ExecContext(ctx, tx.owner.insertSQL("export_postings", cols, n), args...); err != nil {
			return tx.owner.classify(err)
		}
		postings = postings[n:]
	}
	return nil
}

const exportBatchColumns = `id, target, seq, first_posting, last_posting, entries, lines, total, file_name, sha256,
	created_at, actor`

func scanExportBatch(scan func(...any) error) (b ims.ExportBatch, err error) {
	err = scan(&b.ID, &b.Target, &b.Seq, &b.First, &b.Last, &b.Entries, &b.Lines, &b.Total, &b.FileName, &b.SHA256,
		&b.CreatedAt, &b.Actor)
	b.CreatedAt = b.CreatedAt.UTC()
	return b, err
}

// ExportBatches returns the latest batches, newest first, at most limit: of one target, or of
// every target when target is blank.
func (db *DB) ExportBatches(ctx context.Context, target string, limit int) ([]ims.ExportBatch, error) {
	rows, err := db.SQL.QueryContext(ctx, `SELECT `+exportBatchColumns+` FROM export_batches
		WHERE ($1 = '' OR target = $1) ORDER BY created_at DESC, target, seq DESC LIMIT $2`, target, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ims.ExportBatch
	for rows.Next() {
		b, err := scanExportBatch(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// ExportBatch returns batch id with its file's bytes, or a NotFound error.
func (db *DB) ExportBatch(ctx context.Context, id string) (ims.ExportBatch, []byte, error) {
	var content []byte
	b, err := scanExportBatch(func(dest ...any) error {
		return db.SQL.QueryRowContext(ctx, `SELECT `+exportBatchColumns+`, content FROM export_batches WHERE id = $1`, id).
			Scan(append(dest, &content)...)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return b, nil, ims.Errorf(ims.NotFound, "Export batch %s does not exist", id)
	}
	return b, content, err
}
