// Package bankcsv reads the CSV statement exports of UK banks' online banking. Banks each lay
// their exports out differently, so the layout is described by a Profile (data, not code): built-in
// profiles cover Barclays, HSBC, Lloyds, NatWest and Nationwide's two exports, and a council can
// describe another bank's in YAML or JSON.
//
// Every row is one Entry of a single Statement, kept in file order. When the export has a running
// balance column, the Statement's Opening is the balance before the earliest row and its Closing the
// balance after the latest, so that opening + credits − debits = closing can be checked; a running
// balance that does not follow from the one before and the row's amount is reported in
// StatementFile.Problems, never corrected.
//
// Files may start with a UTF-8 byte order mark, use CRLF or LF, quote fields holding commas, and
// write amounts with "£" and thousands separators ("-£1,234.56", "+£5.00"); a line that is not valid
// UTF-8 is read as Windows-1252, whose "£" is the byte 0xA3.
package bankcsv

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat/internal/csvrecord"
	"github.com/ims-council/ims/internal/fileformat/internal/currency"
	"github.com/ims-council/ims/internal/fileformat/internal/sink"
	"github.com/ims-council/ims/money"
)

// Format is the name Parse and ParseProfile give the files they read.
const Format = "bankcsv"

// sniffBytes is how much of a file Parse looks at to choose a profile.
const sniffBytes = 4096

// Parse reads a whole bank CSV export, choosing the built-in profile with Detect, and returns it with
// every entry. On success it returns the file with Format "bankcsv" and Profile naming the profile
// used. When no profile fits or the file cannot be read it returns nil and an ims.ParseErrors.
func Parse(r io.Reader) (*ims.StatementFile, error) {
	return Scan(r, ims.KeepEntry)
}

// Scan reads an export as Parse does, in constant memory: it calls each with every entry as it reads
// it, and returns the file without them (its statement's EntryCount and EntryTotals give the count
// and totals). Once a row is found bad, Scan stops calling each but reads on to report every error;
// the caller must then drop what it was given. When each returns an error, Scan stops and returns
// that error.
func Scan(r io.Reader, each ims.EntryFunc) (*ims.StatementFile, error) {
	br := bufio.NewReaderSize(r, sniffBytes)
	head, err := br.Peek(sniffBytes)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, ims.ParseErrors{{Message: "cannot read the file: " + err.Error()}}
	}
	p, ok := Detect(head)
	if !ok {
		return nil, notBankCSV(head)
	}
	return ScanProfile(br, p, each)
}

// Sniff reports whether the first bytes of a file look like an export one of the built-in profiles
// reads.
func Sniff(head []byte) bool {
	_, ok := Detect(head)
	return ok
}

// ParseProfile reads a whole bank CSV export laid out as p says and returns it with every entry. On
// success it returns the file with Format "bankcsv", Profile p.Name and any Problems. When the file
// cannot be read it returns nil and an ims.ParseErrors (at most ims.MaxParseErrors); when p itself
// is not valid it returns an *ims.Error with code Invalid, since the fault is then in the
// configuration, not the file.
func ParseProfile(r io.Reader, p Profile) (*ims.StatementFile, error) {
	return ScanProfile(r, p, ims.KeepEntry)
}

// ScanProfile reads an export laid out as p says, as ParseProfile does, calling each with every
// entry as Scan does.
func ScanProfile(r io.Reader, p Profile, each ims.EntryFunc) (*ims.StatementFile, error) {
	if err := p.Validate(); err != nil {
		return nil, ims.Errorf(ims.Invalid, "bank CSV profile %q is not valid: %v", p.Name, err)
	}
	exp, _ := currency.Exponent(p.currency())
	rp := &reader{p: p, exp: exp, preambleLeft: p.Preamble, out: sink.New(each)}
	rp.st.Currency = p.currency()
	rp.balances = follower{order: p.Order, format: func(v int64) string { return money.FormatMinor(v, exp) }}
	for _, df := range p.DateFormats {
		layout, _ := goLayout(df) // checked by Validate
		rp.layouts = append(rp.layouts, layout)
	}

	// Spaces after commas are dropped: "Date, Type, Description" (NatWest) and '1, "a, b"' alike.
	cr := csvrecord.NewReader(r, csvrecord.Options{TrimSpace: true})
	for len(rp.errs) < ims.MaxParseErrors && rp.out.Stopped() == nil {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			pe, readOn := cr.Describe(err, "a statement")
			rp.errs = append(rp.errs, pe)
			if readOn {
				continue
			}
			break
		}
		if wrong := rp.row(cr.Line(), rec); wrong != nil {
			return nil, wrong
		}
	}
	return rp.finish()
}

