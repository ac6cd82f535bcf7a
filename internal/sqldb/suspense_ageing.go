package sqldb

import (
	"context"

	"github.com/ims-council/ims"
)

// OpenSuspenseItems returns the received date and the money left of every suspense item with money
// left, for the ageing report.
func (db *DB) OpenSuspenseItems(ctx context.Context) (items []ims.OpenSuspenseItem, err error) {
	defer ims.Wrap(&err, "OpenSuspenseItems")
	rows, err := db.SQL.QueryContext(ctx, `SELECT received_on, amount - allocated FROM suspense_items WHERE allocated < amount`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var it ims.OpenSuspenseItem
		if err := rows.Scan(&it.Received, &it.Remaining); err != nil {
			return nil, err
		}
		it.Received = it.Received.UTC()
		items = append(items, it)
	}
	return items, rows.Err()
}
