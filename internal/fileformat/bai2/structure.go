package bai2

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat/internal/currency"
	"github.com/ims-council/ims/internal/fileformat/internal/sink"
)

type parser struct {
	out      sink.Entries
	file     ims.StatementFile
	errs     ims.ParseErrors
	stop     bool
	lastLine int // line of the last record read, 0 before the first

	header  *level // the file, from 01
	group   *level // the open group, from 02
	account *level // the open account, from 03
	ended   int    // line of the 99 trailer, once read

	created  time.Time // from 01
	groupCcy string    // from 02, "" when not given
	asOf     time.Time // from 02
	st       *ims.Statement
	declared declaredTotals
}

// A level is an open file, group or account: where it started, and the records and amounts it holds,
// to be checked against its trailer.
type level struct {
	line     int
	records  int
	total    int64 // the sum of every amount in the level's 03 and 16 records
	children int   // groups in a file, accounts in a group
	overflow bool
	// unread is true when an amount of the level's could not be read (an account's 03 summary,
	// held as a problem of its statement), so its control total cannot be checked.
	unread bool
}

// declaredTotals are an account's 100 (total credits) and 400 (total debits) summaries.
type declaredTotals struct {
	credit, debit           *int64
	creditCount, debitCount *int
	line                    int
}

// record reads one logical record.
func (p *parser) record(r *record) {
	code, _, _ := strings.Cut(r.text, ",")
	if p.ended > 0 {
		p.fail(r.line, "", "record %q comes after the file trailer (99) at line %d", clip(code), p.ended)
		return
	}
	for _, l := range []*level{p.header, p.group, p.account} {
		if l != nil {
			l.records += r.count()
		}
	}
	switch code {
	case "01":
		p.fileHeader(r)
	case "02":
		p.groupHeader(r)
	case "03":
		p.accountHeader(r)
	case "16":
		p.detail(r)
	case "49":
		p.accountTrailer(r)
	case "98":
		p.groupTrailer(r)
	case "99":
		p.fileTrailer(r)
	default:
		p.fail(r.line, "", "unknown record type %q (BAI2 records are 01, 02, 03, 16, 88, 49, 98 and 99)", clip(code))
	}
}

func (p *parser) fileHeader(r *record) {
	if p.header != nil {
		p.fail(r.line, "", "a second file header (01); the first is at line %d", p.header.line)
		return
	}
	p.header = &level{line: r.line, records: r.count()}
	f := r.fields()
	f.take() // sender
	f.take() // receiver
	date, err := parseDate("file creation date", f.take())
	if err != nil {
		p.fail(r.line, "field 4", "%v", err)
	}
	clock, err := parseTime("file creation time", f.take())
	if err != nil {
		p.fail(r.line, "field 5", "%v", err)
	}
	p.created = date.Add(clock)
	f.take() // file id
	f.take() // physical record length
	f.take() // block size
	if v := f.take(); v != "2" {
		p.fail(r.line, "field 9", "version %q is not 2; only BAI version 2 files can be read", v)
	}
}

func (p *parser) groupHeader(r *record) {
	switch {
	case p.header == nil:
		p.fail(r.line, "", "a group header (02) before the file header (01)")
		return
	case p.group != nil:
		p.fail(r.line, "", "a group header (02) inside the group that starts at line %d, which has no group trailer (98)", p.group.line)
		p.closeGroup()
	}
	p.group = &level{line: r.line, records: r.count()}
	p.header.children++
	f := r.fields()
	f.take() // ultimate receiver
	f.take() // originator
	switch s := f.take(); s {
	case "1":
	case "2", "3", "4":
		meaning := map[string]string{"2": "a deletion of data sent before", "3": "a correction of data sent before", "4": "test data only"}[s]
		p.problem(r.line, "the group is marked as %s (group status %s), not a new report", meaning, s)
	default:
		p.fail(r.line, "field 4", "group status %q is not 1, 2, 3 or 4", s)
	}
	var err error
	if p.asOf, err = parseDate("as-of date", f.take()); err != nil {
		p.fail(r.line, "field 5", "%v", err)
	}
	if _, err := parseTime("as-of time", f.take()); err != nil {
		p.fail(r.line, "field 6", "%v", err)
	}
	p.groupCcy = f.take()
	if p.groupCcy != "" {
		if _, ok := currency.Exponent(p.groupCcy); !ok {
			p.fail(r.line, "field 7", "unknown currency code %q", p.groupCcy)
		}
	}
}

