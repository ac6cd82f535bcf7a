package sqldb

import (
	"context"

	"github.com/ims-council/ims"
)

// PostingUse says what later postings did with a posting's entries: how many entries of other
// postings link to them (refunds, journals, reversals), and how many of the suspense items it
// received have had money allocated from them.
type PostingUse struct {
	Linked    int64
	Allocated int64
}

// UseOfPosting reads in tx what later postings did with posting id's entries.
func (tx *Tx) UseOfPosting(ctx context.Context, id int64) (u PostingUse, err error) {
	defer ims.Wrap(&err, "UseOfPosting(%d)", id)
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM ledger_entries l JOIN ledger_entries o ON o.id = l.links_entry
		WHERE o.posting_id = $1`, id).Scan(&u.Linked); err != nil {
		return u, err
	}
	err = tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM suspense_items WHERE posting_id = $1 AND allocated > 0`, id).Scan(&u.Allocated)
	return u, err
}

// OpenSuspenseItemsOfPosting returns in tx the suspense items posting id received that still hold
// money, in id order.
func (tx *Tx) OpenSuspenseItemsOfPosting(ctx context.Context, id int64) (_ []ims.SuspenseItem, err error) {
	defer ims.Wrap(&err, "OpenSuspenseItemsOfPosting(%d)", id)
	rows, err := tx.QueryContext(ctx, `SELECT `+suspenseColumns+suspenseFrom+` WHERE s.posting_id = $1 AND s.allocated < s.amount
		ORDER BY s.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var items []ims.SuspenseItem
	for rows.Next() {
		it, err := scanSuspenseItem(rows.Scan)
		if err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	return items, rows.Err()
}
