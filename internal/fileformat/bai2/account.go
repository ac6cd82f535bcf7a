package bai2

import (
	"fmt"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat/internal/currency"
)

// accountHeader reads an 03 record: account number, currency, then any number of summaries, each a
// type code, amount, item count and funds type (with the fields its funds type brings).
func (p *parser) accountHeader(r *record) {
	switch {
	case p.group == nil:
		p.fail(r.line, "", "an account (03) outside a group (02 … 98)")
		return
	case p.account != nil:
		p.fail(r.line, "", "an account (03) inside the account that starts at line %d, which has no account trailer (49)", p.account.line)
		p.closeAccount()
	}
	p.account = &level{line: r.line, records: r.count()}
	p.group.children++
	p.declared = declaredTotals{line: r.line}
	f := r.fields()
	st := &ims.Statement{Account: f.take(), CreatedAt: p.created}
	p.st = st
	if st.Account == "" {
		p.problem(r.line, "the account number (field 2) is blank")
	}
	st.Currency = f.take()
	switch {
	case st.Currency == "" && p.groupCcy != "":
		st.Currency = p.groupCcy
	case st.Currency == "":
		st.Currency = "USD" // the specification's default when neither the group nor the account says
	default:
		if _, ok := currency.Exponent(st.Currency); !ok {
			p.fail(r.line, "field 3", "unknown currency code %q", st.Currency)
		}
	}
	for n := 1; !f.done(); n++ {
		if err := p.summary(f, st); err != nil {
			// The account's 16 records do not depend on its summaries, so the file is read on and
			// the account held: its balances and declared totals are incomplete.
			p.problem(r.line, "account %s: summary %d cannot be read, nor any after it in the 03 record: %v", st.Account, n, err)
			p.account.unread = true
			return
		}
	}
}

// summary reads one type code, amount, item count and funds type of an 03 record.
func (p *parser) summary(f *fieldList, st *ims.Statement) error {
	if f.lastOfRecord() && strings.TrimSpace(f.fields[f.next]) == "" {
		// A stray comma before the slash that ends a physical record (SVB writes "…,,,/"): the
		// next record starts a new summary, so the empty field is not the start of one.
		f.take()
		return nil
	}
	code, amount, count := f.take(), f.take(), f.take()
	if code == "" {
		// Some banks write an empty summary, all four fields blank: nothing to read.
		if amount == "" && count == "" && f.take() == "" {
			return nil
		}
		return fmt.Errorf("a summary amount has no type code")
	}
	k, err := classify(code)
	if err != nil {
		return err
	}
	v, ok, err := parseAmount(amount)
	if err != nil {
		return fmt.Errorf("type code %s: %w", code, err)
	}
	n, hasCount, err := parseCount("item count", count)
	if err != nil {
		return fmt.Errorf("type code %s: %w", code, err)
	}
	fd, err := readFunds(f)
	if err != nil {
		return fmt.Errorf("type code %s: %w", code, err)
	}
	if !ok {
		return nil // a type code reported without an amount says nothing
	}
	p.amount(v)
	p.checkParts("type code "+code, v, fd)
	switch {
	case k == status:
		b := ims.Balance{Type: code, Date: p.asOf, Currency: st.Currency, Minor: v}
		switch {
		case code == "010" && st.Opening == nil:
			st.Opening = &b
		case code == "015" && st.Closing == nil:
			st.Closing = &b
		default:
			st.OtherBalances = append(st.OtherBalances, b)
		}
	case code == "100":
		p.declared.credit = &v
		if hasCount {
			p.declared.creditCount = &n
		}
	case code == "400":
		p.declared.debit = &v
		if hasCount {
			p.declared.debitCount = &n
		}
	}
	return nil
}

// detail reads a 16 record: type code, amount, funds type (and its fields), bank reference, customer
// reference and text. The text is the rest of the record, commas and all, continued by any 88s.
func (p *parser) detail(r *record) {
	if p.account == nil {
		p.fail(r.line, "", "a transaction detail (16) outside an account (03 … 49)")
		return
	}
	f, text := detailFields(r.text)
	code := f.take()
	k, err := classify(code)
	if err != nil {
		p.fail(r.line, "field 2", "%v", err)
		return
	}
	amount := f.take()
	v, ok, err := parseAmount(amount)
	switch {
	case err != nil:
		p.fail(r.line, "field 3", "%v", err)
		return
	case strings.HasPrefix(amount, "-"):
		p.fail(r.line, "field 3", "amount %q is signed; a 16 amount is unsigned and its type code says credit or debit", amount)
		return
	case !ok && k != nonMonetary:
		p.fail(r.line, "field 3", "the amount is missing")
		return
	}
	fd, err := readFunds(f)
	if err != nil {
		p.fail(r.line, "field 4", "%v", err)
		return
	}
	e := ims.Entry{
		Line: r.line, BookingDate: p.asOf, Currency: p.st.Currency, BankCode: code,
		BankRef: f.take(), CustomerRef: f.take(),
	}
	switch k {
	case credit:
		e.Minor = v
	case debit:
		e.Minor = -v
	case nonMonetary:
		if v != 0 {
			p.fail(r.line, "field 3", "type code 890 carries no money, but the amount is %d", v)
			return
		}
	default:
		p.fail(r.line, "field 2", "type code %s is not a transaction: it does not say whether money came in or went out", code)
		return
	}
	if fd.valueDate != "" {
		e.ValueDate, _ = parseDate("value date", fd.valueDate) // checked by readFunds
	}
	p.amount(v)
	p.checkParts("the transaction", v, fd)
	lines := []string{text}
	for _, m := range r.more {
		m = strings.TrimSuffix(strings.TrimPrefix(m, ","), "/")
		lines = append(lines, m)
		keyed(&e, m)
	}
	e.Narrative = joinText(lines)
	p.out.Add(p.st, &e, len(p.errs) == 0)
	p.stop = p.stop || p.out.Stopped() != nil
}