func (p *parser) groupTrailer(r *record) {
	if p.group == nil {
		p.fail(r.line, "", "a group trailer (98) with no open group")
		return
	}
	if p.account != nil {
		p.fail(r.line, "", "a group trailer (98) inside the account that starts at line %d, which has no account trailer (49)", p.account.line)
		p.closeAccount()
	}
	f := r.fields()
	p.checkTotal(r.line, "group trailer (98) control total", f.take(), p.group, "the amounts in its accounts")
	p.checkCount(r.line, "group trailer (98) number of accounts", f.take(), p.group.children, "the group holds")
	p.checkCount(r.line, "group trailer (98) number of records", f.take(), p.group.records, "the group has, from its 02 to this 98")
	p.closeGroup()
}

func (p *parser) fileTrailer(r *record) {
	if p.header == nil {
		return // reported at the start
	}
	if p.group != nil {
		p.fail(r.line, "", "the file trailer (99) comes inside the group that starts at line %d, which has no group trailer (98)", p.group.line)
		p.closeAccount()
		p.closeGroup()
	}
	f := r.fields()
	p.checkTotal(r.line, "file trailer (99) control total", f.take(), p.header, "the amounts in the file")
	p.checkCount(r.line, "file trailer (99) number of groups", f.take(), p.header.children, "the file holds")
	p.checkCount(r.line, "file trailer (99) number of records", f.take(), p.header.records, "the file has, from 01 to 99")
	p.ended = r.line
}

func (p *parser) accountTrailer(r *record) {
	if p.account == nil {
		p.fail(r.line, "", "an account trailer (49) with no open account")
		return
	}
	f := r.fields()
	p.checkTotal(r.line, "account trailer (49) control total", f.take(), p.account, "the amounts in the account's 03 and 16 records")
	p.checkCount(r.line, "account trailer (49) number of records", f.take(), p.account.records, "the account has, from its 03 to this 49")
	p.closeAccount()
}

// closeAccount ends the open account: its statement is complete, and its total joins its group's.
func (p *parser) closeAccount() {
	if p.account == nil {
		return
	}
	p.checkDeclared()
	p.file.Statements = append(p.file.Statements, *p.st)
	p.st = nil
	p.addTotal(p.group, p.account)
	p.account = nil
}

func (p *parser) closeGroup() {
	if p.group == nil {
		return
	}
	p.addTotal(p.header, p.group)
	p.group = nil
}

// addTotal adds a finished level's amounts to the level above it.
func (p *parser) addTotal(to, from *level) {
	if to == nil {
		return
	}
	to.overflow = to.overflow || from.overflow || !add(&to.total, from.total)
	to.unread = to.unread || from.unread
}

// amount adds an amount to the open account's control total.
func (p *parser) amount(v int64) {
	if p.account != nil && !add(&p.account.total, v) {
		p.account.overflow = true
	}
}

// add adds v to *sum, reporting false (and leaving *sum alone) when the result does not fit.
func add(sum *int64, v int64) bool {
	if (v > 0 && *sum > math.MaxInt64-v) || (v < 0 && *sum < math.MinInt64-v) {
		return false
	}
	*sum += v
	return true
}

// checkTotal compares a trailer's control total with the amounts the level holds.
func (p *parser) checkTotal(line int, what, declared string, l *level, found string) {
	v, ok, err := parseAmount(declared)
	switch {
	case err != nil:
		p.fail(line, "field 2", "%s: %v", what, err)
	case !ok:
		p.fail(line, "field 2", "%s is missing", what)
	case l.unread:
		// The amount that could not be read is a problem of its account already, which holds it;
		// a difference here would only repeat it, and hold the whole file.
	case l.overflow:
		p.problem(line, "%s cannot be checked: %s add up to more than a 64-bit total", what, found)
	case v != l.total:
		p.problem(line, "%s is %d but %s add up to %d (difference %d)", what, v, found, l.total, v-l.total)
	}
}

// checkCount compares a trailer's count with what the level holds.
func (p *parser) checkCount(line int, what, declared string, actual int, found string) {
	n, ok, err := parseCount(what, declared)
	switch {
	case err != nil:
		p.fail(line, "", "%v", err)
	case !ok:
		p.fail(line, "", "%s is missing", what)
	case n != actual:
		p.problem(line, "%s is %d but %s %d", what, n, found, actual)
	}
}

// endOfFile checks that the file ended with its trailer.
func (p *parser) endOfFile(last int) {
	switch {
	case p.header == nil:
		p.fail(0, "", "not a BAI2 file: the file is empty")
	case p.ended == 0:
		open := "the file"
		switch {
		case p.account != nil:
			open = fmt.Sprintf("the account that starts at line %d", p.account.line)
		case p.group != nil:
			open = fmt.Sprintf("the group that starts at line %d", p.group.line)
		}
		p.fail(last, "", "the file ends inside %s, with no file trailer (99); it may have been cut short", open)
	case len(p.file.Statements) == 0 && len(p.errs) == 0:
		p.fail(p.ended, "", "the file holds no account (03 record)")
	}
}
