package sqldb

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

// ReportScope is the funds a report may read: every fund, or only Funds (none when it is empty).
// The store checks no role: the reports service does.
type ReportScope struct {
	AllFunds bool
	Funds    []string
}

// none reports whether the scope lets no fund through, so a query need not run (fail closed).
func (s ReportScope) none() bool { return !s.AllFunds && len(s.Funds) == 0 }

// reportQuery builds a query's arguments, numbering the placeholders as they are added.
type reportQuery struct{ args []any }

// arg adds v and returns its placeholder.
func (q *reportQuery) arg(v any) string {
	q.args = append(q.args, v)
	return "$" + strconv.Itoa(len(q.args))
}

// in returns "col IN (…)" for the scope's funds, or TRUE when the scope has every fund.
func (q *reportQuery) in(col string, s ReportScope) string {
	if s.AllFunds {
		return "TRUE"
	}
	marks := make([]string, len(s.Funds))
	for i, f := range s.Funds {
		marks[i] = q.arg(f)
	}
	return col + " IN (" + strings.Join(marks, ", ") + ")"
}

// notIn returns "col NOT IN (…)" for the scope's funds, or FALSE when the scope has every fund:
// the condition of a row outside the scope.
func (q *reportQuery) notIn(col string, s ReportScope) string {
	if s.AllFunds {
		return "FALSE"
	}
	marks := make([]string, len(s.Funds))
	for i, f := range s.Funds {
		marks[i] = q.arg(f)
	}
	return col + " NOT IN (" + strings.Join(marks, ", ") + ")"
}

// incomeWhere is the condition of an income entry (ADR 30) of the scope's funds between two
// business dates: any kind but suspense_in and suspense_out, of any fund but the suspense fund.
func (q *reportQuery) incomeWhere(s ReportScope, from, to time.Time) string {
	return `e.business_date >= ` + q.arg(from) + ` AND e.business_date <= ` + q.arg(to) +
		` AND e.kind NOT IN ('` + string(ims.EntrySuspenseIn) + `', '` + string(ims.EntrySuspenseOut) + `')` +
		` AND NOT f.suspense AND ` + q.in("e.fund", s)
}

// IncomeByFund returns the income of each fund of s between two business dates (inclusive), summed
// by the database, in fund code order.
func (db *DB) IncomeByFund(ctx context.Context, s ReportScope, from, to time.Time) (lines []ims.IncomeLine, err error) {
	defer ims.Wrap(&err, "IncomeByFund")
	if s.none() {
		return nil, nil
	}
	var q reportQuery
	where := q.incomeWhere(s, from, to)
	return db.incomeLines(ctx, `SELECT e.fund, f.name, COALESCE(CAST(SUM(e.amount) AS BIGINT), 0), COUNT(*)
		FROM ledger_entries e JOIN funds f ON f.code = e.fund
		WHERE `+where+` GROUP BY e.fund, f.name ORDER BY e.fund`, q.args)
}

// IncomeByMOP returns the income of s's funds between two business dates (inclusive) by method of
// payment, in MOP code order.
func (db *DB) IncomeByMOP(ctx context.Context, s ReportScope, from, to time.Time) (lines []ims.IncomeLine, err error) {
	defer ims.Wrap(&err, "IncomeByMOP")
	if s.none() {
		return nil, nil
	}
	var q reportQuery
	where := q.incomeWhere(s, from, to)
	return db.incomeLines(ctx, `SELECT e.mop, COALESCE(m.name, e.mop), COALESCE(CAST(SUM(e.amount) AS BIGINT), 0), COUNT(*)
		FROM ledger_entries e JOIN funds f ON f.code = e.fund LEFT JOIN mops m ON m.code = e.mop
		WHERE `+where+` GROUP BY e.mop, m.name ORDER BY e.mop`, q.args)
}

func (db *DB) incomeLines(ctx context.Context, query string, args []any) ([]ims.IncomeLine, error) {
	rows, err := db.SQL.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var lines []ims.IncomeLine
	for rows.Next() {
		var l ims.IncomeLine
		var amount int64
		if err := rows.Scan(&l.Code, &l.Name, &amount, &l.Entries); err != nil {
			return nil, err
		}
		l.Amount = money.Pence(amount)
		lines = append(lines, l)
	}
	return lines, rows.Err()
}

