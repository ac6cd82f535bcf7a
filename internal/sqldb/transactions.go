package sqldb

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/receiptno"
)

// TransactionSearch is a transaction search as the store runs it: the caller's query, the funds the
// caller may see, and where the page starts. The store checks no role: the transactions service does.
type TransactionSearch struct {
	ims.TransactionQuery
	// AllFunds lets every fund through; otherwise only entries of Funds (none when it is empty).
	AllFunds bool
	Funds    []string
	// From is the decoded cursor; nil for the first page.
	From *ims.TransactionCursor
	// Limit caps the rows; 0 reads every row (the streamed export).
	Limit int
}

// transactionColumns are the columns of a Transaction: the entry's, its id, then its posting's.
func transactionColumns() string {
	cols := entryColumns()
	for i, c := range cols {
		cols[i] = "e." + c
	}
	return strings.Join(cols, ", ") + ", e.id, p.receipt_number, p.kind, p.source, p.source_ref, p.actor, p.created_at"
}

func scanTransaction(rows *sql.Rows) (ims.Transaction, error) {
	var t ims.Transaction
	var id int64
	e, err := scanEntry(func(dest ...any) error {
		return rows.Scan(append(dest, &id, &t.ReceiptNumber, &t.PostingKind, &t.Source, &t.SourceRef, &t.Actor, &t.PostedAt)...)
	})
	e.ID = id
	t.LedgerEntry = e
	return t, err
}

// EachTransaction calls fn with each entry f finds, in f's order, as the rows are read: a search of
// a million rows is never held in memory. It stops at fn's first error and returns it.
func (db *DB) EachTransaction(ctx context.Context, f TransactionSearch, fn func(ims.Transaction) error) (err error) {
	defer ims.Wrap(&err, "EachTransaction")
	if !f.AllFunds && len(f.Funds) == 0 {
		return nil // fail closed: a caller of no fund sees nothing
	}
	where, args := db.transactionWhere(f)
	collate := ""
	if db.Engine == Postgres {
		// Reference order is byte order, the order of the C-collated index (ADR 28).
		collate = ` COLLATE "C"`
	}
	col, desc := f.Sort.Column()
	key := map[string]string{"date": "e.business_date", "amount": "e.amount", "reference": "e.reference" + collate}[col]
	dir, cmp := "", ">"
	if desc {
		dir, cmp = " DESC", "<"
	}
	if f.From != nil {
		v, err := cursorValue(col, f.From.Value)
		if err != nil {
			return err
		}
		args = append(args, v, f.From.ID)
		n := len(args)
		where = append(where, "("+key+", e.id) "+cmp+" ($"+strconv.Itoa(n-1)+", $"+strconv.Itoa(n)+")")
	}
	q := `SELECT ` + transactionColumns() + ` FROM ledger_entries e JOIN postings p ON p.id = e.posting_id
		WHERE ` + strings.Join(where, " AND ") + ` ORDER BY ` + key + dir + `, e.id` + dir
	if f.Limit > 0 {
		q += ` LIMIT ` + strconv.Itoa(f.Limit)
	}
	rows, err := db.SQL.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		t, err := scanTransaction(rows)
		if err != nil {
			return err
		}
		if err := fn(t); err != nil {
			return err
		}
	}
	return rows.Err()
}

// cursorValue turns a cursor's sort value back into the column's type.
func cursorValue(col, v string) (any, error) {
	bad := ims.FieldError("cursor", "The cursor is not one of this search's pages: start the search again")
	switch col {
	case "amount":
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, bad
		}
		return n, nil
	case "date":
		d, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return nil, bad
		}
		return d, nil
	}
	return v, nil
}

// transactionWhere returns the conditions of f and their arguments.
func (db *DB) transactionWhere(f TransactionSearch) ([]string, []any) {
	where, args := []string{"TRUE"}, []any{}
	add := func(cond string, vals ...any) {
		for _, v := range vals {
			args = append(args, v)
			cond = strings.Replace(cond, "$?", "$"+strconv.Itoa(len(args)), 1)
		}
		where = append(where, cond)
	}
	if !f.AllFunds {
		marks := make([]string, len(f.Funds))
		for i := range f.Funds {
			marks[i] = "$?"
		}
		vals := make([]any, len(f.Funds))
		for i, v := range f.Funds {
			vals[i] = v
		}
		add("e.fund IN ("+strings.Join(marks, ", ")+")", vals...)
	}
	q := f.TransactionQuery
	exact := func(col, v string) {
		if v = strings.TrimSpace(v); v != "" {
			add(col+" = $?", v)
		}
	}
	exact("e.fund", q.Fund)
	exact("e.mop", q.MOP)
	exact("e.card_last4", q.CardLast4)
	exact("e.office", q.Office)
	exact("p.actor", q.User)
	exact("p.source", string(q.Source))
	if !q.From.IsZero() {
		add("e.business_date >= $?", q.From)
	}
	if !q.To.IsZero() {
		add("e.business_date <= $?", q.To)
	}
	if !q.After.IsZero() {
		add("e.transaction_time >= $?", q.After.UTC())
	}
	if !q.Before.IsZero() {
		add("e.transaction_time < $?", q.Before.UTC())
	}
	if ref := strings.TrimSpace(q.Reference); ref != "" {
		switch q.Match {
		case ims.MatchPrefix:
			// A range of the byte-ordered index rather than LIKE, which SQLite matches in any case
			// and so cannot answer from an index; U+10FFFF sorts after every character a
			// reference holds.
			collate := ""
			if db.Engine == Postgres {
				collate = ` COLLATE "C"`
			}
			add("e.reference"+collate+" >= $? AND e.reference"+collate+" < $?", ref, ref+"\U0010FFFF")
		case ims.MatchContains:
			add(`LOWER(e.reference) LIKE $? ESCAPE '\'`, "%"+likeEscaper.Replace(strings.ToLower(ref))+"%")
		default:
			add("e.reference = $?", ref)
		}
	}
	if r := strings.TrimSpace(q.Receipt); r != "" {
		add("p.receipt_number = $?", receiptno.Normalize(r))
	}
	if q.Amount != nil {
		add("e.amount = $?", int64(*q.Amount))
	}
	if t := strings.TrimSpace(q.Narrative); t != "" {
		add(`LOWER(e.narrative) LIKE $? ESCAPE '\'`, "%"+likeEscaper.Replace(strings.ToLower(t))+"%")
	}
	if q.ImportID != 0 {
		add("p.source = $? AND p.source_ref = $?", string(ims.SourceImport), strconv.FormatInt(q.ImportID, 10))
	}
	return where, args
}
