package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/receiptno"
	"github.com/ims-council/ims/money"
)

// Now returns the database clock's time, truncated to the microseconds both engines store.
func (tx *Tx) Now() time.Time { return tx.owner.now() }

// Zone returns the time zone of business dates (Europe/London).
func (tx *Tx) Zone() *time.Location { return tx.owner.London }

// Rounding returns how VAT amounts on half a penny are rounded.
func (tx *Tx) Rounding() money.Rounding { return tx.owner.Rounding }

// AppendPosting appends po, with its entries built, to the ledger: it takes the next number and the
// previous hash of the ledger's chain, draws a receipt number when po has none (another when the
// one drawn is taken), hashes and writes the posting and its entries, and audits it. It returns po
// as written. The rules a posting must meet are the caller's (package ledger).
func (tx *Tx) AppendPosting(ctx context.Context, p ims.Principal, po ims.Posting) (ims.Posting, error) {
	db := tx.owner
	var err error
	if po.ID, _, err = tx.advance(ctx, "posting_id"); err != nil {
		return po, err
	}
	if po.ChainSeq, po.PrevHash, err = tx.advance(ctx, "ledger"); err != nil {
		return po, err
	}
	for i := range po.Entries {
		po.Entries[i].PostingID = po.ID
	}
	if err := db.insertPosting(ctx, tx, &po, wholeRow(po)); err != nil {
		return po, err
	}
	if err := db.insertEntries(ctx, tx, po.Entries); err != nil {
		return po, err
	}
	tx.setHead("ledger", po.Hash)
	summary := map[string]any{"kind": po.Kind, "receipt_number": po.ReceiptNumber, "entries": len(po.Entries),
		"total": po.Total().String(), "source": po.Source, "source_ref": po.SourceRef, "hash": po.Hash}
	return po, db.audit(ctx, tx, p, "post", "posting", fmt.Sprint(po.ID), nil, summary)
}

// PostingFacts reads whether the office and the posting np names exist, for ims.CheckPosting.
func (tx *Tx) PostingFacts(ctx context.Context, np ims.NewPosting) (facts ims.PostingFacts, err error) {
	if np.Office != "" {
		if facts.OfficeExists, err = exists(ctx, tx, "offices", "code", np.Office); err != nil {
			return facts, err
		}
	}
	if np.Reverses != 0 {
		facts.ReversedExists, err = exists(ctx, tx, "postings", "id", np.Reverses)
	}
	return facts, err
}

// PostingRefs reads the funds, MOPs and VAT codes np's lines name, for ims.BuildEntries. Each is
// read once per transaction: an import of a million lines, or a batch of postings, names a handful.
func (tx *Tx) PostingRefs(ctx context.Context, np ims.NewPosting) (ims.PostingRefs, error) {
	db := tx.owner
	for _, ne := range np.Entries {
		if _, err := cached(ctx, tx, tx.funds, ne.Fund, db.Funds()); err != nil {
			return ims.PostingRefs{}, err
		}
		if _, err := cached(ctx, tx, tx.mops, ne.MOP, db.MOPs()); err != nil {
			return ims.PostingRefs{}, err
		}
	}
	for _, code := range ims.VATCodesNeeded(np, tx.funds) {
		if _, err := cached(ctx, tx, tx.vats, code, db.VATCodes()); err != nil {
			return ims.PostingRefs{}, err
		}
	}
	return ims.PostingRefs{Funds: tx.funds, MOPs: tx.mops, VATCodes: tx.vats}, nil
}

// cached reads a reference data record once per transaction: an import of a million lines, or a
// batch of postings, touches a handful of funds.
func cached[T validator](ctx context.Context, tx *Tx, seen map[string]T, code string, s Store[T]) (*T, error) {
	if v, ok := seen[code]; ok {
		return &v, nil
	}
	v, found, err := s.get(ctx, tx, code)
	if err != nil || !found {
		return nil, err
	}
	seen[code] = v
	return &v, nil
}

// A postingRow is what a posting's row records of its entries, and how its hash is formed.
type postingRow struct {
	count int
	total money.Pence
	form  int                      // 1: the entries are hashed after the header; 2: a digest of them is (ADR 36)
	hash  func(ims.Posting) string // the posting's hash, once its receipt number is drawn
}

// wholeRow is the row of a posting written with its entries at once.
func wholeRow(po ims.Posting) postingRow {
	return postingRow{count: len(po.Entries), total: po.Total(), form: 1, hash: postingHash}
}