// A reader holds what has been read so far of one file.
type reader struct {
	p            Profile
	exp          int // the currency's decimal places
	layouts      []string
	preambleLeft int
	account      string
	accountLine  int
	cols         map[string]int // IMS field name → 0-based index in a row, once known
	labels       map[string]string
	width        int // fields in the header, 0 without one
	lastLine     int
	st           ims.Statement
	balances     follower
	out          sink.Entries
	errs         ims.ParseErrors
}

func (rp *reader) fail(line int, column, msg string) {
	if len(rp.errs) < ims.MaxParseErrors {
		rp.errs = append(rp.errs, ims.ParseError{Line: line, Column: column, Message: msg})
	}
}

// row reads one record. It returns an error only when the file is not in the profile's layout at all.
func (rp *reader) row(line int, rec []string) ims.ParseErrors {
	rp.lastLine = line
	for i := range rec {
		rec[i] = strings.TrimSpace(rec[i])
		if rp.p.StripApostrophe {
			rec[i] = strings.TrimPrefix(rec[i], "'")
		}
	}
	if allBlank(rec) {
		return nil
	}
	if rp.preambleLeft > 0 {
		rp.preambleLeft--
		if rp.p.AccountLabel != "" && len(rec) > 1 && strings.EqualFold(rec[0], strings.TrimSpace(rp.p.AccountLabel)) {
			rp.account = rec[1]
			rp.st.Account = rp.account
		}
		return nil
	}
	if rp.cols == nil {
		if wrong := rp.layout(line, rec); wrong != nil || rp.p.Header {
			return wrong
		}
	}
	if len(rp.p.Footer) > 0 {
		for _, f := range rp.p.Footer {
			if strings.EqualFold(rec[0], strings.TrimSpace(f)) {
				return nil
			}
		}
	}
	rp.entry(line, rec)
	return nil
}

// layout finds the columns, in the header row or (without a header) the first data row.
func (rp *reader) layout(line int, rec []string) ims.ParseErrors {
	cols, labels, missing := resolve(rp.p, rec)
	if len(missing) > 0 {
		return notProfile(rp.p, line, rec, missing)
	}
	rp.cols, rp.labels = cols, labels
	if rp.p.Header {
		rp.width = len(rec)
	}
	return nil
}

// entry reads one data row into an Entry.
func (rp *reader) entry(line int, rec []string) {
	if rp.width > 0 && len(rec) != rp.width {
		rp.fail(line, "", fmt.Sprintf("the row has %d fields but the header has %d", len(rec), rp.width))
		return
	}
	for field, i := range rp.cols {
		if i >= len(rec) {
			rp.fail(line, "", fmt.Sprintf("the row has %d fields; the %s column is column %d", len(rec), field, i+1))
			return
		}
	}
	get := func(field string) string {
		if i, ok := rp.cols[field]; ok {
			return rec[i]
		}
		return ""
	}
	where := func(field string) string { return fmt.Sprintf("column %d (%s)", rp.cols[field]+1, rp.labels[field]) }
	ok := true
	bad := func(field string, err error) {
		rp.fail(line, where(field), err.Error())
		ok = false
	}

	e := ims.Entry{Line: line, Currency: rp.p.currency(), Narrative: get("description"), BankCode: get("type"), Remittance: get("reference")}
	if d, err := rp.date(get("date")); err != nil {
		bad("date", err)
	} else {
		e.BookingDate = d
	}
	if _, signed := rp.cols["amount"]; signed {
		if v, err := rp.amount(get("amount")); err != nil {
			bad("amount", err)
		} else {
			e.Minor = v
		}
	} else if v, field, err := rp.debitCredit(get("debit"), get("credit")); err != nil {
		bad(field, err)
	} else {
		e.Minor = v
	}
	bal := balanceRow{line: line}
	if v := get("balance"); v != "" {
		if b, err := rp.amount(v); err != nil {
			bad("balance", err)
		} else {
			bal.balance, bal.hasBalance = b, true
		}
	}
	if acct := strings.TrimSpace(get("sort_code") + " " + get("account")); acct != "" {
		switch {
		case rp.accountLine == 0:
			rp.account, rp.accountLine = acct, line
			rp.st.Account = acct
		case acct != rp.account:
			rp.fail(line, "", fmt.Sprintf("the account %q differs from %q on line %d; an export must hold one account", acct, rp.account, rp.accountLine))
			ok = false
		}
	}
	if !ok {
		return
	}
	bal.date, bal.minor = e.BookingDate, e.Minor
	rp.balances.add(bal)
	rp.out.Add(&rp.st, &e, len(rp.errs) == 0)
}

