package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/receiptno"
	"github.com/ims-council/ims/money"
)

// A PostingStream writes one posting of very many entries (an import of a million lines) a chunk
// at a time, so that neither the posting nor its entries are ever held in memory whole (ADR 27).
// The posting's number, previous hash and receipt number are taken when it starts; its entries are
// hashed and written as they come (COPY on PostgreSQL), and its row, which carries the hash, the
// entry count and the total, is written last, by Finish. Its hash is the one postingHash gives the
// same posting written at once, so `ims ledger verify` checks it like any other.
type PostingStream struct {
	tx    *Tx
	po    ims.Posting // without its entries
	h     *hasher
	want  int
	n     int
	total money.Pence
}

// InBulkTx is InTx on a connection of the transaction's own, which a PostingStream writes through
// with PostgreSQL's COPY. It locks the chain heads from its start, like InTx.
func (db *DB) InBulkTx(ctx context.Context, fn func(tx *Tx) error) error {
	return db.inTxRetrying(ctx, txOptions{lockHeads: true, ownConn: true}, fn)
}

// beginOn begins a transaction on conn, or on any connection of the pool when conn is nil.
func beginOn(ctx context.Context, pool *sql.DB, conn *sql.Conn) (*sql.Tx, error) {
	if conn != nil {
		return conn.BeginTx(ctx, nil)
	}
	return pool.BeginTx(ctx, nil)
}

// StreamPosting starts po (built, without entries) as the ledger's next posting, which will hold
// exactly entries entries (the count is hashed before them). The posting's row is written by
// Finish, after its entries: the entries' key to it is checked at commit.
func (tx *Tx) StreamPosting(ctx context.Context, po ims.Posting, entries int) (*PostingStream, error) {
	if entries <= 0 {
		return nil, fmt.Errorf("a posting needs at least one entry")
	}
	var err error
	if po.ID, po.PrevHash, err = tx.advance(ctx, "ledger"); err != nil {
		return nil, err
	}
	if po.ReceiptNumber, err = tx.unusedReceipt(ctx, po.ReceiptNumber); err != nil {
		return nil, err
	}
	defer_ := `SET CONSTRAINTS ledger_entries_posting_id_fkey DEFERRED`
	if tx.owner.Engine == SQLite {
		defer_ = `PRAGMA defer_foreign_keys = ON` // until this transaction ends
	}
	if _, err := tx.sqlTx.ExecContext(ctx, defer_); err != nil {
		return nil, err
	}
	return &PostingStream{tx: tx, po: po, h: postingHead(po, entries), want: entries}, nil
}

// unusedReceipt draws a receipt number no posting holds, or checks that given is unused. Postings
// are written only by transactions holding the ledger's chain head, as this one does, so the
// number stays unused until Finish writes it: it is hashed before the first entry.
func (tx *Tx) unusedReceipt(ctx context.Context, given string) (string, error) {
	for attempt := 0; attempt < 6; attempt++ {
		n := given
		if n == "" {
			var err error
			if n, err = receiptno.New(tx.owner.Rand); err != nil {
				return "", err
			}
		}
		used, err := exists(ctx, tx, "postings", "receipt_number", n)
		switch {
		case err != nil:
			return "", err
		case !used:
			return n, nil
		case given != "":
			return "", ims.Errorf(ims.Conflict, "Receipt number %s is already used by another posting", given)
		}
	}
	return "", fmt.Errorf("could not draw an unused receipt number")
}

// Posting returns the posting as it will be written (without entries, hash or totals).
func (s *PostingStream) Posting() ims.Posting { return s.po }

// Written returns how many entries have been written.
func (s *PostingStream) Written() int { return s.n }

// Write hashes and writes the next entries, built by ims.BuildEntries with the stream's Posting:
// their lines must follow on from the entries written before (1, 2, …).
func (s *PostingStream) Write(ctx context.Context, entries []ims.LedgerEntry) error {
	if s.n+len(entries) > s.want {
		return fmt.Errorf("posting %d was started for %d entries; %d were written", s.po.ID, s.want, s.n+len(entries))
	}
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
		hashEntry(s.h, *e)
		s.n++
	}
	if s.tx.owner.Engine == Postgres && s.tx.conn != nil {
		return s.tx.copyEntries(ctx, entries)
	}
	return s.tx.owner.writeEntries(ctx, s.tx, entries)
}

// Finish writes the posting's row, once every entry it was started for is written, advances the
// ledger's chain head to it and audits it as AppendPosting does. It returns the posting without
// its entries.
func (s *PostingStream) Finish(ctx context.Context, p ims.Principal) (ims.Posting, error) {
	po := s.po
	if s.n != s.want {
		return po, fmt.Errorf("posting %d was started for %d entries; %d were written", po.ID, s.want, s.n)
	}
	po.Hash = s.h.sum()
	_, err := s.tx.ExecContext(ctx, `INSERT INTO postings (id, kind, receipt_number, source, source_ref, narrative,
		actor, office, created_at, business_date, reverses, entry_count, total, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		po.ID, po.Kind, po.ReceiptNumber, po.Source, po.SourceRef, po.Narrative, po.Actor, nullString(po.Office),
		po.CreatedAt, po.BusinessDate, sql.NullInt64{Int64: po.Reverses, Valid: po.Reverses != 0},
		s.n, int64(s.total), po.PrevHash, po.Hash)
	if err != nil {
		return po, err
	}
	s.tx.setHead("ledger", po.Hash)
	summary := map[string]any{"kind": po.Kind, "receipt_number": po.ReceiptNumber, "entries": s.n,
		"total": s.total.String(), "source": po.Source, "source_ref": po.SourceRef, "hash": po.Hash}
	return po, s.tx.owner.audit(ctx, s.tx, p, "post", "posting", fmt.Sprint(po.ID), nil, summary)
}

// copyEntries writes entries with COPY on the transaction's own connection: several times faster
// than INSERT for the rows of a large import, and it holds no more than one chunk of them.
func (tx *Tx) copyEntries(ctx context.Context, entries []ims.LedgerEntry) error {
	rows := pgx.CopyFromSlice(len(entries), func(i int) ([]any, error) {
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
	return tx.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("COPY needs the pgx driver, not %T", dc)
		}
		if _, err := c.Conn().CopyFrom(ctx, pgx.Identifier{"ledger_entries"}, entryColumns(), rows); err != nil {
			return fmt.Errorf("writing ledger entries: %w", err)
		}
		return nil
	})
}

// dateOnly is t's calendar date at midnight UTC, as a DATE column holds it: pgx sends a
// time.Time's date as of its own location.
func dateOnly(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
