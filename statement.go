package ims

import (
	"strconv"
	"time"
)

// A StatementFile is everything one payment or bank file says, in one model whatever its format:
// camt.053, MT940, BAI2, a bank's CSV export, an allpay daily file, a DWP schedule, an IMS CSV.
// Parsers fill it; they never adjust what the file says. Disagreements between the file's own totals
// and its lines are reported in Problems, not corrected.
type StatementFile struct {
	Format     string      // the parser that read it, e.g. "camt053", "mt940", "allpay"
	Profile    string      // the layout within the format when it has several: a bank CSV profile ("barclays"), an IMS CSV layout ("ims", "localgov-ims")
	Statements []Statement // at least one; formats without statements have one with no balances
	Problems   []Problem   // the file parsed, but its own figures disagree (see Problem)
}

// A Statement is one account's statement within a file: a camt.053 Stmt, an MT940 :20:…:62: block,
// a BAI2 03 account, or the whole of a file that has no statements of its own.
type Statement struct {
	ID             string // statement id or reference (camt Id, MT940 :20:)
	Number         string // electronic sequence / statement number (camt ElctrncSeqNb, MT940 :28C:)
	Account        string // IBAN, account number or sort code + account number, as the file gives it
	Currency       string // ISO 4217 code of the account, "GBP" when the format implies it
	CreatedAt      time.Time
	Opening        *Balance // opening booked balance (camt OPBD/PRCD, MT940 :60F:/:60M:, BAI2 010)
	Closing        *Balance // closing booked balance (camt CLBD, MT940 :62F:/:62M:, BAI2 015)
	OtherBalances  []Balance
	Entries        []Entry
	DeclaredCount  *int   // number of entries the file says this statement holds, when it says
	DeclaredTotals *Total // credit/debit totals the file declares for this statement, when it does
	// EntryCount is how many entries the parser read for this statement. A parser's Parse lists
	// them in Entries too; its Scan hands each to the caller as it is read and leaves Entries
	// empty, so that a file of any size is checked and summarised in constant memory.
	EntryCount int
	// EntryTotals counts and sums the entries per currency, in the order the currencies first
	// appear (see Tally). Parse and Scan both fill it.
	EntryTotals []EntryTotal
}

// An EntryTotal counts and sums a statement's entries in one currency.
type EntryTotal struct {
	Currency string
	Total
	// Overflow is true when a sum has passed what an int64 holds; the sums are then wrong.
	Overflow bool
}

// Tally adds e to st.EntryCount and st.EntryTotals, under e's currency or, when e names none, the
// statement's. A zero amount counts as a credit, as Entry.Credit says: it takes nothing out of the
// account. Every parser tallies each entry it reads, so that a statement's figures are known
// whether or not its entries are kept.
func (st *Statement) Tally(e *Entry) {
	st.EntryCount++
	ccy := e.Currency
	if ccy == "" {
		ccy = st.Currency
	}
	i := 0
	for i < len(st.EntryTotals) && st.EntryTotals[i].Currency != ccy {
		i++
	}
	if i == len(st.EntryTotals) {
		st.EntryTotals = append(st.EntryTotals, EntryTotal{Currency: ccy})
	}
	t := &st.EntryTotals[i]
	if e.Credit() {
		t.CreditCount++
		t.CreditMinor += e.Minor
		t.Overflow = t.Overflow || t.CreditMinor < 0
	} else {
		t.DebitCount++
		t.DebitMinor -= e.Minor
		t.Overflow = t.Overflow || t.DebitMinor <= 0 // -MinInt64 does not exist
	}
}

// TotalIn returns the statement's EntryTotal in ccy, which is zero when it has no entry in ccy.
func (st *Statement) TotalIn(ccy string) EntryTotal {
	for _, t := range st.EntryTotals {
		if t.Currency == ccy {
			return t
		}
	}
	return EntryTotal{Currency: ccy}
}

// An EntryFunc is given each entry a parser's Scan reads, in file order, with the statement it
// belongs to as read so far (its closing balance and declared totals may follow its entries). Both
// are the parser's own: the function changes neither, except that it may append to st.Entries as
// KeepEntry does, and it copies *e to keep it, since the parser refills e for the next entry. A
// non-nil error stops the scan, which returns that error.
type EntryFunc func(st *Statement, e *Entry) error

// KeepEntry is the EntryFunc that appends a copy of e to st.Entries, so that the file a Scan returns
// lists every entry: it is how each parser's Parse is built on its Scan.
func KeepEntry(st *Statement, e *Entry) error {
	st.Entries = append(st.Entries, *e)
	return nil
}

