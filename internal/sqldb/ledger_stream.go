package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

// A PostingStream writes one posting of very many entries (an import of a million lines) a chunk
// at a time, so that neither the posting nor its entries are ever held in memory whole (ADR 27).
// The posting's id is taken when it starts; its entries are hashed into a digest and written as
// they come (COPY on PostgreSQL) without holding the ledger's chain, so other postings (card
// payments) go on meanwhile; its row, which takes its place in the chain and carries the hash (over
// the digest: form 2), the entry count and the total, is written last, by Finish (ADR 36).
type PostingStream struct {
	tx     *Tx
	po     ims.Posting // without its entries
	digest *hasher
	n      int
	total  money.Pence
}

// InBulkTx is InTx on a connection of the transaction's own, which a PostingStream writes through
// with PostgreSQL's COPY. Unlike InTx it locks the chain heads only when it first appends to a
// chain — a PostingStream's Finish, an audit event —, so a transaction that streams a posting and
// then appends holds them only at its end (ADR 36).
func (db *DB) InBulkTx(ctx context.Context, fn func(tx *Tx) error) error {
	return db.inTxRetrying(ctx, txOptions{ownConn: true, headsLate: true}, fn)
}

// beginOn begins a transaction on conn, or on any connection of the pool when conn is nil.
func beginOn(ctx context.Context, pool *sql.DB, conn *sql.Conn) (*sql.Tx, error) {
	if conn != nil {
		return conn.BeginTx(ctx, nil)
	}
	return pool.BeginTx(ctx, nil)
}

// StreamPosting starts po (built, without entries) as a posting whose entries Write writes. It
// takes the posting's id now, so its entries can name it; its row, with their count, is written by
// Finish, after them (the count is hashed after the entries' digest: ADR 36).
func (tx *Tx) StreamPosting(ctx context.Context, po ims.Posting) (*PostingStream, error) {
	var err error
	if po.ID, err = tx.drawPostingID(ctx); err != nil {
		return nil, err
	}
	if tx.owner.Engine == SQLite {
		// SQLite keeps the entries' key to their posting (PostgreSQL's went: migration 00027):
		// checked at commit, until which this transaction has the database to itself.
		if _, err := tx.sqlTx.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
			return nil, err
		}
	}
	return &PostingStream{tx: tx, po: po, digest: entriesDigest()}, nil
}

// drawPostingID takes a posting id. A transaction that does not hold the chain heads takes it on
// PostgreSQL in a short transaction of its own, so that it goes on without them (an id whose
// posting is never written is not reused: ids may have gaps, the chain's sequence may not). A
// SQLite transaction has the database to itself from its start, so it takes the heads at once.
func (tx *Tx) drawPostingID(ctx context.Context) (id int64, err error) {
	if tx.heads != nil || tx.owner.Engine == SQLite {
		id, _, err = tx.advance(ctx, "posting_id")
		return id, err
	}
	err = tx.owner.InTx(ctx, func(t *Tx) error {
		id, _, err = t.advance(ctx, "posting_id")
		return err
	})
	return id, err
}

// Posting returns the posting as it will be written (without entries, hash or totals).
func (s *PostingStream) Posting() ims.Posting { return s.po }

// Write hashes and writes the next entries, built by ims.BuildEntries with the stream's Posting:
// their lines must follow on from the entries written before (1, 2, …).
func (s *PostingStream) Write(ctx context.Context, entries []ims.LedgerEntry) error {
	for i := range entries {
		e := &entries[i]
		e.PostingID = s.po.ID
		if e.Line != s.n+1 {
			return fmt.Errorf("posting %d: entry line %d written after line %d", s.po.ID, e.Line, s.n)
		}
		var err error
		if s.total, err = money.Add(s.total, e.Amount); err != nil {
			return ims.Errorf(ims.Invalid, "The lines add up to more than can be recorded")
		}
		hashEntry(s.digest, *e)
		s.n++
	}
	if s.tx.canCopy() {
		return s.tx.feedEntries(ctx, entries)
	}
	return s.tx.owner.writeEntries(ctx, s.tx, entries)
}

// Finish writes the posting's row, once its entries are written (one at least): it takes (and
// in a bulk transaction locks) the posting's place in the ledger's chain and its receipt number,
// advances the chain to it and audits it as AppendPosting does. It returns the posting without its
// entries.
func (s *PostingStream) Finish(ctx context.Context, p ims.Principal) (ims.Posting, error) {
	po, tx := s.po, s.tx
	if s.n == 0 {
		return po, fmt.Errorf("posting %d has no entries", po.ID)
	}
	var err error
	if po.ChainSeq, po.PrevHash, err = tx.advance(ctx, "ledger"); err != nil {
		return po, err
	}
	digest := s.digest.sum()
	row := postingRow{count: s.n, total: s.total, form: 2,
		hash: func(po ims.Posting) string { return streamedHash(po, s.n, digest) }}
	if err := tx.owner.insertPosting(ctx, tx, &po, row); err != nil {
		return po, err
	}
	tx.setHead("ledger", po.Hash)
	summary := map[string]any{"kind": po.Kind, "receipt_number": po.ReceiptNumber, "entries": s.n,
		"total": s.total.String(), "source": po.Source, "source_ref": po.SourceRef, "hash": po.Hash}
	return po, tx.owner.audit(ctx, tx, p, "post", "posting", fmt.Sprint(po.ID), nil, summary)
}

// feedEntries writes entries through the transaction's open COPY into ledger_entries (copyFeed):
// several times faster than INSERT for the rows of a large import, one COPY for all its chunks.
// The entries are read until the next statement of the transaction, and must not change until then.
func (tx *Tx) feedEntries(ctx context.Context, entries []ims.LedgerEntry) error {
	return tx.feed(ctx, "ledger_entries", entryColumns(), len(entries), func(i int) ([]any, error) {
		e := &entries[i]
		var office, links any
		if e.Office != "" {
			office = e.Office
		}
		if e.LinksEntry != 0 {
			links = e.LinksEntry
		}
		return []any{e.PostingID, int64(e.Line), string(e.Kind), e.Fund, e.Reference, e.MOP, int64(e.Amount),
			e.VATCode, int64(e.VATRate), int64(e.VATAmount), e.Narrative, office, e.TransactionTime,
			dateOnly(e.BusinessDate), e.PSPPaymentID, e.PSPReference, e.CardBrand, e.CardFirst6, e.CardLast4, links}, nil
	})
}

// dateOnly is t's calendar date at midnight UTC, as a DATE column holds it: pgx sends a
// time.Time's date as of its own location.
func dateOnly(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
