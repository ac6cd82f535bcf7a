// Package bai2 reads BAI2 (Cash Management Balance Reporting Specifications, version 2) files, the
// balance and transaction reports US, Canadian and some UK banks (NatWest, Citi UK) send.
//
// A file is a 01 header, groups (02 … 98) of accounts (03 … 49), and a 99 trailer. Each 03 account
// becomes one Statement: its status codes are balances (010 opening ledger → Opening, 015 closing
// ledger → Closing, the others → OtherBalances), 100 and 400 are its declared credit and debit
// totals, and each 16 record is one Entry. 88 records continue the record before them: the fields
// of an 03 (or any other record), or the text of a 16.
//
// Every trailer is checked against what the file holds, and a disagreement is reported in
// StatementFile.Problems with both numbers (naming the account's statement when it is an account's,
// the file as a whole when it is a group's or the file's): a 49 account control total (the sum of every amount in
// the account's 03 and 16 records) and record count (the account's records from 03 to 49, 88s
// included); a 98 group control total (the sum of its accounts'), number of accounts and record
// count (02 to 98); and a 99 file control total, number of groups and record count (01 to 99). So
// are 100/400 totals that disagree with the 16 records, and S or D availability that does not add
// up to its amount. An account whose own 03 values cannot be read (a blank account number, a
// summary's type code, amount, count or funds type) is held the same way instead of refusing the
// file: its 16 records are read and returned.
//
// Amounts have no decimal point: they are minor units of the account's currency (the 03 currency,
// else the 02 group currency, else USD as the specification says). A 16 amount is unsigned and its
// type code says credit (100–399, 920–959) or debit (400–699, 960–999).
package bai2

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat/internal/sink"
	"github.com/ims-council/ims/internal/fileformat/internal/textline"
)

// Format is the name Parse gives the files it reads.
const Format = "bai2"

// maxLineBytes caps one physical line. BAI2 records are usually 80 characters or fewer; some banks write
// longer lines, but a line past this is not a BAI2 record, and the cap keeps memory constant.
const maxLineBytes = 16 << 10

// maxContinuations and maxRecordBytes cap the 88 records after one record, in number and with the
// record in bytes, so that a damaged or hostile file cannot grow one record without limit (a
// thousand continuations of 16 KB each would otherwise be held together).
const (
	maxContinuations = 1000
	maxRecordBytes   = 256 << 10
)

// Parse reads a whole BAI2 file and returns it with every entry. On success it returns the file with
// Format "bai2" and any Problems. When the file cannot be read it returns nil and an ims.ParseErrors
// naming each bad line, field and reason (at most ims.MaxParseErrors).
func Parse(r io.Reader) (*ims.StatementFile, error) {
	return Scan(r, ims.KeepEntry)
}

