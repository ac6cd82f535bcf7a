package sqldb

import (
	"context"
	"database/sql"
	"fmt"
)

// checkEntryLinks finds the earliest posting in the chain with an entry linked to an entry that
// does not exist or was written after it (an entry takes back or moves money recorded before it),
// nil when there is none. On PostgreSQL no key checks the link as it is written (migration 00031).
func (db *DB) checkEntryLinks(ctx context.Context) (*ledgerBreak, error) {
	var seq, id, line, links int64
	err := db.SQL.QueryRowContext(ctx, `SELECT p.chain_seq, p.id, e.line, e.links_entry
		FROM ledger_entries e JOIN postings p ON p.id = e.posting_id
		WHERE e.links_entry IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM ledger_entries o WHERE o.id = e.links_entry AND o.id < e.id)
		ORDER BY p.chain_seq LIMIT 1`).Scan(&seq, &id, &line, &links)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &ledgerBreak{seq: seq, id: id, reason: fmt.Sprintf("line %d of posting %d is linked to entry %d, "+
		"which does not exist or was written after it", line, id, links)}, nil
}
