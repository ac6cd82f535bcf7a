package mt940

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ims-council/ims"
)

// A statement collects the fields of one :20: block in the order SWIFT sets: header fields, the
// opening balance, the entries, the closing balance, then available balances.
type statement struct {
	start      int
	index      int // 1-based position of the statement in the file
	ims        ims.Statement
	phase      phase
	account    bool
	lastTag    string
	entryOK    bool      // the last :61: was read, so a :86: after it has an entry to describe
	pending    ims.Entry // that entry, held until a :86: has described it or cannot
	badOpening bool      // the opening balance was there but unreadable (already reported)
	badClosing bool
	// problems are what is wrong with fields the statement was still read without: a value of
	// its own that cannot be read holds the statement, an unknown field is a warning. The parser
	// moves them to the file's Problems as each field is read.
	problems []ims.Problem
}

// problem records what is wrong with field f; see statement.problems.
func (st *statement) problem(f *field, warning bool, format string, args ...any) {
	st.problems = append(st.problems, ims.Problem{
		Where:     fmt.Sprintf("line %d, field %s", f.line, f.tag),
		Message:   fmt.Sprintf(format, args...),
		Statement: st.index,
		Warning:   warning,
	})
}

// hold records a value of the statement's own that cannot be read: the statement is read on, but
// its figures cannot be trusted until a person has looked at it.
func (st *statement) hold(f *field, format string, args ...any) {
	st.problem(f, false, format, args...)
}

type phase int

const (
	header phase = iota
	entries
	closed
)

// add reads one field into the statement. Its error says what is wrong with the field when the
// statement cannot be read past it; a value that can be done without is recorded in st.problems.
func (st *statement) add(f *field) error {
	last := st.lastTag
	st.lastTag = f.tag
	v := strings.TrimSpace(f.lines[0])
	switch f.tag {
	case "20":
		return nil // read when the statement started
	case "21":
		return nil // related reference: refers to an MT920 request, meaningless to the account owner
	case "13D":
		t, err := parseDateTime(v)
		if err != nil {
			st.hold(f, "%v", err)
			return nil
		}
		st.ims.CreatedAt = t
		return nil
	case "25", "25P":
		if st.account {
			return errors.New("the statement has a second account field")
		}
		if st.phase != header {
			return errors.New("the account must come before the opening balance")
		}
		st.account = true
		st.ims.Account = v
		if v == "" {
			st.hold(f, "the account is blank")
		}
		return nil
	case "28", "28C":
		if st.phase != header {
			return errors.New("the statement number must come before the opening balance")
		}
		st.ims.Number = v
		return nil
	case "60F", "60M":
		if st.phase != header {
			return errors.New("the statement has a second opening balance")
		}
		st.phase = entries
		b, err := parseBalance(f.tag, v)
		if err != nil {
			st.badOpening = true
			// The entries' amounts are in the opening balance's currency: without it they cannot be
			// read, and neither can the statement.
			ccy, ok := balanceCurrency(v)
			if !ok {
				return fmt.Errorf("opening balance: %w; without the account's currency its entries cannot be read", err)
			}
			st.ims.Currency = ccy
			st.hold(f, "opening balance: %v", err)
			return nil
		}
		st.ims.Opening = &b
		st.ims.Currency = b.Currency
		return nil
	case "61":
		st.entryOK = false
		switch st.phase {
		case header:
			return errors.New("a statement line (:61:) must come after the opening balance (:60F: or :60M:)")
		case closed:
			return errors.New("a statement line (:61:) must come before the closing balance (:62F: or :62M:)")
		}
		if st.ims.Currency == "" {
			return nil // the opening balance was unreadable and has been reported
		}
		e, err := parseStatementLine(f.lines, st.ims.Currency)
		if err != nil {
			return err
		}
		e.Line = f.line
		st.pending = e
		st.entryOK = true
		return nil
	case "86":
		switch {
		case last == "61":
			if st.entryOK {
				describe(&st.pending, parseInformation(f.lines))
			}
			return nil
		case st.phase == closed:
			return nil // information about the whole statement, which the record model does not hold
		}
		return errors.New("information (:86:) must follow a statement line :61: or the closing balance")
	case "62F", "62M":
		if st.phase == closed {
			return errors.New("the statement has a second closing balance")
		}
		st.phase = closed
		b, err := parseBalance(f.tag, v)
		if err != nil {
			st.badClosing = true
			st.hold(f, "closing balance: %v", err)
			return nil
		}
		st.ims.Closing = &b
		return nil
	case "64", "65":
		if st.phase != closed {
			return fmt.Errorf("the available balance :%s: must come after the closing balance", f.tag)
		}
		b, err := parseBalance(f.tag, v)
		if err != nil {
			st.hold(f, "available balance: %v", err)
			return nil
		}
		st.ims.OtherBalances = append(st.ims.OtherBalances, b)
		return nil
	}
	// A bank's own field (":NSF:") says nothing the statement's figures depend on.
	st.problem(f, true, "unknown field :%s: was not read (MT940 fields are 20, 21, 25, 28C, 60F/M, 61, 86, 62F/M, 64 and 65)", f.tag)
	return nil
}

// takeEntry returns the entry of the last :61: once nothing more can be added to it, before field
// next (nil at the end of the statement) is read, and forgets it.
func (st *statement) takeEntry(next *field) (*ims.Entry, bool) {
	if !st.entryOK || next != nil && next.tag == "86" && st.lastTag == "61" {
		return nil, false
	}
	st.entryOK = false
	return &st.pending, true
}

// describe fills an entry from its :86: information; the :61: supplementary details, already in the
// narrative, stay first.
func describe(e *ims.Entry, info information) {
	e.Narrative = joinText([]string{e.Narrative, info.narrative})
	e.Remittance = info.remittance
	e.EndToEndID = info.endToEndID
	e.PayerName = info.payerName
	e.PayerAcct = info.payerAcct
}

// parseDateTime reads a :13D: date-time indication, YYMMDDHHMM and a UTC offset ±HHMM.
func parseDateTime(v string) (time.Time, error) {
	if len(v) != 15 || !digits(v[:10]) || (v[10] != '+' && v[10] != '-') || !digits(v[11:]) {
		return time.Time{}, fmt.Errorf("date and time %q is not YYMMDDHHMM±HHMM", v)
	}
	d, err := parseDate(v[:6])
	if err != nil {
		return time.Time{}, err
	}
	hh, mm, oh, om := atoi(v[6:8]), atoi(v[8:10]), atoi(v[11:13]), atoi(v[13:15])
	if hh > 23 || mm > 59 || oh > 14 || om > 59 {
		return time.Time{}, fmt.Errorf("time %q does not exist", v[6:])
	}
	offset := time.Duration(oh)*time.Hour + time.Duration(om)*time.Minute
	if v[10] == '-' {
		offset = -offset
	}
	return d.Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute - offset).UTC(), nil
}
