package fileformat

import (
	"cmp"

	"github.com/ims-council/ims"
)

// A Summary is the checked outline of one file: the figures a person checks before importing it (how
// many statements and entries it holds, the credit and debit totals per currency, whether each
// statement's balances reconcile with its entries) and every problem found. Its JSON form is what
// `ims statement show` prints.
//
// Counting conventions, shared by every format so that results are comparable: an entry is one booked
// line as the parser returns it (a camt.053 Ntry, an MT940 :61:, a BAI2 16 record, one CSV or
// fixed-width detail line); a batched entry counts once at its full amount; a zero amount counts as a
// credit, because it takes nothing out of the account.
type Summary struct {
	Format          string             `json:"format"`
	Profile         string             `json:"profile,omitempty"` // the layout within the format, e.g. a bank CSV profile
	Statements      int                `json:"statements"`
	Entries         int                `json:"entries"`
	Totals          map[string]Totals  `json:"totals"` // keyed by ISO 4217 currency code
	StatementDetail []StatementSummary `json:"statement_detail"`
	Problems        []Problem          `json:"problems"`
}

// Totals counts and sums the entries in one currency. Both sums are positive minor units.
type Totals struct {
	CreditCount int   `json:"credit_count"`
	CreditMinor int64 `json:"credit_minor"`
	DebitCount  int   `json:"debit_count"`
	DebitMinor  int64 `json:"debit_minor"`
}

// A StatementSummary outlines one statement of the file and says whether it reconciles.
type StatementSummary struct {
	ID       string            `json:"id,omitempty"`
	Account  string            `json:"account"`
	Currency string            `json:"currency"`
	Entries  int               `json:"entries"`
	Totals   map[string]Totals `json:"totals"`
	Opening  *Balance          `json:"opening"`
	Closing  *Balance          `json:"closing"`
	// Reconciles is true when opening + credits - debits = closing, false when it does not, and null
	// when it cannot be checked (a balance is missing, or the figures are in different currencies).
	Reconciles *bool `json:"reconciles"`
	// ReconcileNote says why Reconciles is null, or by how much the statement is out when false.
	ReconcileNote string `json:"reconcile_note,omitempty"`
}

// A Balance is a statement's opening or closing balance as the file gives it.
type Balance struct {
	Type     string `json:"type"`
	Date     string `json:"date,omitempty"` // YYYY-MM-DD
	Currency string `json:"currency"`
	Minor    int64  `json:"minor"`  // debit balances are negative
	Amount   string `json:"amount"` // Minor in decimal, with the currency's number of decimal places
}

// A Problem is something wrong inside the file: one the parser reported, or a statement that does not
// reconcile. Statement and Warning are as in ims.Problem.
type Problem struct {
	Where   string `json:"where"`
	Message string `json:"message"`
	// Statement is the 1-based position of the statement in statement_detail that the problem
	// belongs to, left out when it belongs to the file as a whole.
	Statement int `json:"statement,omitempty"`
	// Warning is true when the problem is informative only; false when the figures of its
	// statement (or of the file) cannot be trusted and an import holds them for review.
	Warning bool `json:"warning"`
}

// Summarize returns the summary of f, from its statements' EntryCount and EntryTotals: a file read
// with a parser's Scan, which keeps no entries, gives the same summary as one read with Parse. It
// does not change f.
func Summarize(f *ims.StatementFile) Summary {
	s := Summary{
		Format:          f.Format,
		Profile:         f.Profile,
		Statements:      len(f.Statements),
		Totals:          map[string]Totals{},
		StatementDetail: make([]StatementSummary, 0, len(f.Statements)),
		Problems:        make([]Problem, 0, len(f.Problems)),
	}
	for _, p := range f.Problems {
		s.Problems = append(s.Problems, Problem{Where: p.Where, Message: p.Message, Statement: p.Statement, Warning: p.Warning})
	}
	for i, st := range f.Statements {
		d, overflow := summarizeStatement(st)
		s.Entries += d.Entries
		for ccy, t := range d.Totals {
			sum, ok := addTotals(s.Totals[ccy], t)
			if !ok {
				overflow = true
			}
			s.Totals[ccy] = sum
		}
		where := statementWhere(i, st)
		if overflow {
			s.Problems = append(s.Problems, Problem{Where: where, Statement: i + 1,
				Message: "the entries add up to more than a 64-bit total can hold; the totals shown are wrong"})
		}
		if d.Reconciles != nil && !*d.Reconciles {
			s.Problems = append(s.Problems, Problem{Where: where, Message: d.ReconcileNote, Statement: i + 1})
		}
		s.StatementDetail = append(s.StatementDetail, d)
	}
	return s
}

// statementWhere names a statement the way a person finds it in the file: by position, and by the
// file's own id when it has one.
func statementWhere(i int, st ims.Statement) string {
	where := "statement " + itoa(i+1)
	if st.ID != "" {
		where += " (" + st.ID + ")"
	}
	return where
}

// summarizeStatement outlines one statement; overflow reports a total too large for int64.
func summarizeStatement(st ims.Statement) (d StatementSummary, overflow bool) {
	d = StatementSummary{
		ID:       st.ID,
		Account:  st.Account,
		Currency: st.Currency,
		Entries:  st.EntryCount,
		Totals:   map[string]Totals{},
		Opening:  balance(st.Opening, st.Currency),
		Closing:  balance(st.Closing, st.Currency),
	}
	// The parser tallied the entries as it read them (ims.Statement.Tally), so a file read with
	// Scan, whose entries are not kept, is summarised like one read with Parse.
	for _, t := range st.EntryTotals {
		d.Totals[t.Currency] = Totals(t.Total)
		overflow = overflow || t.Overflow
	}
	if overflow {
		d.ReconcileNote = "cannot be checked: the entries overflow a 64-bit total"
		return d, true
	}
	d.Reconciles, d.ReconcileNote = reconcile(d)
	return d, false
}

// balance converts a file balance, taking the statement's currency when the balance names none.
func balance(b *ims.Balance, stmtCurrency string) *Balance {
	if b == nil {
		return nil
	}
	out := &Balance{
		Type:     b.Type,
		Currency: cmp.Or(b.Currency, stmtCurrency),
		Minor:    b.Minor,
	}
	if !b.Date.IsZero() {
		out.Date = b.Date.Format("2006-01-02")
	}
	out.Amount = decimal(out.Minor, out.Currency)
	return out
}

func addTotals(a, b Totals) (Totals, bool) {
	c1, ok1 := add(a.CreditMinor, b.CreditMinor)
	d1, ok2 := add(a.DebitMinor, b.DebitMinor)
	return Totals{
		CreditCount: a.CreditCount + b.CreditCount,
		CreditMinor: c1,
		DebitCount:  a.DebitCount + b.DebitCount,
		DebitMinor:  d1,
	}, ok1 && ok2
}