// Scan reads a file as Parse does, in constant memory: it calls each with every entry (a 16 record
// and its 88 continuations) and the account's statement, and returns the file without them (each
// statement's EntryCount and EntryTotals give its count and totals). Once the file is found bad,
// Scan stops calling each but reads on to report every error; the caller must then drop what it was
// given. When each returns an error, Scan stops and returns that error.
func Scan(r io.Reader, each ims.EntryFunc) (*ims.StatementFile, error) {
	lr := textline.NewReader(r, maxLineBytes)
	p := &parser{out: sink.New(each)}
	var rec *record
	for !p.stop && len(p.errs) < ims.MaxParseErrors {
		b, err := lr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		text := string(b)
		if errors.Is(err, textline.ErrLineTooLong) {
			if rec == nil && p.lastLine == 0 {
				p.notBAI2(lr.Line(), text)
				break
			}
			p.fail(lr.Line(), "", "the line is longer than %d bytes", maxLineBytes)
			continue
		}
		if err != nil {
			p.fail(lr.Line(), "", "cannot read the file: %v", err)
			break
		}
		line := strings.TrimRight(text, " \t")
		if line == "" {
			continue // blank lines, usually trailing ones, carry nothing and are not records
		}
		if rec == nil && p.lastLine == 0 && !strings.HasPrefix(line, "01,") {
			p.notBAI2(lr.Line(), text)
			break
		}
		if strings.HasPrefix(line, "88,") || line == "88" {
			if rec == nil {
				p.fail(lr.Line(), "", "a continuation record (88) must follow the record it continues")
				continue
			}
			if rec.full {
				continue
			}
			if len(rec.more) >= maxContinuations || rec.size+len(line) > maxRecordBytes {
				if len(rec.more) >= maxContinuations {
					p.fail(lr.Line(), "", "record at line %d has more than %d continuation records", rec.line, maxContinuations)
				} else {
					p.fail(lr.Line(), "", "record at line %d is longer than %d KB with its continuation records", rec.line, maxRecordBytes>>10)
				}
				rec.full = true
				continue
			}
			rec.more = append(rec.more, strings.TrimPrefix(line, "88"))
			rec.size += len(line)
			continue
		}
		if rec != nil {
			p.record(rec)
		}
		rec = &record{line: lr.Line(), text: line, size: len(line)}
		p.lastLine = lr.Line()
	}
	if !p.stop && len(p.errs) < ims.MaxParseErrors {
		if rec != nil {
			p.record(rec)
		}
		p.endOfFile(lr.Line())
	}
	if err := p.out.Stopped(); err != nil {
		return nil, err
	}
	if len(p.errs) > 0 {
		if len(p.errs) > ims.MaxParseErrors {
			p.errs = p.errs[:ims.MaxParseErrors]
		}
		return nil, p.errs
	}
	if n, first := lr.Recoded(); n > 0 {
		// The figures do not depend on the text's encoding: a warning about the whole file.
		p.file.Problems = append(p.file.Problems, ims.Problem{Where: fmt.Sprintf("line %d", first), Warning: true,
			Message: fmt.Sprintf("%d line(s) were not valid UTF-8 and were read as Windows-1252; check names and text", n)})
	}
	p.file.Format = Format
	return &p.file, nil
}

// Sniff reports whether head, the first bytes of a file, looks like BAI2: it starts (after any byte
// order mark) with a 01 file header record whose last field is version 2.
func Sniff(head []byte) bool {
	s := strings.TrimPrefix(string(head), "\ufeff")
	line, _, complete := strings.Cut(s, "\n")
	line = strings.TrimRight(line, "\r \t")
	if !strings.HasPrefix(line, "01,") {
		return false
	}
	if !complete && len(head) >= 4096 {
		return false // a first line this long is not a header record
	}
	fields := splitFields(line)
	return !complete || len(fields) >= 9 && strings.TrimSpace(fields[8]) == "2"
}

// A record is one physical record and the 88 continuation records after it.
type record struct {
	line int
	text string   // the record, "16,…"
	more []string // the continuations, each without its "88"
	size int      // bytes of the record and its continuations
	full bool     // a continuation was refused for going past a cap; later ones are skipped
}

// count is the number of physical records it spans, as the trailers count them.
func (r *record) count() int { return 1 + len(r.more) }

// fields returns the record's fields, continuations included, record code first.
func (r *record) fields() *fieldList {
	f := splitFields(r.text)
	ends := []int{len(f)}
	for _, m := range r.more {
		f = append(f, splitFields(strings.TrimPrefix(m, ","))...)
		ends = append(ends, len(f))
	}
	return &fieldList{fields: f, next: 1, ends: ends}
}

func (p *parser) fail(line int, col, format string, args ...any) {
	p.errs = append(p.errs, ims.ParseError{Line: line, Column: col, Message: fmt.Sprintf(format, args...)})
}

// problem reports a disagreement, which holds the account being read (the statement it becomes)
// or, outside an account (a group or file trailer, a group's status), the whole file.
func (p *parser) problem(line int, format string, args ...any) {
	stmt := 0
	if p.account != nil {
		stmt = len(p.file.Statements) + 1 // the account is added to Statements when it closes
	}
	p.file.Problems = append(p.file.Problems, ims.Problem{Where: fmt.Sprintf("line %d", line), Message: fmt.Sprintf(format, args...), Statement: stmt})
}

func (p *parser) notBAI2(line int, text string) {
	p.fail(line, "", "not a BAI2 file: expected a '01,' file header record, found %q", clip(text))
	p.stop = true
}
