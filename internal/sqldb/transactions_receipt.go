package sqldb

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/receiptno"
	"github.com/ims-council/ims/money"
)

// ReceiptEntriesShown is how many of a posting's entries its receipt page reads: an import's posting
// may hold a million, which the transaction search pages through instead.
const ReceiptEntriesShown = 500

// linkedShown caps the entries linked to or from a posting that its page reads.
const linkedShown = 200

// ReceiptHead is a posting as its receipt page reads it.
type ReceiptHead struct {
	Posting ims.Posting // with its first ReceiptEntriesShown entries
	Funds   []string    // every fund any of its entries is in, for the caller's fund check
	Count   int64       // how many entries it holds
	Total   money.Pence // the sum of all of them
}

// ReceiptPosting returns the posting with a receipt number: NotFound when there is none.
func (db *DB) ReceiptPosting(ctx context.Context, receipt string) (h ReceiptHead, err error) {
	defer ims.Wrap(&err, "ReceiptPosting")
	po, funds, count, total, err := db.receiptPosting(ctx, receipt)
	return ReceiptHead{Posting: po, Funds: funds, Count: count, Total: money.Pence(total)}, err
}

func (db *DB) receiptPosting(ctx context.Context, receipt string) (po ims.Posting, funds []string, count, total int64, err error) {
	receipt = receiptno.Normalize(receipt)
	var office sql.NullString
	var reverses sql.NullInt64
	err = db.SQL.QueryRowContext(ctx, `SELECT id, kind, receipt_number, source, source_ref, narrative, actor, office,
		created_at, business_date, reverses, entry_count, total, prev_hash, hash FROM postings WHERE receipt_number = $1`, receipt).
		Scan(&po.ID, &po.Kind, &po.ReceiptNumber, &po.Source, &po.SourceRef, &po.Narrative, &po.Actor, &office,
			&po.CreatedAt, &po.BusinessDate, &reverses, &count, &total, &po.PrevHash, &po.Hash)
	if err == sql.ErrNoRows {
		return po, nil, 0, 0, ims.Errorf(ims.NotFound, "There is no receipt %s", receipt)
	}
	if err != nil {
		return po, nil, 0, 0, err
	}
	po.Office, po.Reverses = office.String, reverses.Int64
	rows, err := db.SQL.QueryContext(ctx, `SELECT DISTINCT fund FROM ledger_entries WHERE posting_id = $1`, po.ID)
	if err != nil {
		return po, nil, 0, 0, err
	}
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			rows.Close()
			return po, nil, 0, 0, err
		}
		funds = append(funds, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return po, nil, 0, 0, err
	}
	entries, err := db.transactionsWhere(ctx, `e.posting_id = $1 ORDER BY e.line LIMIT `+strconv.Itoa(ReceiptEntriesShown), po.ID)
	for _, t := range entries {
		po.Entries = append(po.Entries, t.LedgerEntry)
	}
	return po, funds, count, total, err
}

// ReceiptLinks returns what touches posting id: the entries of other postings linked to its entries
// (refunds, journals, reversals of them), the entries its own entries link to, the receipt numbers
// of postings reversing it and of the posting it reverses, and the card payment it records.
func (db *DB) ReceiptLinks(ctx context.Context, po ims.Posting) (d ims.ReceiptDetail, err error) {
	defer ims.Wrap(&err, "ReceiptLinks(%d)", po.ID)
	limit := ` LIMIT ` + strconv.Itoa(linkedShown)
	if d.LinkedFrom, err = db.transactionsWhere(ctx, `e.links_entry IN (SELECT id FROM ledger_entries WHERE posting_id = $1)
		AND e.posting_id <> $1 ORDER BY e.id`+limit, po.ID); err != nil {
		return d, err
	}
	if d.LinksTo, err = db.transactionsWhere(ctx, `e.id IN (SELECT links_entry FROM ledger_entries WHERE posting_id = $1
		AND links_entry IS NOT NULL) AND e.posting_id <> $1 ORDER BY e.id`+limit, po.ID); err != nil {
		return d, err
	}
	rows, err := db.SQL.QueryContext(ctx, `SELECT receipt_number FROM postings WHERE reverses = $1 ORDER BY id`, po.ID)
	if err != nil {
		return d, err
	}
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			rows.Close()
			return d, err
		}
		d.ReversedBy = append(d.ReversedBy, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return d, err
	}
	if po.Reverses != 0 {
		if err := db.SQL.QueryRowContext(ctx, `SELECT receipt_number FROM postings WHERE id = $1`, po.Reverses).Scan(&d.Reverses); err != nil {
			return d, err
		}
	}
	err = db.SQL.QueryRowContext(ctx, `SELECT id FROM pending_payments WHERE posting_id = $1`, po.ID).Scan(&d.PaymentID)
	if err == sql.ErrNoRows {
		err = nil
	}
	return d, err
}

// transactionsWhere returns the transactions of a condition on e (ledger_entries) and p (postings).
func (db *DB) transactionsWhere(ctx context.Context, where string, args ...any) ([]ims.Transaction, error) {
	rows, err := db.SQL.QueryContext(ctx, `SELECT `+transactionColumns()+` FROM ledger_entries e
		JOIN postings p ON p.id = e.posting_id WHERE `+strings.TrimSpace(where), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ims.Transaction
	for rows.Next() {
		t, err := scanTransaction(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