// detailFields splits a 16 record into its fields up to the customer reference, and its text. A
// slash ends the record early; otherwise the text is everything after the customer reference (it
// may hold commas and slashes), less one closing slash. A text that starts with a slash is empty.
func detailFields(rec string) (*fieldList, string) {
	var fields []string
	rest := rec
	for {
		field, after, more := strings.Cut(rest, ",")
		if end := strings.IndexByte(field, '/'); end >= 0 {
			return &fieldList{fields: append(fields, field[:end]), next: 1}, ""
		}
		fields = append(fields, field)
		if !more {
			return &fieldList{fields: fields, next: 1}, ""
		}
		rest = after
		if textStarts(fields) {
			break
		}
	}
	if strings.HasPrefix(rest, "/") {
		return &fieldList{fields: fields, next: 1}, ""
	}
	return &fieldList{fields: fields, next: 1}, strings.TrimSuffix(strings.TrimSpace(rest), "/")
}

// textStarts reports whether fields (record code first) reach the customer reference, after which
// the text begins. Where that is depends on the funds type in field 4.
func textStarts(fields []string) bool {
	if len(fields) < 4 {
		return false
	}
	extra := 0
	switch strings.TrimSpace(fields[3]) {
	case "V":
		extra = 2
	case "S":
		extra = 3
	case "D":
		if len(fields) < 5 {
			return false
		}
		n, ok, err := parseCount("", strings.TrimSpace(fields[4]))
		if err != nil || !ok {
			extra = 1 // reported as an error by readFunds
		} else {
			extra = 1 + 2*min(n, 1<<20)
		}
	}
	return len(fields) >= 4+extra+2
}

// keyed reads the keyed continuation lines some banks (Goldman Sachs) write after a 16 record.
func keyed(e *ims.Entry, line string) {
	key, value, ok := strings.Cut(strings.TrimSpace(line), ": ")
	if !ok {
		return
	}
	value = strings.TrimSpace(value)
	switch key {
	case "EREF":
		e.EndToEndID = value
	case "REMI":
		e.Remittance = value
	case "DBNM":
		e.PayerName = value
	case "DACT":
		e.PayerAcct = value
	}
}

// checkParts reports S or D availability that does not add up to the amount it distributes.
func (p *parser) checkParts(what string, amount int64, fd funds) {
	if !fd.hasParts || p.account == nil {
		return
	}
	var sum int64
	for _, v := range fd.parts {
		if !add(&sum, v) {
			return
		}
	}
	if sum != amount {
		p.problem(p.account.line, "account %s: the availability of %s (%d) adds up to %d", p.st.Account, what, amount, sum)
	}
}

// checkDeclared compares the account's 100 and 400 totals with its 16 records, and fills the
// statement's declared totals when the file gives both with their item counts.
func (p *parser) checkDeclared() {
	d := p.declared
	t := p.st.TotalIn(p.st.Currency) // every 16 record is in the account's currency
	if t.Overflow {
		return // amounts this large are not a statement; the control totals say so
	}
	check := func(what, code string, total *int64, count *int, minor int64, n int) {
		if total != nil && *total != minor {
			p.problem(d.line, "account %s: total %s (type code %s) is %d but the %s transaction details add up to %d",
				p.st.Account, what, code, *total, what[:len(what)-1], minor)
		}
		if count != nil && *count != n {
			p.problem(d.line, "account %s: total %s (type code %s) counts %d items but there are %d %s transaction details",
				p.st.Account, what, code, *count, n, what[:len(what)-1])
		}
	}
	check("credits", "100", d.credit, d.creditCount, t.CreditMinor, t.CreditCount)
	check("debits", "400", d.debit, d.debitCount, t.DebitMinor, t.DebitCount)
	if d.credit != nil && d.debit != nil && d.creditCount != nil && d.debitCount != nil {
		p.st.DeclaredTotals = &ims.Total{CreditCount: *d.creditCount, CreditMinor: *d.credit, DebitCount: *d.debitCount, DebitMinor: *d.debit}
		n := *d.creditCount + *d.debitCount
		p.st.DeclaredCount = &n
	}
}

// joinText joins text lines with single spaces.
func joinText(lines []string) string {
	parts := make([]string, 0, len(lines))
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " ")
}
