package camt053

import (
	"encoding/xml"
	"fmt"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat/internal/currency"
	"github.com/ims-council/ims/money"
)

// A statementReader collects one Stmt as its elements arrive.
type statementReader struct {
	path     string
	st       ims.Statement
	balances []ims.Balance
	account  bool  // the Acct element was read
	summary  *node // TxsSummry, checked once the entries are read
	// zeroDebits counts entries of amount zero marked DBIT, which count as credits like every zero
	// (see ims.Statement.Tally), so that a TxsSummry that counted them as debits is explained.
	zeroDebits int
}

// statement reads a Stmt whose start tag was just read.
func (p *parser) statement(path string) {
	r := &statementReader{path: path}
	p.stmt = len(p.file.Statements) + 1
	defer func() { p.stmt = 0 }()
	seen := map[string]int{}
	for !p.stop {
		switch t := p.token().(type) {
		case nil:
			return
		case xml.StartElement:
			name := t.Name.Local
			seen[name]++
			n := p.subtree(t, childPath(path, name, seen[name]), 3)
			if !p.stop {
				p.statementElement(r, n)
			}
		case xml.EndElement:
			if !r.account {
				p.fail(p.line(), path, "the statement has no account (Acct)")
			}
			p.finishStatement(r)
			return
		}
	}
}

// statementElement reads one child element of a Stmt.
func (p *parser) statementElement(r *statementReader, n *node) {
	switch n.name {
	case "Id":
		r.st.ID = n.text
	case "ElctrncSeqNb":
		r.st.Number = n.text
	case "LglSeqNb":
		if r.st.Number == "" {
			r.st.Number = n.text
		}
	case "CreDtTm":
		t, err := isoDateTime(n.text)
		if err != nil {
			p.unreadable(n.line, n.path, "%v", err)
		}
		r.st.CreatedAt = t.UTC()
	case "Acct":
		r.account = true
		r.st.Account = n.first("Id/IBAN", "Id/Othr/Id")
		r.st.Currency = n.textAt("Ccy")
		if r.st.Account == "" {
			p.unreadable(n.line, n.path+"/Id", "the account has neither an IBAN nor another identification (Othr/Id)")
		}
		if _, ok := currency.Exponent(r.st.Currency); r.st.Currency != "" && !ok {
			p.fail(lineOf(n, "Ccy"), n.path+"/Ccy", "unknown currency code %q", r.st.Currency)
		}
	case "Bal":
		if b, ok := p.balance(n); ok {
			r.balances = append(r.balances, b)
		}
	case "TxsSummry":
		r.summary = n
	case "Ntry":
		e, debit, ok := p.entry(n)
		if !ok {
			return
		}
		if debit && e.Minor == 0 {
			r.zeroDebits++
		}
		p.out.Add(&r.st, &e, len(p.errs) == 0)
		p.stop = p.stop || p.out.Stopped() != nil
	}
}

// balance reads a Bal: its type code, amount, credit/debit indicator and date. A balance that cannot
// be read is left out and held as a problem of its statement: the entries do not depend on it.
func (p *parser) balance(n *node) (ims.Balance, bool) {
	b := ims.Balance{Type: n.first("Tp/CdOrPrtry/Cd", "Tp/CdOrPrtry/Prtry")}
	ok := true
	if b.Type == "" {
		p.unreadable(n.line, n.path+"/Tp", "the balance has no type (Tp/CdOrPrtry/Cd)")
		ok = false
	}
	minor, ccy, err := amount(n.child("Amt"))
	if err != nil {
		p.unreadable(lineOf(n, "Amt"), n.path+"/Amt", "%v", err)
		ok = false
	}
	s, err := sign(n)
	if err != nil {
		p.unreadable(lineOf(n, "CdtDbtInd"), n.path+"/CdtDbtInd", "%v", err)
		ok = false
	}
	date, present, err := dateChoice(n.child("Dt"))
	switch {
	case err != nil:
		p.unreadable(lineOf(n, "Dt"), n.path+"/Dt", "%v", err)
		ok = false
	case !present:
		p.unreadable(n.line, n.path+"/Dt", "the balance has no date")
		ok = false
	}
	b.Minor, b.Currency, b.Date = s*minor, ccy, date
	return b, ok
}

// lineOf returns the line of n's child called name, or n's own line when there is none.
func lineOf(n *node, name string) int {
	if c := n.child(name); c != nil {
		return c.line
	}
	return n.line
}

// finishStatement settles the statement's balances and currency, checks its TxsSummry and keeps it.
func (p *parser) finishStatement(r *statementReader) {
	st := &r.st
	for i := range r.balances {
		b := &r.balances[i]
		switch {
		case b.Type == "OPBD" && (st.Opening == nil || st.Opening.Type == "PRCD"):
			if st.Opening != nil {
				st.OtherBalances = append(st.OtherBalances, *st.Opening)
			}
			st.Opening = b
		case b.Type == "PRCD" && st.Opening == nil:
			st.Opening = b
		case b.Type == "CLBD" && st.Closing == nil:
			st.Closing = b
		default:
			st.OtherBalances = append(st.OtherBalances, *b)
		}
	}
	if st.Currency == "" {
		// Acct/Ccy is optional; the account's booked balances are then in its currency.
		switch {
		case st.Opening != nil:
			st.Currency = st.Opening.Currency
		case st.Closing != nil:
			st.Currency = st.Closing.Currency
		case len(r.balances) > 0:
			st.Currency = r.balances[0].Currency
		case len(st.EntryTotals) > 0:
			st.Currency = st.EntryTotals[0].Currency // the first entry's
		}
	}
	if r.summary != nil {
		p.checkSummary(r)
	}
	p.file.Statements = append(p.file.Statements, *st)
}