// EndOfDayLines returns one business date's income of s's funds by fund × method of payment × VAT
// code, with the VAT of each, in that order.
func (db *DB) EndOfDayLines(ctx context.Context, s ReportScope, date time.Time) (lines []ims.EndOfDayLine, err error) {
	defer ims.Wrap(&err, "EndOfDayLines")
	if s.none() {
		return nil, nil
	}
	var q reportQuery
	where := q.incomeWhere(s, date, date)
	rows, err := db.SQL.QueryContext(ctx, `SELECT e.fund, f.name, e.mop, COALESCE(m.name, e.mop), e.vat_code,
			COALESCE(CAST(SUM(e.amount) AS BIGINT), 0), COALESCE(CAST(SUM(e.vat_amount) AS BIGINT), 0), COUNT(*)
		FROM ledger_entries e JOIN funds f ON f.code = e.fund LEFT JOIN mops m ON m.code = e.mop
		WHERE `+where+` GROUP BY e.fund, f.name, e.mop, m.name, e.vat_code ORDER BY e.fund, e.mop, e.vat_code`, q.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var l ims.EndOfDayLine
		var amount, vat int64
		if err := rows.Scan(&l.Fund, &l.FundName, &l.MOP, &l.MOPName, &l.VATCode, &amount, &vat, &l.Entries); err != nil {
			return nil, err
		}
		l.Amount, l.VAT = money.Pence(amount), money.Pence(vat)
		lines = append(lines, l)
	}
	return lines, rows.Err()
}

// Banking returns the money each channel should bank for one business date (ADR 30): the entries
// of s's funds (the suspense fund's too) in postings that bring money in or send it out — not
// journals, transfers, suspense allocations or their reversals — by card provider account, by
// office for cash and cheques, and by method of payment for the rest.
func (db *DB) Banking(ctx context.Context, s ReportScope, date time.Time) (lines []ims.BankingLine, err error) {
	defer ims.Wrap(&err, "Banking")
	if s.none() {
		return nil, nil
	}
	var q reportQuery
	moved := `('` + string(ims.PostingJournal) + `', '` + string(ims.PostingTransfer) + `', '` +
		string(ims.PostingSuspense) + `', '` + string(ims.PostingReversal) + `')`
	card := `('` + string(ims.KindCardSelfService) + `', '` + string(ims.KindCardStaff) + `', '` + string(ims.KindCardATP) + `')`
	channel := `CASE WHEN m.kind IN ` + card + ` THEN '` + ims.ChannelCard + `'
		WHEN m.kind = '` + string(ims.KindCash) + `' THEN '` + ims.ChannelCash + `'
		WHEN m.kind = '` + string(ims.KindCheque) + `' THEN '` + ims.ChannelCheque + `' ELSE '` + ims.ChannelOther + `' END`
	place := `CASE WHEN m.kind IN ` + card + ` THEN COALESCE(m.provider_account, '')
		WHEN m.kind IN ('` + string(ims.KindCash) + `', '` + string(ims.KindCheque) + `') THEN COALESCE(e.office, p.office, '')
		ELSE e.mop END`
	placeName := `CASE WHEN m.kind IN ` + card + ` THEN COALESCE(m.provider_account, '')
		WHEN m.kind IN ('` + string(ims.KindCash) + `', '` + string(ims.KindCheque) + `') THEN COALESCE(o.name, '')
		ELSE COALESCE(m.name, e.mop) END`
	date1 := q.arg(date)
	scope := q.in("e.fund", s)
	// A reversal counts when what it reverses brought money in: reversing an import posted in
	// error takes its money back out of what the bank should hold.
	rows, err := db.SQL.QueryContext(ctx, `SELECT `+channel+`, `+place+`, `+placeName+`,
			COALESCE(CAST(SUM(e.amount) AS BIGINT), 0), COUNT(*)
		FROM ledger_entries e JOIN postings p ON p.id = e.posting_id
			LEFT JOIN postings r ON r.id = p.reverses
			LEFT JOIN mops m ON m.code = e.mop
			LEFT JOIN offices o ON o.code = COALESCE(e.office, p.office)
		WHERE e.business_date = `+date1+` AND `+scope+`
			AND (p.kind NOT IN `+moved+` OR (p.kind = '`+string(ims.PostingReversal)+`' AND r.kind NOT IN `+moved+`))
		GROUP BY 1, 2, 3 ORDER BY 1, 2`, q.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var l ims.BankingLine
		var amount int64
		if err := rows.Scan(&l.Channel, &l.Place, &l.PlaceName, &amount, &l.Entries); err != nil {
			return nil, err
		}
		l.Amount = money.Pence(amount)
		lines = append(lines, l)
	}
	return lines, rows.Err()
}

