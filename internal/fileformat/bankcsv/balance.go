package bankcsv

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

// A follower follows the running balance of an export row by row as the rows are read, so that a
// file of any size is checked in constant memory: it reports every balance that does not follow
// from the one before it and its row's amount, and the first row whose date breaks the stated order,
// and it knows the statement's opening and closing balances once the last row is read.
//
// Rows are read in file order, which for a newest-first export is the reverse of the order they
// happened in; the checks pair each row with the one before it in time all the same.
type follower struct {
	order     string // OldestFirst, NewestFirst, or "" when the export says nothing of its order
	format    func(int64) string
	rows      int
	first     balanceRow // the first row of the file
	prev      balanceRow // the row read last
	dateBreak *ims.Problem
	problems  []ims.Problem // balances that do not follow, in file order
}

// A balanceRow is what the checks need of one row.
type balanceRow struct {
	line       int
	date       time.Time
	minor      int64
	balance    int64
	hasBalance bool
}

// add follows one row, the next in the file.
func (f *follower) add(r balanceRow) {
	if f.rows == 0 {
		f.first = r
	} else if f.order != "" {
		if f.order == NewestFirst {
			f.check(r, f.prev) // r happened before the row above it
		} else {
			f.check(f.prev, r)
		}
	}
	f.prev = r
	f.rows++
}

// check compares a row with the one that happened just before it.
func (f *follower) check(before, row balanceRow) {
	// Newest first, the first break in time is the last one in the file.
	if row.date.Before(before.date) && (f.dateBreak == nil || f.order == NewestFirst) {
		f.dateBreak = &ims.Problem{
			Where: "line " + strconv.Itoa(row.line),
			Message: fmt.Sprintf("the rows are not %s: this row is dated %s and line %d %s",
				f.order, row.date.Format("2006-01-02"), before.line, before.date.Format("2006-01-02")),
		}
	}
	if !before.hasBalance || !row.hasBalance {
		return
	}
	want, err := money.Add(money.Pence(before.balance), money.Pence(row.minor))
	if err != nil || int64(want) != row.balance {
		f.problems = append(f.problems, ims.Problem{
			Where: "line " + strconv.Itoa(row.line),
			Message: fmt.Sprintf("the balance %s does not follow from the balance %s on line %d and this row's amount %s: expected %s",
				f.format(row.balance), f.format(before.balance), before.line, f.format(row.minor), f.format(int64(want))),
		})
	}
}

// finish sets the statement's Opening (the balance before the row that happened first) and Closing
// (the balance after the row that happened last) and returns the problems found, in the order the
// rows happened.
func (f *follower) finish(st *ims.Statement) []ims.Problem {
	var problems []ims.Problem
	if f.dateBreak != nil {
		problems = append(problems, *f.dateBreak)
	}
	if f.rows == 0 || f.order == "" {
		return problems
	}
	earliest, latest := f.first, f.prev
	if f.order == NewestFirst {
		earliest, latest = latest, earliest
		slices.Reverse(f.problems)
	}
	if earliest.hasBalance {
		if open, err := money.Add(money.Pence(earliest.balance), money.Pence(-earliest.minor)); err == nil {
			st.Opening = &ims.Balance{Type: "before first row", Date: earliest.date, Currency: st.Currency, Minor: int64(open)}
		}
	}
	if latest.hasBalance {
		st.Closing = &ims.Balance{Type: "after last row", Date: latest.date, Currency: st.Currency, Minor: latest.balance}
	}
	return append(problems, f.problems...)
}
