package sqldb

import (
	"context"
	"database/sql"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/receiptno"
)

// PostingByReceipt returns the posting with a receipt number, with its entries in line order. The
// number is normalised first, so one read over the phone ("abcde fghjk", O for 0) is found.
func (db *DB) PostingByReceipt(ctx context.Context, receipt string) (po ims.Posting, err error) {
	defer ims.Wrap(&err, "PostingByReceipt(%q)", receipt)
	receipt = receiptno.Normalize(receipt)
	var office sql.NullString
	var reverses sql.NullInt64
	var count, total int64
	err = db.SQL.QueryRowContext(ctx, `SELECT id, kind, receipt_number, source, source_ref, narrative, actor, office,
		created_at, business_date, reverses, entry_count, total, prev_hash, hash FROM postings WHERE receipt_number = $1`, receipt).
		Scan(&po.ID, &po.Kind, &po.ReceiptNumber, &po.Source, &po.SourceRef, &po.Narrative, &po.Actor, &office,
			&po.CreatedAt, &po.BusinessDate, &reverses, &count, &total, &po.PrevHash, &po.Hash)
	if err == sql.ErrNoRows {
		return po, ims.Errorf(ims.NotFound, "No receipt %s exists", receipt)
	}
	if err != nil {
		return po, err
	}
	po.Office, po.Reverses = office.String, reverses.Int64
	rows, err := db.SQL.QueryContext(ctx, `SELECT `+strings.Join(entryColumns(), ", ")+`, id FROM ledger_entries
		WHERE posting_id = $1 ORDER BY line`, po.ID)
	if err != nil {
		return po, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		e, err := scanEntry(func(dest ...any) error { return rows.Scan(append(dest, &id)...) })
		if err != nil {
			return po, err
		}
		e.ID = id
		po.Entries = append(po.Entries, e)
	}
	return po, rows.Err()
}