// insertPosting writes po's row, drawing a receipt number when po has none (another when the one
// drawn is taken), and sets po's receipt number and hash.
func (db *DB) insertPosting(ctx context.Context, tx *Tx, po *ims.Posting, row postingRow) error {
	given := po.ReceiptNumber != ""
	for attempt := 0; ; attempt++ {
		if !given {
			n, err := receiptno.New(db.Rand)
			if err != nil {
				return err
			}
			po.ReceiptNumber = n
		}
		po.Hash = row.hash(*po)
		if tx.deferred != nil {
			tx.deferred.postings = append(tx.deferred.postings, *po)
			return nil
		}
		res, err := tx.ExecContext(ctx, db.insertSQL("postings", postingColumns(), 1)+
			" ON CONFLICT (receipt_number) DO NOTHING", postingValues(*po, row)...)
		if err != nil {
			return err
		}
		// A receipt number collision is vanishingly rare (45 random bits) but the database is the
		// judge: draw another.
		if rows, _ := res.RowsAffected(); rows == 1 {
			return nil
		}
		if given {
			return ims.Errorf(ims.Conflict, "Receipt number %s is already used by another posting", po.ReceiptNumber)
		}
		if attempt == 5 {
			return fmt.Errorf("could not draw an unused receipt number")
		}
	}
}

// entryColumns returns the ledger_entries columns written by insertEntries, in order.
func entryColumns() []string {
	return []string{"posting_id", "line", "kind", "fund", "reference", "mop", "amount", "vat_code",
		"vat_rate_bp", "vat_amount", "narrative", "office", "transaction_time", "business_date", "psp_payment_id",
		"psp_reference", "card_brand", "card_first6", "card_last4", "links_entry"}
}

func entryValues(e ims.LedgerEntry) []any {
	return []any{e.PostingID, e.Line, string(e.Kind), e.Fund, e.Reference, e.MOP, int64(e.Amount), e.VATCode,
		int64(e.VATRate), int64(e.VATAmount), e.Narrative, nullString(e.Office), e.TransactionTime, e.BusinessDate,
		e.PSPPaymentID, e.PSPReference, e.CardBrand, e.CardFirst6, e.CardLast4,
		sql.NullInt64{Int64: e.LinksEntry, Valid: e.LinksEntry != 0}}
}

// insertEntries writes a posting's entries in few statements: on PostgreSQL INSERT … SELECT FROM
// unnest() of one array per column, 5,000 entries a statement; on
// SQLite multi-row INSERTs of up to 500 rows with positional ? placeholders (SQLite resolves $N
// placeholders by name, one lookup each, which dominates a large insert).
func (db *DB) insertEntries(ctx context.Context, tx *Tx, entries []ims.LedgerEntry) error {
	if tx.deferred != nil {
		tx.deferred.entries = append(tx.deferred.entries, entries...)
		return nil
	}
	return db.writeEntries(ctx, tx, entries)
}

// writeEntries writes entries at once (see insertEntries).
func (db *DB) writeEntries(ctx context.Context, tx *Tx, entries []ims.LedgerEntry) error {
	if db.Engine == Postgres {
		// Chunks keep each statement's arrays (and the driver's encoding of them) small.
		const chunk = 5000
		for start := 0; start < len(entries); start += chunk {
			if err := insertEntriesUnnest(ctx, tx, entries[start:min(start+chunk, len(entries))]); err != nil {
				return err
			}
		}
		return nil
	}
	const entryBatch = 500
	cols := entryColumns()
	for start := 0; start < len(entries); start += entryBatch {
		batch := entries[start:min(start+entryBatch, len(entries))]
		args := make([]any, 0, len(batch)*len(cols))
		for _, e := range batch {
			args = append(args, entryValues(e)...)
		}
		if _, err := tx.ExecContext(ctx, multiRowInsert("ledger_entries", cols, len(batch)), args...); err != nil {
			return fmt.Errorf("writing ledger entries: %w", err)
		}
	}
	return nil
}

// multiRowInsert is an INSERT of rows rows with positional ? placeholders (SQLite).
func multiRowInsert(tableName string, cols []string, rows int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	return "INSERT INTO " + tableName + " (" + strings.Join(cols, ", ") + ") VALUES " +
		strings.TrimSuffix(strings.Repeat(row+", ", rows), ", ")
}

// insertEntriesUnnest writes every entry with one statement whose parameters are column arrays.
func insertEntriesUnnest(ctx context.Context, tx *Tx, entries []ims.LedgerEntry) error {
	query, args := entriesUnnest(entries, 1)
	if _, err := tx.ExecContext(ctx, query, args...); err != nil {
		return fmt.Errorf("writing ledger entries: %w", err)
	}
	return nil
}