// CardOutcomes counts and sums the card payments of s's funds that finished in state between two
// times (from inclusive, to exclusive): a payment counts only when every one of its lines is of a
// fund of s.
func (db *DB) CardOutcomes(ctx context.Context, s ReportScope, states []ims.PaymentState, from, to time.Time) (c ims.ReportCount, err error) {
	defer ims.Wrap(&err, "CardOutcomes")
	if s.none() || len(states) == 0 {
		return c, nil
	}
	var q reportQuery
	marks := make([]string, len(states))
	for i, st := range states {
		marks[i] = q.arg(string(st))
	}
	query := `SELECT COUNT(*), COALESCE(CAST(SUM(pp.amount) AS BIGINT), 0) FROM pending_payments pp
		WHERE pp.state IN (` + strings.Join(marks, ", ") + `) AND pp.finished_at >= ` + q.arg(from.UTC()) +
		` AND pp.finished_at < ` + q.arg(to.UTC()) + `
		AND NOT EXISTS (SELECT 1 FROM pending_payment_lines l WHERE l.payment_id = pp.id AND ` + q.notIn("l.fund", s) + `)`
	return db.reportCount(ctx, query, q.args)
}

// RefundsAwaitingTotals counts and sums the refunds waiting for a second person whose lines are
// all of funds of s.
func (db *DB) RefundsAwaitingTotals(ctx context.Context, s ReportScope) (c ims.ReportCount, err error) {
	defer ims.Wrap(&err, "RefundsAwaitingTotals")
	if s.none() {
		return c, nil
	}
	var q reportQuery
	query := `SELECT COUNT(*), COALESCE(CAST(SUM(r.amount) AS BIGINT), 0) FROM refunds r
		WHERE r.state = ` + q.arg(string(ims.RefundAwaitingApproval)) + `
		AND NOT EXISTS (SELECT 1 FROM refund_lines rl JOIN ledger_entries e ON e.id = rl.entry_id
			WHERE rl.refund_id = r.id AND ` + q.notIn("e.fund", s) + `)`
	return db.reportCount(ctx, query, q.args)
}

func (db *DB) reportCount(ctx context.Context, query string, args []any) (ims.ReportCount, error) {
	var c ims.ReportCount
	var amount int64
	if err := db.SQL.QueryRowContext(ctx, query, args...).Scan(&c.Count, &amount); err != nil {
		return c, err
	}
	c.Amount = money.Pence(amount)
	return c, nil
}

// ImportsWaitingAndFailed counts the imports queued or running, and those that failed since a time,
// whose import type is of a fund of s (an import type of no fund only when s has every fund).
func (db *DB) ImportsWaitingAndFailed(ctx context.Context, s ReportScope, failedSince time.Time) (waiting, failed int64, err error) {
	defer ims.Wrap(&err, "ImportsWaitingAndFailed")
	if s.none() {
		return 0, 0, nil
	}
	var q reportQuery
	query := `SELECT
			COALESCE(SUM(CASE WHEN i.state IN (` + q.arg(ims.ImportQueued) + `, ` + q.arg(ims.ImportRunning) + `) THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN i.state = ` + q.arg(ims.ImportFailed) + ` AND i.finished_at >= ` + q.arg(failedSince.UTC()) + ` THEN 1 ELSE 0 END), 0)
		FROM imports i LEFT JOIN import_types t ON t.code = i.import_type WHERE ` + q.in("t.fund", s)
	var w, f sql.NullInt64
	if err := db.SQL.QueryRowContext(ctx, query, q.args...).Scan(&w, &f); err != nil {
		return 0, 0, err
	}
	return w.Int64, f.Int64, nil
}

// SuspenseFundCode returns the code of the suspense fund, blank when there is none.
func (db *DB) SuspenseFundCode(ctx context.Context) (code string, err error) {
	defer ims.Wrap(&err, "SuspenseFundCode")
	err = db.SQL.QueryRowContext(ctx, `SELECT code FROM funds WHERE suspense ORDER BY code LIMIT 1`).Scan(&code)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return code, err
}
