package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"time"

	"github.com/ims-council/ims"
)

// cashReturnColumns are the columns of cash_returns read into an ims.CashReturn by scanCashReturn,
// with the receipt number of its posting.
const cashReturnColumns = `r.id, r.template, r.template_name, r.kind, r.status, r.office, r.bag_number, r.lines, r.cash,
	r.cheques, r.created_by, r.created_at, r.submitted_by, r.submitted_at, r.authorised_by, r.authorised_at, r.posting_id,
	COALESCE(p.receipt_number, ''), r.closed_by, r.closed_at, r.close_reason
	FROM cash_returns r LEFT JOIN postings p ON p.id = r.posting_id`

// storedLine is a return's line as kept in cash_returns.lines: with the parts of the template
// staff may change, which the API's form of a line leaves out.
type storedLine struct {
	ims.CashReturnLine
	OverrideReference   bool `json:"override_reference,omitempty"`
	OverrideDescription bool `json:"override_description,omitempty"`
	OverrideVAT         bool `json:"override_vat,omitempty"`
}

func scanCashReturn(scan func(...any) error) (r ims.CashReturn, err error) {
	var lines, cash, cheques string
	var submitted, authorised, closed sql.NullTime
	var posting sql.NullInt64
	err = scan(&r.ID, &r.Template, &r.TemplateName, &r.Kind, &r.Status, &r.Office, &r.BagNumber, &lines, &cash, &cheques,
		&r.CreatedBy, &r.CreatedAt, &r.SubmittedBy, &submitted, &r.AuthorisedBy, &authorised, &posting, &r.Receipt,
		&r.ClosedBy, &closed, &r.CloseReason)
	if err != nil {
		return r, err
	}
	r.SubmittedAt, r.AuthorisedAt, r.ClosedAt, r.PostingID = submitted.Time, authorised.Time, closed.Time, posting.Int64
	var stored []storedLine
	if err := json.Unmarshal([]byte(lines), &stored); err != nil {
		return r, err
	}
	for _, s := range stored {
		l := s.CashReturnLine
		l.OverrideReference, l.OverrideDescription, l.OverrideVAT = s.OverrideReference, s.OverrideDescription, s.OverrideVAT
		r.Lines = append(r.Lines, l)
	}
	if err := json.Unmarshal([]byte(cash), &r.Cash); err != nil {
		return r, err
	}
	return r, json.Unmarshal([]byte(cheques), &r.Cheques)
}

// cashReturnJSON returns the three JSON columns of r.
func cashReturnJSON(r ims.CashReturn) (lines, cash, cheques string) {
	stored := make([]storedLine, len(r.Lines))
	for i, l := range r.Lines {
		stored[i] = storedLine{l, l.OverrideReference, l.OverrideDescription, l.OverrideVAT}
	}
	if r.Cash == nil {
		r.Cash = []ims.CashCount{}
	}
	if r.Cheques == nil {
		r.Cheques = []ims.BankedCheque{}
	}
	// Plain data: marshalling cannot fail.
	b1, _ := json.Marshal(stored)
	b2, _ := json.Marshal(r.Cash)
	b3, _ := json.Marshal(r.Cheques)
	return string(b1), string(b2), string(b3)
}