// A tally is what TxsSummry is checked against: the statement's entries as it counted them while
// reading (ims.Statement.Tally), where a zero amount counts as a credit, as in every count IMS makes.
type tally struct {
	credits, debits           int   // entries in any currency
	creditMinor, debitMinor   int64 // entries in the statement's currency
	otherCurrency, overflowed bool
}

func tallyOf(st *ims.Statement) tally {
	var t tally
	for _, et := range st.EntryTotals {
		t.credits += et.CreditCount
		t.debits += et.DebitCount
		if et.Currency != st.Currency {
			t.otherCurrency = true
			continue
		}
		t.creditMinor, t.debitMinor, t.overflowed = et.CreditMinor, et.DebitMinor, et.Overflow
	}
	return t
}

// checkSummary compares TxsSummry with the entries, fills DeclaredCount and DeclaredTotals, and
// reports each figure that disagrees.
func (p *parser) checkSummary(r *statementReader) {
	s, st, t := r.summary, &r.st, tallyOf(&r.st)
	where := s.path
	// A bank that counts a zero entry marked DBIT among its debits differs from IMS by those entries.
	zeros := ""
	if r.zeroDebits > 0 {
		zeros = fmt.Sprintf(" (%s of amount zero marked DBIT, which IMS counts as credits)", plural(r.zeroDebits, "entry"))
	}
	count := func(n *node, what string, actual int, note string) (int, bool) {
		if n == nil || n.child("NbOfNtries") == nil {
			return 0, false
		}
		c := n.child("NbOfNtries")
		if c.text == "" || !digits(c.text) || len(c.text) > 9 {
			p.unreadable(c.line, c.path, "the number of entries %q is not a whole number", c.text)
			return 0, false
		}
		v := atoi(c.text)
		if v != actual {
			p.problem(where, "%s: the summary declares %d but the statement holds %d%s", what, v, actual, note)
		}
		return v, true
	}
	sum := func(n *node, what string, actual int64) (int64, bool) {
		if n == nil || n.child("Sum") == nil {
			return 0, false
		}
		c := n.child("Sum")
		v, err := decimal(c.text, st.Currency)
		if err != nil {
			p.unreadable(c.line, c.path, "%v", err)
			return 0, false
		}
		switch {
		case t.otherCurrency:
			p.problem(where, "%s cannot be checked: the entries are not all in %s", what, st.Currency)
		case t.overflowed:
			p.problem(where, "%s cannot be checked: the entries add up to more than a 64-bit total", what)
		case v != actual:
			p.problem(where, "%s: the summary declares %s but the entries add up to %s", what,
				format(v, st.Currency), format(actual, st.Currency))
		}
		return v, true
	}

	total := s.child("TtlNtries")
	n, hasN := count(total, "number of entries (TtlNtries/NbOfNtries)", st.EntryCount, "")
	sum(total, "sum of all entries (TtlNtries/Sum)", t.creditMinor+t.debitMinor)
	p.checkNet(r, total)

	cdt, dbt := s.child("TtlCdtNtries"), s.child("TtlDbtNtries")
	cn, hasCN := count(cdt, "number of credit entries (TtlCdtNtries/NbOfNtries)", t.credits, zeros)
	cs, hasCS := sum(cdt, "sum of credit entries (TtlCdtNtries/Sum)", t.creditMinor)
	dn, hasDN := count(dbt, "number of debit entries (TtlDbtNtries/NbOfNtries)", t.debits, zeros)
	ds, hasDS := sum(dbt, "sum of debit entries (TtlDbtNtries/Sum)", t.debitMinor)
	if !hasN && hasCN && hasDN {
		n, hasN = cn+dn, true
	}
	if hasN {
		st.DeclaredCount = &n
	}
	if hasCN && hasCS && hasDN && hasDS {
		st.DeclaredTotals = &ims.Total{CreditCount: cn, CreditMinor: cs, DebitCount: dn, DebitMinor: ds}
	}
}

// checkNet compares the net amount the summary declares (TtlNetNtryAmt in version 02 and 03,
// TtlNetNtry/Amt from 04) with the entries.
func (p *parser) checkNet(r *statementReader, total *node) {
	amt, ind := total.child("TtlNetNtryAmt"), total
	if amt == nil {
		ind = total.child("TtlNetNtry")
		amt = ind.child("Amt")
	}
	if amt == nil {
		return
	}
	ccy := r.st.Currency
	v, err := decimal(amt.text, ccy)
	if err != nil {
		p.unreadable(amt.line, amt.path, "%v", err)
		return
	}
	s, err := sign(ind)
	if err != nil {
		p.unreadable(ind.line, ind.path+"/CdtDbtInd", "%v", err)
		return
	}
	t := tallyOf(&r.st)
	net := t.creditMinor - t.debitMinor // cannot overflow: both are non-negative int64
	if !t.otherCurrency && !t.overflowed && s*v != net {
		p.problem(r.summary.path, "net amount of the entries (TtlNtries): the summary declares %s but the entries come to %s",
			format(s*v, ccy), format(net, ccy))
	}
}

// format writes minor units as a decimal amount and its currency, "1234.56 EUR", for messages.
func format(minor int64, ccy string) string {
	exp, ok := currency.Exponent(ccy)
	if !ok {
		exp = 2 // only for a message about a file already refused for its currency
	}
	return money.FormatMinor(minor, exp) + " " + ccy
}