// date reads a date in any of the profile's formats, as midnight UTC.
func (rp *reader) date(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, errors.New("the date is blank")
	}
	for _, layout := range rp.layouts {
		d, err := time.Parse(layout, v)
		if err == nil {
			return d, nil
		}
		var pe *time.ParseError
		if errors.As(err, &pe) && pe.Message != "" {
			return time.Time{}, fmt.Errorf("the date %q does not exist (%s)", v, strings.TrimPrefix(pe.Message, ": "))
		}
	}
	return time.Time{}, fmt.Errorf("the date %q is not in the form %s", v, strings.Join(rp.p.DateFormats, " or "))
}

// amount reads a signed amount in the profile's currency.
func (rp *reader) amount(v string) (int64, error) {
	if v == "" {
		return 0, errors.New("the amount is blank")
	}
	minor, err := money.ParseMinor(v, rp.exp)
	if err != nil {
		return 0, fmt.Errorf("the amount %w", err)
	}
	return minor, nil
}

// debitCredit reads a pair of debit and credit columns, exactly one of which holds an amount (or
// both, when one of them is zero), into a signed amount. On error it names the field at fault.
func (rp *reader) debitCredit(debit, credit string) (int64, string, error) {
	if debit == "" && credit == "" {
		return 0, "debit", fmt.Errorf("neither %s nor %s holds an amount", rp.labels["debit"], rp.labels["credit"])
	}
	var d, c int64
	for _, side := range []struct {
		field, v string
		dst      *int64
	}{{"debit", debit, &d}, {"credit", credit, &c}} {
		if side.v == "" {
			continue
		}
		v, err := rp.amount(side.v)
		if err != nil {
			return 0, side.field, err
		}
		if v < 0 {
			return 0, side.field, fmt.Errorf("the amount %q is negative; %s holds amounts without a sign", side.v, rp.labels[side.field])
		}
		*side.dst = v
	}
	if d != 0 && c != 0 {
		return 0, "credit", fmt.Errorf("both %s and %s hold an amount", rp.labels["debit"], rp.labels["credit"])
	}
	return c - d, "", nil
}

// finish checks what can only be checked once the whole file is read and builds the result.
func (rp *reader) finish() (*ims.StatementFile, error) {
	if len(rp.errs) == 0 && rp.cols == nil {
		what := "data"
		if rp.p.Header {
			what = "header row"
		}
		rp.fail(rp.lastLine, "", fmt.Sprintf("truncated: the file ends before its %s (a %s export has %d rows before it)", what, rp.p.Name, rp.p.Preamble))
	}
	switch {
	case rp.out.Stopped() != nil:
		return nil, rp.out.Stopped()
	case len(rp.errs) > 0:
		return nil, rp.errs
	}
	f := &ims.StatementFile{Format: Format, Profile: rp.p.Name}
	f.Problems = rp.balances.finish(&rp.st)
	for i := range f.Problems {
		f.Problems[i].Statement = 1 // the export is one statement, whose running balance is in question
	}
	f.Statements = []ims.Statement{rp.st}
	return f, nil
}

func allBlank(rec []string) bool {
	for _, f := range rec {
		if f != "" {
			return false
		}
	}
	return true
}
