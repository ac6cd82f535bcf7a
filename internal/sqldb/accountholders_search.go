package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/ims-council/ims"
)

// The search keys of an account holder (columns name_key, address_key, postcode_key), folded here in
// Go rather than with SQL's lower(), which on SQLite folds only ASCII: both engines store and
// compare the same bytes.
func nameKey(name string) string { return strings.ToLower(strings.Join(strings.Fields(name), " ")) }

func addressKey(lines []string) string { return nameKey(strings.Join(lines, " ")) }

// PostcodeKey returns a postcode as it is searched: upper case, without spaces, so "ab1 2cd" and
// "AB12CD" find the same holders.
func PostcodeKey(p string) string { return strings.ToUpper(strings.Join(strings.Fields(p), "")) }

// maxRune ends the upper bound of a prefix range: every string that starts with p sorts, byte by
// byte, from p up to p followed by it.
const maxRune = "\U0010FFFF"

// likeContains returns a LIKE pattern matching s anywhere, with LIKE's own wildcards in s escaped.
func likeContains(s string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s) + "%"
}

// SearchAccountHolders returns up to q.Limit account holders matching q, in (fund, reference) order,
// after q.After. funds limits the result to those funds; nil means every fund. Reference and postcode
// prefixes are byte-wise ranges (the C collation on PostgreSQL) so their indexes serve them; name and
// address are matched anywhere, served on PostgreSQL by trigram indexes.
func (db *DB) SearchAccountHolders(ctx context.Context, funds []string, q ims.AccountHolderSearch) (_ []ims.AccountHolder, err error) {
	defer ims.Wrap(&err, "SearchAccountHolders")
	if funds != nil && len(funds) == 0 {
		return nil, nil
	}
	collate := ""
	if db.Engine == Postgres {
		collate = ` COLLATE "C"`
	}
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if funds != nil {
		ph := make([]string, len(funds))
		for i, f := range funds {
			ph[i] = arg(f)
		}
		where = append(where, "fund IN ("+strings.Join(ph, ", ")+")")
	}
	if q.Fund != "" {
		where = append(where, "fund = "+arg(q.Fund))
	}
	if ref := ims.NormalizeReference(q.Reference); ref != "" {
		where = append(where, fmt.Sprintf("reference%s >= %s AND reference%s < %s", collate, arg(ref), collate, arg(ref+maxRune)))
	}
	if pc := PostcodeKey(q.Postcode); pc != "" {
		where = append(where, fmt.Sprintf("postcode_key%s >= %s AND postcode_key%s < %s", collate, arg(pc), collate, arg(pc+maxRune)))
	}
	if n := nameKey(q.Name); n != "" {
		where = append(where, "name_key LIKE "+arg(likeContains(n))+` ESCAPE '\'`)
	}
	if a := nameKey(q.Address); a != "" {
		where = append(where, "address_key LIKE "+arg(likeContains(a))+` ESCAPE '\'`)
	}
	if q.After != nil {
		where = append(where, fmt.Sprintf("(fund, reference) > (%s, %s)", arg(q.After.Fund), arg(q.After.Reference)))
	}
	query := `SELECT fund, reference, name, address, postcode, balance, stop_message, updated_at FROM account_holders`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY fund, reference LIMIT " + arg(q.Limit)
	rows, err := db.SQL.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ims.AccountHolder
	for rows.Next() {
		h, err := scanHolder(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

func scanHolder(scan func(...any) error) (h ims.AccountHolder, err error) {
	var address string
	var stop sql.NullString
	err = scan(&h.Fund, &h.Reference, &h.Name, &address, &h.Postcode, &h.Balance, &stop, &h.UpdatedAt)
	h.Address, h.StopMessage = linesFrom(address), stop.String
	return h, err
}

// AccountHolderDetail returns the account holder with a reference in a fund, with its fund's name,
// the text of its stop message and the fund's messages, and false when there is none.
func (db *DB) AccountHolderDetail(ctx context.Context, fund, reference string) (d ims.AccountHolderDetail, found bool, err error) {
	defer ims.Wrap(&err, "AccountHolderDetail(%q, %q)", fund, reference)
	var stopText sql.NullString
	var address string
	var stop sql.NullString
	err = db.SQL.QueryRowContext(ctx, `SELECT a.fund, a.reference, a.name, a.address, a.postcode, a.balance, a.stop_message,
		a.updated_at, f.name, m.text
		FROM account_holders a JOIN funds f ON f.code = a.fund
		LEFT JOIN fund_messages m ON m.fund = a.fund AND m.code = a.stop_message
		WHERE a.fund = $1 AND a.reference = $2`, fund, reference).Scan(&d.Fund, &d.Reference, &d.Name, &address,
		&d.Postcode, &d.Balance, &stop, &d.UpdatedAt, &d.FundName, &stopText)
	if err == sql.ErrNoRows {
		return d, false, nil
	}
	if err != nil {
		return d, false, err
	}
	d.Address, d.StopMessage, d.StopMessageText = linesFrom(address), stop.String, stopText.String
	d.FundMessages, err = db.fundMessagesOf(ctx, db.SQL, fund)
	return d, true, err
}

// fundMessagesOf returns the messages of a fund in code order.
func (db *DB) fundMessagesOf(ctx context.Context, q querier, fund string) ([]ims.FundMessage, error) {
	rows, err := q.QueryContext(ctx, `SELECT fund, code, text FROM fund_messages WHERE fund = $1 ORDER BY code`, fund)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ims.FundMessage
	for rows.Next() {
		var m ims.FundMessage
		if err := rows.Scan(&m.Fund, &m.Code, &m.Text); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// SetAccountHolderStopMessage sets (code) or removes ("") the stop message of an account holder in
// tx and returns the holder as it was, or false when there is none. It checks no role and writes no
// audit row: the account holder service does both.
func (tx *Tx) SetAccountHolderStopMessage(ctx context.Context, fund, reference, code string) (before ims.AccountHolder, found bool, err error) {
	defer ims.Wrap(&err, "SetAccountHolderStopMessage(%q, %q)", fund, reference)
	lock := ""
	if tx.owner.Engine == Postgres {
		lock = " FOR UPDATE"
	}
	before, err = scanHolder(tx.QueryRowContext(ctx, `SELECT fund, reference, name, address, postcode, balance, stop_message,
		updated_at FROM account_holders WHERE fund = $1 AND reference = $2`+lock, fund, reference).Scan)
	if err == sql.ErrNoRows {
		return before, false, nil
	}
	if err != nil {
		return before, false, err
	}
	if code != "" {
		if err := mustExistMessage(ctx, tx, fund, code); err != nil {
			return before, true, err
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE account_holders SET stop_message = $1, updated_at = $2 WHERE fund = $3 AND reference = $4`,
		nullString(code), tx.owner.now(), fund, reference)
	return before, true, err
}

func mustExistMessage(ctx context.Context, q querier, fund, code string) error {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM fund_messages WHERE fund = $1 AND code = $2`, fund, code).Scan(&one)
	if err == sql.ErrNoRows {
		return ims.FieldError("stop_message", "Fund %s has no message %s", fund, code)
	}
	return err
}
