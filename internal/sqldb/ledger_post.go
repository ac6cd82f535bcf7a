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

// postingRole returns the role a person needs to write each kind of posting. Payments taken through
// the portal and the API are posted by the system principal, which holds every role.
func postingRole(k ims.PostingKind) (ims.Role, bool) {
	switch k {
	case ims.PostingPayment:
		return ims.Payments, true
	case ims.PostingManual:
		return ims.PostPayment, true
	case ims.PostingRefund:
		return ims.Refund, true
	case ims.PostingJournal:
		return ims.Journal, true
	case ims.PostingTransfer:
		return ims.Transfer, true
	case ims.PostingImport, ims.PostingSuspense, ims.PostingReversal:
		return ims.Finance, true
	case ims.PostingCashReturn:
		return ims.CashReturnAuthoriser, true
	}
	return "", false
}

// Post writes one posting and its entries, chained to the posting before it, with its audit event,
// in one transaction. It checks every line (fund and MOP enabled, VAT code allowed, no card numbers in
// free text, amounts not zero), and that journals, transfers, reversals and suspense allocations net
// to zero. Account reference rules (SPEC §2.1) are the caller's: they differ between a citizen's
// payment and an import line bound for suspense.
func (db *DB) Post(ctx context.Context, p ims.Principal, np ims.NewPosting) (posting ims.Posting, err error) {
	defer ims.Wrap(&err, "Post %s", np.Kind)
	role, ok := postingRole(np.Kind)
	if !ok {
		return posting, ims.FieldError("kind", "Posting kind %q does not exist", np.Kind)
	}
	if err := p.Require(role); err != nil {
		return posting, err
	}
	err = db.inLedgerTx(ctx, func(tx *txn) error {
		posting, err = db.post(ctx, tx, p, np)
		return err
	})
	return posting, err
}

