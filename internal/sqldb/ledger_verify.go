package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/ims-council/ims"
)

// VerifyLedger recomputes the hash of every posting from the stored rows and follows the ledger's
// hash chain, and reports the first posting (in chain order) that does not match: a changed field,
// a removed or added entry, a removed posting (the chain's sequence is gapless), a truncated tail
// (the chain head disagrees) or an entry linked to one that does not exist. It reads the whole ledger in ordered streams — the postings with
// their entries in id order, then the postings alone in chain order, which differ for a streamed
// posting (ADR 36) —, so memory does not grow with its size. Who may ask is the ledger service's to
// decide (ledger.Service.Verify).
func (db *DB) VerifyLedger(ctx context.Context) (rep ims.ChainReport, err error) {
	defer ims.Wrap(&err, "VerifyLedger")
	content, err := db.checkPostingContents(ctx)
	if err != nil {
		return rep, err
	}
	rep, chain, err := db.checkPostingChain(ctx)
	if err != nil {
		return rep, err
	}
	links, err := db.checkEntryLinks(ctx)
	if err != nil {
		return rep, err
	}
	var first *ledgerBreak
	for _, b := range []*ledgerBreak{chain, content, links} {
		if b != nil && (first == nil || b.seq < first.seq) {
			first = b
		}
	}
	if first != nil {
		rep.BrokenAt, rep.Reason = first.id, first.reason
	}
	return rep, nil
}

// A ledgerBreak is a problem a check found, with its place in the chain so the earlier is reported.
type ledgerBreak struct {
	seq, id int64
	reason  string
}

// checkPostingContents checks each posting's entries against its count, total and hash (formed
// from its stored previous hash: checkPostingChain checks the links) and returns the break earliest
// in the chain, nil when there is none.
func (db *DB) checkPostingContents(ctx context.Context) (first *ledgerBreak, err error) {
	postings, err := db.SQL.QueryContext(ctx, `SELECT id, kind, receipt_number, source, source_ref, narrative, actor,
		office, created_at, business_date, reverses, entry_count, total, chain_seq, hash_form, prev_hash, hash
		FROM postings ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer postings.Close()
	entries, err := db.SQL.QueryContext(ctx, `SELECT `+strings.Join(entryColumns(), ", ")+` FROM ledger_entries ORDER BY posting_id, line`)
	if err != nil {
		return nil, err
	}
	defer entries.Close()
	next, err := entryStream(entries)
	if err != nil {
		return nil, err
	}
	found := func(po ims.Posting, format string, args ...any) {
		if first == nil || po.ChainSeq < first.seq {
			first = &ledgerBreak{seq: po.ChainSeq, id: po.ID, reason: fmt.Sprintf(format, args...)}
		}
	}
	var last int64
	for postings.Next() {
		var po ims.Posting
		var office sql.NullString
		var reverses sql.NullInt64
		var count, total int64
		var form int
		if err := postings.Scan(&po.ID, &po.Kind, &po.ReceiptNumber, &po.Source, &po.SourceRef, &po.Narrative, &po.Actor,
			&office, &po.CreatedAt, &po.BusinessDate, &reverses, &count, &total, &po.ChainSeq, &form, &po.PrevHash, &po.Hash); err != nil {
			return nil, err
		}
		po.Office, po.Reverses = office.String, reverses.Int64
		last = max(last, po.ChainSeq)
		if po.Entries, err = next(po.ID); err != nil {
			return nil, err
		}
		if int64(len(po.Entries)) != count || int64(po.Total()) != total {
			found(po, "posting %d has %d entries totalling %s; it was written with %d totalling %d pence",
				po.ID, len(po.Entries), po.Total(), count, total)
			continue
		}
		if hashOf(po, form) != po.Hash {
			found(po, "posting %d (receipt %s) does not match its hash: it was changed after it was written", po.ID, po.ReceiptNumber)
		}
	}
	if err := postings.Err(); err != nil {
		return nil, err
	}
	if orphan, err := next(-1); err != nil || len(orphan) > 0 {
		if first == nil {
			first = &ledgerBreak{seq: last + 1, id: last + 1, reason: "ledger entries exist for postings that do not"}
		}
		return first, err
	}
	return first, nil
}

// hashOf recomputes a stored posting's hash in its form (ADR 36): 1, its entries after its head;
// 2 (streamed), a digest of them.
func hashOf(po ims.Posting, form int) string {
	if form != 2 {
		return postingHash(po)
	}
	digest := entriesDigest()
	for _, e := range po.Entries {
		hashEntry(digest, e)
	}
	return streamedHash(po, len(po.Entries), digest.sum())
}

// checkPostingChain follows the postings in chain order: each must be the next in the sequence and
// link to the hash of the one before, and the chain head must record the last. It returns the
// chain's length and head as far as it holds, and its first break.
func (db *DB) checkPostingChain(ctx context.Context) (rep ims.ChainReport, first *ledgerBreak, err error) {
	rows, err := db.SQL.QueryContext(ctx, `SELECT id, chain_seq, prev_hash, hash FROM postings ORDER BY chain_seq`)
	if err != nil {
		return rep, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, seq int64
		var prev, hash string
		if err := rows.Scan(&id, &seq, &prev, &hash); err != nil {
			return rep, nil, err
		}
		switch {
		case seq != rep.Postings+1:
			return rep, &ledgerBreak{seq: seq, id: id, reason: fmt.Sprintf("posting %d is number %d in the chain but follows number %d: postings are missing", id, seq, rep.Postings)}, nil
		case prev != rep.Head:
			return rep, &ledgerBreak{seq: seq, id: id, reason: fmt.Sprintf("posting %d does not link to the posting before it", id)}, nil
		}
		rep.Postings++
		rep.Head = hash
	}
	if err := rows.Err(); err != nil {
		return rep, nil, err
	}
	var seq int64
	var head string
	if err := db.SQL.QueryRowContext(ctx, `SELECT seq, hash FROM chain_heads WHERE name = 'ledger'`).Scan(&seq, &head); err != nil {
		return rep, nil, err
	}
	if seq != rep.Postings || head != rep.Head {
		return rep, &ledgerBreak{seq: rep.Postings + 1, id: rep.Postings + 1,
			reason: fmt.Sprintf("the chain head records %d postings but %d remain: postings were removed from the end", seq, rep.Postings)}, nil
	}
	return rep, nil, nil
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