// A Total is a pair of control sums, both positive, in minor units.
type Total struct {
	CreditCount int
	CreditMinor int64
	DebitCount  int
	DebitMinor  int64
}

// A Balance is a dated balance in minor units of its currency; debit balances are negative.
type Balance struct {
	Type     string // the file's own code: OPBD, CLBD, OPAV, CLAV, PRCD, ITBD, 60F, 62M, 010, 015, …
	Date     time.Time
	Currency string
	Minor    int64
}

// An Entry is one booked line: a camt Ntry, an MT940 :61:, a BAI2 16 record, one CSV or fixed-width
// detail line. A batched entry counts once at its full amount, its parts listed in Details.
type Entry struct {
	Line        int       // 1-based line of the file where the entry starts (0 for XML and xlsx rows use row)
	BookingDate time.Time // date booked (calendar date; time part zero, UTC location)
	ValueDate   time.Time // zero when the file gives none
	Currency    string
	Minor       int64  // signed amount in minor units of Currency: credits positive, debits negative
	Reversal    bool   // the bank reverses an earlier entry (camt RvslInd, MT940 RC/RD)
	Status      string // camt entry status (BOOK, PDNG, INFO); empty elsewhere
	BankCode    string // bank transaction code as the file gives it (camt domain/family/sub-family, MT940 type, BAI2 type code)
	BankRef     string // the bank's own reference for the entry
	CustomerRef string // the account owner's reference for the entry (MT940 :61: customer reference, BAI2 16 customer reference); empty for NONREF
	EndToEndID  string
	Remittance  string // remittance information: the payer's reference for what they paid
	Narrative   string // free text about the entry
	PayerName   string
	PayerAcct   string
	Channel     string // payment channel where the format names one (allpay P/C/Q/T/Z/N/B)
	Reference   string // the account reference the money is for, where the format carries one (allpay, DWP, IMS CSV)
	Fund        string // fund code, where the format carries one (IMS CSV)
	MOP         string // method of payment code, where the format carries one (IMS CSV)
	VATCode     string // VAT code, where the format carries one (IMS CSV)
	Office      string // office code where the payment was taken, where the format carries one (IMS CSV)
	Details     []EntryDetail
}

// Credit reports whether the entry adds money to the account.
func (e *Entry) Credit() bool { return e.Minor >= 0 }

// An EntryDetail is one transaction inside a batched entry (camt TxDtls).
type EntryDetail struct {
	Minor      int64 // signed like its entry; 0 when the detail gives no amount
	Currency   string
	EndToEndID string
	Remittance string
	PayerName  string
	PayerAcct  string
	BankRef    string
}

// A Problem is something wrong inside a file that parsed: a trailer total, a control count, a balance
// that does not reconcile, a batch whose details do not add up to its entry, a statement's own value
// (a balance, a date) that cannot be read, or a field the format does not know.
//
// A file with several statements is read whole even when one of them has a problem, so that the
// others can be imported: Statement says which statement the problem belongs to, and Warning whether
// it stops that statement's figures being trusted.
type Problem struct {
	Where   string // "statement 2", "line 48", "Stmt[1]/Ntry[3]"
	Message string // says what was expected and what was found, with the numbers
	// Statement is the 1-based index in StatementFile.Statements of the statement the problem
	// belongs to, or 0 when it belongs to the file as a whole (a file trailer, a group of
	// statements, the file's encoding).
	Statement int
	// Warning is true when the problem is informative only (a field the format does not know, text
	// read in another encoding): the statement's figures still stand. When false, the statement's
	// figures cannot be trusted (or, with Statement 0, the file's), and an import holds it for a
	// person to review rather than posting it.
	Warning bool
}

// A ParseError is one reason a file could not be read. A parser returns all of them (up to a cap)
// in a ParseErrors.
type ParseError struct {
	Line    int    // 1-based line, 0 when not line-based
	Column  string // column number or name, or an XML path
	Message string
}

func (e ParseError) Error() string {
	s := ""
	if e.Line > 0 {
		s = "line " + strconv.Itoa(e.Line)
	}
	if e.Column != "" {
		if s != "" {
			s += ", "
		}
		s += e.Column
	}
	if s != "" {
		s += ": "
	}
	return s + e.Message
}

// ParseErrors is every reason a file could not be read, in file order.
type ParseErrors []ParseError

// MaxParseErrors caps how many parse errors a parser collects before it stops reading.
const MaxParseErrors = 100

func (es ParseErrors) Error() string {
	if len(es) == 0 {
		return "no errors"
	}
	s := es[0].Error()
	if len(es) > 1 {
		s += " (and " + strconv.Itoa(len(es)-1) + " more)"
	}
	return s
}