// cashReturnsWhere reads the returns cond chooses (on the alias r), in the order it gives.
func cashReturnsWhere(ctx context.Context, q querier, cond string, args ...any) ([]ims.CashReturn, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+cashReturnColumns+` WHERE `+cond, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ims.CashReturn
	for rows.Next() {
		r, err := scanCashReturn(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// cashReturn reads return id with its notes, and false when there is none.
func cashReturn(ctx context.Context, q querier, id int64) (ims.CashReturn, bool, error) {
	list, err := cashReturnsWhere(ctx, q, `r.id = $1`, id)
	if err != nil || len(list) == 0 {
		return ims.CashReturn{}, false, err
	}
	r := list[0]
	rows, err := q.QueryContext(ctx, `SELECT text, created_by, created_at FROM cash_return_notes WHERE return_id = $1 ORDER BY id`, id)
	if err != nil {
		return r, false, err
	}
	defer rows.Close()
	for rows.Next() {
		var n ims.CashReturnNote
		if err := rows.Scan(&n.Text, &n.By, &n.CreatedAt); err != nil {
			return r, false, err
		}
		r.Notes = append(r.Notes, n)
	}
	return r, true, rows.Err()
}

// CashReturn returns cash return id with its notes, and false when there is none.
func (db *DB) CashReturn(ctx context.Context, id int64) (ims.CashReturn, bool, error) {
	return cashReturn(ctx, db.SQL, id)
}

// CashReturnIn is CashReturn as tx sees it. Two people moving one return at once are told apart
// by UpdateCashReturn, which changes it only from the status read.
func (tx *Tx) CashReturnIn(ctx context.Context, id int64) (ims.CashReturn, bool, error) {
	return cashReturn(ctx, tx, id)
}

// InsertCashReturn records a new return and returns its id.
func (tx *Tx) InsertCashReturn(ctx context.Context, r ims.CashReturn) (int64, error) {
	lines, cash, cheques := cashReturnJSON(r)
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO cash_returns (template, template_name, kind, status, office, bag_number, lines,
		cash, cheques, created_by, created_at, submitted_by, authorised_by, closed_by, close_reason)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '', '', '', '') RETURNING id`, r.Template, r.TemplateName, r.Kind,
		r.Status, r.Office, r.BagNumber, lines, cash, cheques, r.CreatedBy, r.CreatedAt).Scan(&id)
	return id, tx.owner.classify(err)
}

// UpdateCashReturn writes r's state, figures and who moved it when, in tx, if it is still in
// status from; it reports false when it was not (another person moved it first).
func (tx *Tx) UpdateCashReturn(ctx context.Context, r ims.CashReturn, from ims.CashReturnStatus) (bool, error) {
	lines, cash, cheques := cashReturnJSON(r)
	res, err := tx.ExecContext(ctx, `UPDATE cash_returns SET status = $1, bag_number = $2, lines = $3, cash = $4, cheques = $5,
		submitted_by = $6, submitted_at = $7, authorised_by = $8, authorised_at = $9, posting_id = $10, closed_by = $11,
		closed_at = $12, close_reason = $13 WHERE id = $14 AND status = $15`, r.Status, r.BagNumber, lines, cash, cheques,
		r.SubmittedBy, timeOrNull(r.SubmittedAt), r.AuthorisedBy, timeOrNull(r.AuthorisedAt), sql.NullInt64{Int64: r.PostingID, Valid: r.PostingID != 0}, r.ClosedBy,
		timeOrNull(r.ClosedAt), r.CloseReason, r.ID, from)
	if err != nil {
		return false, tx.owner.classify(err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// InsertCashReturnNote adds a note to return id in tx.
func (tx *Tx) InsertCashReturnNote(ctx context.Context, id int64, n ims.CashReturnNote) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO cash_return_notes (return_id, text, created_by, created_at) VALUES ($1, $2, $3, $4)`,
		id, n.Text, n.By, n.CreatedAt)
	return err
}

// CashReturns returns up to q.Limit returns chosen by q's status and creation times (From
// inclusive, To exclusive; zero: open), newest first, with ids below q.Before when it is set.
// Notes are not read.
func (db *DB) CashReturns(ctx context.Context, q ims.CashReturnQuery) ([]ims.CashReturn, error) {
	cond, args := "1 = 1", []any{}
	add := func(c string, v any) {
		args = append(args, v)
		cond += " AND " + c + " $" + strconv.Itoa(len(args))
	}
	if q.Status != "" {
		add("r.status =", q.Status)
	}
	if !q.From.IsZero() {
		add("r.created_at >=", q.From)
	}
	if !q.To.IsZero() {
		add("r.created_at <", q.To)
	}
	if q.Before > 0 {
		add("r.id <", q.Before)
	}
	args = append(args, q.Limit)
	return cashReturnsWhere(ctx, db.SQL, cond+" ORDER BY r.id DESC LIMIT $"+strconv.Itoa(len(args)), args...)
}

// CashReturnEmail puts the email about a deleted or voided return in the outbox in tx, with its
// sending job; a return is told about once for each state it reaches.
func (tx *Tx) CashReturnEmail(ctx context.Context, to string, e ims.CashReturnEmail) error {
	payload, _ := json.Marshal(e) // plain data: cannot fail
	return tx.owner.queueEmail(ctx, tx, Email{To: to, Purpose: "cash_return", Ref: strconv.Itoa(int(e.ID)) + ":" + string(e.Status),
		Payload: string(payload)})
}

// timeOrNull is NULL for the zero time: a step the return has not reached.
func timeOrNull(t time.Time) sql.NullTime { return sql.NullTime{Time: t, Valid: !t.IsZero()} }
