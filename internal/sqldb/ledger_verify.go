package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/ims-council/ims"
)

// VerifyLedger recomputes the hash chain of every posting from the stored rows and reports the
// first posting that does not match: a changed field, a removed or added entry, a removed posting
// (ids are the gapless chain sequence) or a truncated tail (the chain head disagrees). It reads the
// whole ledger in two ordered streams, so memory does not grow with its size. Who may ask is the
// ledger service's to decide (ledger.Service.Verify).
func (db *DB) VerifyLedger(ctx context.Context) (rep ims.ChainReport, err error) {
	defer ims.Wrap(&err, "VerifyLedger")
	postings, err := db.SQL.QueryContext(ctx, `SELECT id, kind, receipt_number, source, source_ref, narrative, actor,
		office, created_at, business_date, reverses, entry_count, total, prev_hash, hash FROM postings ORDER BY id`)
	if err != nil {
		return rep, err
	}
	defer postings.Close()
	entries, err := db.SQL.QueryContext(ctx, `SELECT `+strings.Join(entryColumns(), ", ")+` FROM ledger_entries ORDER BY posting_id, line`)
	if err != nil {
		return rep, err
	}
	defer entries.Close()
	next, err := entryStream(entries)
	if err != nil {
		return rep, err
	}
	prev := ""
	for postings.Next() {
		var po ims.Posting
		var office sql.NullString
		var reverses sql.NullInt64
		var count, total int64
		if err := postings.Scan(&po.ID, &po.Kind, &po.ReceiptNumber, &po.Source, &po.SourceRef, &po.Narrative, &po.Actor,
			&office, &po.CreatedAt, &po.BusinessDate, &reverses, &count, &total, &po.PrevHash, &po.Hash); err != nil {
			return rep, err
		}
		po.Office, po.Reverses = office.String, reverses.Int64
		broken := func(format string, args ...any) (ims.ChainReport, error) {
			rep.BrokenAt, rep.Reason = po.ID, fmt.Sprintf(format, args...)
			return rep, nil
		}
		if po.ID != rep.Postings+1 {
			return broken("posting %d follows posting %d: postings are missing", po.ID, rep.Postings)
		}
		if po.PrevHash != prev {
			return broken("posting %d does not link to the posting before it", po.ID)
		}
		if po.Entries, err = next(po.ID); err != nil {
			return rep, err
		}
		if int64(len(po.Entries)) != count || int64(po.Total()) != total {
			return broken("posting %d has %d entries totalling %s; it was written with %d totalling %d pence",
				po.ID, len(po.Entries), po.Total(), count, total)
		}
		if postingHash(po) != po.Hash {
			return broken("posting %d (receipt %s) does not match its hash: it was changed after it was written", po.ID, po.ReceiptNumber)
		}
		prev = po.Hash
		rep.Postings++
		rep.Head = po.Hash
	}
	if err := postings.Err(); err != nil {
		return rep, err
	}
	if orphan, err := next(-1); err != nil || len(orphan) > 0 {
		return ims.ChainReport{Postings: rep.Postings, Head: rep.Head, BrokenAt: rep.Postings + 1,
			Reason: "ledger entries exist for postings that do not"}, err
	}
	var seq int64
	var head string
	if err := db.SQL.QueryRowContext(ctx, `SELECT seq, hash FROM chain_heads WHERE name = 'ledger'`).Scan(&seq, &head); err != nil {
		return rep, err
	}
	if seq != rep.Postings || head != rep.Head {
		rep.BrokenAt, rep.Reason = rep.Postings+1, fmt.Sprintf("the chain head records %d postings but %d remain: postings were removed from the end", seq, rep.Postings)
	}
	return rep, nil
}

// entryStream returns a function that, called with posting ids in increasing order, returns the
// entries of each posting from rows ordered by posting id and line. Called with -1 it returns any
// entries left over.
func entryStream(rows *sql.Rows) (func(postingID int64) ([]ims.LedgerEntry, error), error) {
	var pending *ims.LedgerEntry
	read := func() (*ims.LedgerEntry, error) {
		if !rows.Next() {
			return nil, rows.Err()
		}
		e, err := scanEntry(rows.Scan)
		return &e, err
	}
	var err error
	if pending, err = read(); err != nil {
		return nil, err
	}
	return func(postingID int64) ([]ims.LedgerEntry, error) {
		var out []ims.LedgerEntry
		for pending != nil && (postingID < 0 || pending.PostingID <= postingID) {
			out = append(out, *pending)
			var err error
			if pending, err = read(); err != nil {
				return nil, err
			}
		}
		return out, nil
	}, nil
}

func scanEntry(scan func(...any) error) (e ims.LedgerEntry, err error) {
	var office sql.NullString
	var links sql.NullInt64
	err = scan(&e.PostingID, &e.Line, &e.Kind, &e.Fund, &e.Reference, &e.MOP, &e.Amount, &e.VATCode, &e.VATRate,
		&e.VATAmount, &e.Narrative, &office, &e.TransactionTime, &e.BusinessDate, &e.PSPPaymentID, &e.PSPReference,
		&e.CardBrand, &e.CardFirst6, &e.CardLast4, &links)
	e.Office, e.LinksEntry = office.String, links.Int64
	return e, err
}
