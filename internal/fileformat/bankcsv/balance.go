package bankcsv

import (
	"fmt"
	"strconv"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat/currency"
	"github.com/ims-council/ims/money"
)

// followBalances walks the entries in the order they happened (the file's order, or its reverse for
// a newest-first export), sets the statement's Opening and Closing from the running balances, and
// reports every balance that does not follow from the one before and its row's amount, and the first
// row whose date breaks the stated order.
func followBalances(st *ims.Statement, balances []*int64, order string) []ims.Problem {
	n := len(st.Entries)
	at := func(k int) int { // index in the file of the k-th entry in time
		if order == NewestFirst {
			return n - 1 - k
		}
		return k
	}
	var problems []ims.Problem
	ccy := st.Currency
	exp, _ := currency.Exponent(ccy)
	format := func(v int64) string { return money.FormatMinor(v, exp) }

	if order != "" {
		for k := 1; k < n; k++ {
			prev, cur := st.Entries[at(k-1)], st.Entries[at(k)]
			if cur.BookingDate.Before(prev.BookingDate) {
				problems = append(problems, ims.Problem{
					Where: "line " + strconv.Itoa(cur.Line),
					Message: fmt.Sprintf("the rows are not %s: this row is dated %s and line %d %s",
						order, cur.BookingDate.Format("2006-01-02"), prev.Line, prev.BookingDate.Format("2006-01-02")),
				})
				break
			}
		}
	}
	if n == 0 || order == "" {
		return problems
	}
	for k := 1; k < n; k++ {
		prevBal, bal := balances[at(k-1)], balances[at(k)]
		if prevBal == nil || bal == nil {
			continue
		}
		e := st.Entries[at(k)]
		want, err := money.Add(money.Pence(*prevBal), money.Pence(e.Minor))
		if err != nil || int64(want) != *bal {
			problems = append(problems, ims.Problem{
				Where: "line " + strconv.Itoa(e.Line),
				Message: fmt.Sprintf("the balance %s does not follow from the balance %s on line %d and this row's amount %s: expected %s",
					format(*bal), format(*prevBal), st.Entries[at(k-1)].Line, format(e.Minor), format(int64(want))),
			})
		}
	}
	first, last := at(0), at(n-1)
	if b := balances[first]; b != nil {
		if open, err := money.Add(money.Pence(*b), money.Pence(-st.Entries[first].Minor)); err == nil {
			st.Opening = &ims.Balance{Type: "before first row", Date: st.Entries[first].BookingDate, Currency: ccy, Minor: int64(open)}
		}
	}
	if b := balances[last]; b != nil {
		st.Closing = &ims.Balance{Type: "after last row", Date: st.Entries[last].BookingDate, Currency: ccy, Minor: *b}
	}
	return problems
}