// entriesUnnest is the INSERT … SELECT FROM unnest() of entries (PostgreSQL), its parameters
// numbered from first, and their values: one array per column. Optional columns travel as ” or 0
// and become NULL in the statement.
func entriesUnnest(entries []ims.LedgerEntry, first int) (string, []any) {
	n := len(entries)
	var (
		postingID, line, amount, rate, vat, links        = make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
		kind, fund, ref, mop, vatCode, narrative, office = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		pspID, pspRef, brand, first6, last4              = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		txTime, bizDate                                  = make([]time.Time, n), make([]time.Time, n)
	)
	for i, e := range entries {
		postingID[i], line[i], amount[i], rate[i], vat[i], links[i] = e.PostingID, int64(e.Line), int64(e.Amount), int64(e.VATRate), int64(e.VATAmount), e.LinksEntry
		kind[i], fund[i], ref[i], mop[i], vatCode[i], narrative[i], office[i] = string(e.Kind), e.Fund, e.Reference, e.MOP, e.VATCode, e.Narrative, e.Office
		pspID[i], pspRef[i], brand[i], first6[i], last4[i] = e.PSPPaymentID, e.PSPReference, e.CardBrand, e.CardFirst6, e.CardLast4
		txTime[i], bizDate[i] = e.TransactionTime, e.BusinessDate
	}
	types := []string{"bigint", "bigint", "text", "text", "text", "text", "bigint", "text", "bigint", "bigint", "text",
		"text", "timestamptz", "date", "text", "text", "text", "text", "text", "bigint"}
	arrays := make([]string, len(types))
	for i, t := range types {
		arrays[i] = fmt.Sprintf("$%d::%s[]", first+i, t)
	}
	query := `INSERT INTO ledger_entries (` + strings.Join(entryColumns(), ", ") + `)
		SELECT posting_id, line, kind, fund, reference, mop, amount, vat_code, vat_rate_bp, vat_amount, narrative,
			NULLIF(office, ''), transaction_time, business_date, psp_payment_id, psp_reference, card_brand, card_first6,
			card_last4, NULLIF(links_entry, 0)
		FROM unnest(` + strings.Join(arrays, ", ") + `)
		AS t(posting_id, line, kind, fund, reference, mop, amount, vat_code, vat_rate_bp, vat_amount, narrative, office,
			transaction_time, business_date, psp_payment_id, psp_reference, card_brand, card_first6, card_last4, links_entry)`
	return query, []any{postingID, line, kind, fund, ref, mop, amount, vatCode, rate, vat, narrative, office, txTime, bizDate,
		pspID, pspRef, brand, first6, last4, links}
}

// postingHash is the canonical hash of a posting and its entries, chained to the previous posting.
// Entry ids are not part of it: they are assigned by the database, and line numbers order entries.
func postingHash(po ims.Posting) string {
	h := postingHead(po, len(po.Entries))
	for _, e := range po.Entries {
		hashEntry(h, e)
	}
	return h.sum()
}

// streamedHash is the hash of a posting written a chunk at a time (form 2, ADR 36): its head, then
// digest, the hash of its entries in line order (entriesDigest), which were written before the
// posting took its place in the chain.
func streamedHash(po ims.Posting, entries int, digest string) string {
	h := postingHead(po, entries)
	h.str(digest)
	return h.sum()
}

// entriesDigest starts the digest of a streamed posting's entries, each added by hashEntry.
func entriesDigest() *hasher { return newHasher("") }

// postingHead is a posting's hash up to its entries, which follow it in line order (form 1), or
// up to their digest (form 2): it ends with their count.
func postingHead(po ims.Posting, entries int) *hasher {
	h := newHasher(po.PrevHash)
	h.int(po.ID)
	for _, s := range []string{string(po.Kind), po.ReceiptNumber, string(po.Source), po.SourceRef, po.Narrative, po.Actor, po.Office} {
		h.str(s)
	}
	h.time(po.CreatedAt)
	h.date(po.BusinessDate)
	h.int(po.Reverses)
	h.int(int64(entries))
	return h
}

func hashEntry(h *hasher, e ims.LedgerEntry) {
	h.int(int64(e.Line))
	for _, s := range []string{string(e.Kind), e.Fund, e.Reference, e.MOP, e.VATCode, e.Narrative, e.Office,
		e.PSPPaymentID, e.PSPReference, e.CardBrand, e.CardFirst6, e.CardLast4} {
		h.str(s)
	}
	h.int(int64(e.Amount))
	h.int(int64(e.VATRate))
	h.int(int64(e.VATAmount))
	h.time(e.TransactionTime)
	h.date(e.BusinessDate)
	h.int(e.LinksEntry)
}