func (db *DB) post(ctx context.Context, tx *txn, p ims.Principal, np ims.NewPosting) (ims.Posting, error) {
	now := db.now()
	po := ims.Posting{Kind: np.Kind, Source: np.Source, SourceRef: np.SourceRef, Narrative: np.Narrative,
		Actor: p.Actor(), Office: np.Office, CreatedAt: now, BusinessDate: ims.BusinessDate(now, db.London),
		Reverses: np.Reverses, ReceiptNumber: np.ReceiptNumber}
	if err := db.checkPosting(ctx, tx, np); err != nil {
		return po, err
	}
	entries, err := db.buildEntries(ctx, tx, np, po)
	if err != nil {
		return po, err
	}
	po.Entries = entries
	if po.ID, po.PrevHash, err = tx.advance(ctx, "ledger"); err != nil {
		return po, err
	}
	for i := range po.Entries {
		po.Entries[i].PostingID = po.ID
	}
	if err := db.insertPosting(ctx, tx, &po); err != nil {
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

func (db *DB) checkPosting(ctx context.Context, tx *txn, np ims.NewPosting) error {
	if len(np.Entries) == 0 {
		return ims.FieldError("entries", "A posting needs at least one line")
	}
	if ims.LooksLikeCardNumber(np.Narrative) {
		return ims.FieldError("narrative", "The narrative looks like a card number; card numbers must never be recorded")
	}
	if np.Office != "" {
		if err := mustExist(ctx, tx, "office", "Office", "offices", "code", np.Office); err != nil {
			return err
		}
	}
	if np.Reverses != 0 {
		if err := mustExist(ctx, tx, "reverses", "Posting", "postings", "id", fmt.Sprint(np.Reverses)); err != nil {
			return err
		}
	}
	if np.Kind.ZeroSum() {
		var total money.Pence
		for _, e := range np.Entries {
			var err error
			if total, err = money.Add(total, e.Amount); err != nil {
				return ims.FieldError("entries", "The lines add up to more than can be recorded")
			}
		}
		if total != 0 {
			return ims.FieldError("entries", "A %s must net to zero, but its lines add up to %s", np.Kind, total.Display())
		}
	}
	return nil
}

// lineField names a field of line i the way forms and the API report it: entries[2].fund_code.
func lineField(i int, field string) string { return fmt.Sprintf("entries[%d].%s", i, field) }

// buildEntries checks each requested line against the reference data and fills in VAT and dates.
func (db *DB) buildEntries(ctx context.Context, tx *txn, np ims.NewPosting, po ims.Posting) ([]ims.LedgerEntry, error) {
	problems := ims.Problems{}
	entries := make([]ims.LedgerEntry, 0, len(np.Entries))
	for i, ne := range np.Entries {
		f, err := cached(ctx, tx, tx.funds, ne.Fund, db.Funds())
		if err != nil {
			return nil, err
		}
		m, err := cached(ctx, tx, tx.mops, ne.MOP, db.MOPs())
		if err != nil {
			return nil, err
		}
		switch {
		case f == nil:
			problems.Add(lineField(i, "fund_code"), "Fund %q does not exist", ne.Fund)
		case f.Disabled:
			problems.Add(lineField(i, "fund_code"), "Fund %s is disabled", f.Code)
		}
		switch {
		case m == nil:
			problems.Add(lineField(i, "mop_code"), "Method of payment %q does not exist", ne.MOP)
		case m.Disabled:
			problems.Add(lineField(i, "mop_code"), "Method of payment %s is disabled", m.Code)
		}
		if ne.Amount == 0 {
			problems.Add(lineField(i, "amount"), "Amount must not be zero")
		}
		if ims.LooksLikeCardNumber(ne.Narrative) {
			problems.Add(lineField(i, "narrative"), "The narrative looks like a card number; card numbers must never be recorded")
		}
		if strings.TrimSpace(ne.Reference) == "" {
			problems.Add(lineField(i, "reference"), "Enter a reference")
		}
		if len(ne.CardFirst6) > 6 || len(ne.CardLast4) > 4 {
			problems.Add(lineField(i, "card"), "Only the first 6 and last 4 digits of a card may be recorded")
		}
		if f == nil || m == nil {
			continue
		}
		vatCode := f.VATCode
		if ne.VATCode != "" && ne.VATCode != f.VATCode {
			if !f.VATOverride {
				problems.Add(lineField(i, "vat_code"), "Fund %s does not allow VAT code %s; its VAT code is %s", f.Code, ne.VATCode, f.VATCode)
				continue
			}
			vatCode = ne.VATCode
		}
		v, err := cached(ctx, tx, tx.vats, vatCode, db.VATCodes())
		if err != nil {
			return nil, err
		}
		if v == nil || v.Disabled {
			problems.Add(lineField(i, "vat_code"), "VAT code %s does not exist or is disabled", vatCode)
			continue
		}
		vat, err := money.VAT(ne.Amount, v.Rate, db.Rounding)
		if err != nil {
			return nil, err
		}
		txTime := ne.TransactionTime.UTC().Truncate(time.Microsecond)
		if ne.TransactionTime.IsZero() {
			txTime = po.CreatedAt
		}
		entries = append(entries, ims.LedgerEntry{Line: i + 1, Kind: ne.Kind, Fund: f.Code,
			Reference: ne.Reference, MOP: m.Code, Amount: ne.Amount, VATCode: v.Code, VATRate: v.Rate, VATAmount: vat,
			Narrative: ne.Narrative, Office: po.Office, TransactionTime: txTime, BusinessDate: po.BusinessDate,
			PSPPaymentID: ne.PSPPaymentID, PSPReference: ne.PSPReference, CardBrand: ne.CardBrand,
			CardFirst6: ne.CardFirst6, CardLast4: ne.CardLast4, LinksEntry: ne.LinksEntry})
	}
	return entries, problems.Err("The posting has lines that cannot be recorded")
}

// cached reads a reference data record once per transaction: an import of a million lines, or a
// batch of postings, touches a handful of funds.
func cached[T validator](ctx context.Context, tx *txn, seen map[string]T, code string, s Store[T]) (*T, error) {
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

func (db *DB) insertPosting(ctx context.Context, tx *txn, po *ims.Posting) error {
	given := po.ReceiptNumber != ""
	for attempt := 0; ; attempt++ {
		if !given {
			n, err := receiptno.New(db.Rand)
			if err != nil {
				return err
			}
			po.ReceiptNumber = n
		}
		po.Hash = postingHash(*po)
		if tx.deferred != nil {
			tx.deferred.postings = append(tx.deferred.postings, *po)
			return nil
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO postings (id, kind, receipt_number, source, source_ref, narrative,
			actor, office, created_at, business_date, reverses, entry_count, total, prev_hash, hash)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
			ON CONFLICT (receipt_number) DO NOTHING`,
			po.ID, po.Kind, po.ReceiptNumber, po.Source, po.SourceRef, po.Narrative, po.Actor, nullString(po.Office),
			po.CreatedAt, po.BusinessDate, sql.NullInt64{Int64: po.Reverses, Valid: po.Reverses != 0},
			len(po.Entries), po.Total(), po.PrevHash, po.Hash)
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
func (db *DB) insertEntries(ctx context.Context, tx *txn, entries []ims.LedgerEntry) error {
	if tx.deferred != nil {
		tx.deferred.entries = append(tx.deferred.entries, entries...)
		return nil
	}
	return db.writeEntries(ctx, tx, entries)
}

// writeEntries writes entries at once (see insertEntries).
func (db *DB) writeEntries(ctx context.Context, tx *txn, entries []ims.LedgerEntry) error {
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
// Optional columns travel as ” or 0 and become NULL in the statement.
func insertEntriesUnnest(ctx context.Context, tx *txn, entries []ims.LedgerEntry) error {
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
	_, err := tx.ExecContext(ctx, `INSERT INTO ledger_entries (`+strings.Join(entryColumns(), ", ")+`)
		SELECT posting_id, line, kind, fund, reference, mop, amount, vat_code, vat_rate_bp, vat_amount, narrative,
			NULLIF(office, ''), transaction_time, business_date, psp_payment_id, psp_reference, card_brand, card_first6,
			card_last4, NULLIF(links_entry, 0)
		FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[],
			$9::bigint[], $10::bigint[], $11::text[], $12::text[], $13::timestamptz[], $14::date[], $15::text[], $16::text[],
			$17::text[], $18::text[], $19::text[], $20::bigint[])
		AS t(posting_id, line, kind, fund, reference, mop, amount, vat_code, vat_rate_bp, vat_amount, narrative, office,
			transaction_time, business_date, psp_payment_id, psp_reference, card_brand, card_first6, card_last4, links_entry)`,
		postingID, line, kind, fund, ref, mop, amount, vatCode, rate, vat, narrative, office, txTime, bizDate,
		pspID, pspRef, brand, first6, last4, links)
	if err != nil {
		return fmt.Errorf("writing ledger entries: %w", err)
	}
	return nil
}

// postingHash is the canonical hash of a posting and its entries, chained to the previous posting.
// Entry ids are not part of it: they are assigned by the database, and line numbers order entries.
func postingHash(po ims.Posting) string {
	h := newHasher(po.PrevHash)
	h.int(po.ID)
	for _, s := range []string{string(po.Kind), po.ReceiptNumber, string(po.Source), po.SourceRef, po.Narrative, po.Actor, po.Office} {
		h.str(s)
	}
	h.time(po.CreatedAt)
	h.date(po.BusinessDate)
	h.int(po.Reverses)
	h.int(int64(len(po.Entries)))
	for _, e := range po.Entries {
		hashEntry(h, e)
	}
	return h.sum()
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
