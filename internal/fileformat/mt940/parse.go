// Package mt940 reads SWIFT MT940 customer statements in the dialects banks actually send: bare
// fields or wrapped in SWIFT blocks ({1:…}{2:…}{4: … -}), with CRLF or LF line ends, one or many
// statements per file, ABN AMRO's three-line preamble, and :86: information as free text, German
// ?NN subfields or slash-keyed fields.
//
// A statement runs from :20: to the next :20:, a "-" line or the end of a SWIFT block. It must have an
// account (:25:), an opening balance (:60F: or intermediate :60M:) and a closing balance (:62F: or
// :62M:); a file that ends before them has been cut short and is refused. Each :61: is one entry, its
// :86: (when it follows) describes it, and :64:/:65: are available balances. Fields a statement
// may carry but that the record model has no place for (:21:, a :86: after the closing balance) are
// read and not kept.
//
// A file with several statements is not refused for one statement's values: a balance, date or
// account of the statement's own that cannot be read is a Problem of that statement (not a
// warning: its figures cannot be trusted), and the statement is returned with its entries and
// without that value; an unknown field, such as a bank's own :NSF:, is a warning of its statement.
// What leaves the file's structure or an entry unreadable (no :20:, stray text, a :61: that cannot
// be read, fields out of order, an opening balance whose currency cannot be read) refuses the file.
package mt940

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
const Format = "mt940"

// maxLineBytes caps one physical line. SWIFT lines are at most 65 characters; banks' dialects run
// longer, but a line past this is not a statement line, and the cap keeps memory constant.
const maxLineBytes = 16 << 10

// maxFieldLines caps the lines of one field, so that a damaged file cannot grow one without limit.
const maxFieldLines = 200

// Parse reads a whole MT940 file and returns it with every entry. On success it returns the file
// with Format "mt940". When the file cannot be read it returns nil and an ims.ParseErrors naming
// each bad line, field and reason (at most ims.MaxParseErrors).
func Parse(r io.Reader) (*ims.StatementFile, error) {
	return Scan(r, ims.KeepEntry)
}

// Scan reads a file as Parse does, in constant memory: it calls each with every entry (once its :86:
// has been read) and the statement it belongs to, and returns the file without them (each
// statement's EntryCount and EntryTotals give its count and totals). Once the file is found bad,
// Scan stops calling each but reads on to report every error; the caller must then drop what it was
// given. When each returns an error, Scan stops and returns that error.
func Scan(r io.Reader, each ims.EntryFunc) (*ims.StatementFile, error) {
	lr := textline.NewReader(r, maxLineBytes)
	p := &parser{out: sink.New(each)}
	for !p.stop && len(p.errs) < ims.MaxParseErrors {
		b, err := lr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		text := string(b)
		if errors.Is(err, textline.ErrLineTooLong) {
			if !p.started {
				p.notMT940(lr.Line(), text)
				break
			}
			p.fail(lr.Line(), "", "the line is longer than %d bytes; MT940 lines are at most 65 characters", maxLineBytes)
			continue
		}
		if err != nil {
			p.fail(lr.Line(), "", "cannot read the file: %v", err)
			break
		}
		p.handle(lr.Line(), text)
	}
	if !p.stop && len(p.errs) < ims.MaxParseErrors {
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
		p.file.Problems = append(p.file.Problems, ims.Problem{
			Where:   fmt.Sprintf("line %d", first),
			Message: fmt.Sprintf("%d line(s) were not valid UTF-8 and were read as Windows-1252; check names and text", n),
			Warning: true, // the figures do not depend on the text's encoding
		})
	}
	p.file.Format = Format
	return &p.file, nil
}

// Sniff reports whether head, the first bytes of a file, looks like MT940: its first line (after any
// byte order mark and blank lines) is a :20: field, a SWIFT block, or ABN AMRO's preamble.
func Sniff(head []byte) bool {
	s := strings.TrimPrefix(string(head), "\ufeff")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		l = strings.TrimRight(l, "\r \t")
		switch {
		case l == "":
			continue
		case strings.HasPrefix(l, ":20:"), strings.HasPrefix(l, "{1:"):
			return true
		case isPreamble(l) && i+1 < len(lines):
			continue
		}
		return false
	}
	return false
}

// isPreamble reports whether a line outside a statement is part of a bank's header: ABN AMRO writes
// its BIC, "940" and its BIC again before each statement.
func isPreamble(l string) bool {
	if l == "940" || l == "942" {
		return true
	}
	if len(l) != 8 && len(l) != 11 {
		return false
	}
	return upperLetters(l[:6]) && alnum(l[6:])
}

func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// A field is one tagged field and its continuation lines.
type field struct {
	tag   string
	lines []string
	line  int
}

type parser struct {
	out     sink.Entries
	file    ims.StatementFile
	errs    ims.ParseErrors
	started bool // a line that belongs to MT940 has been seen
	stop    bool // the file is not MT940; nothing more is read
	inBlock int  // line of an open SWIFT block 4, 0 when none
	field   *field
	st      *statement
}

func (p *parser) fail(line int, col, format string, args ...any) {
	p.errs = append(p.errs, ims.ParseError{Line: line, Column: col, Message: fmt.Sprintf(format, args...)})
}

func (p *parser) notMT940(line int, text string) {
	p.fail(line, "", "not an MT940 file: expected ':20:' or a SWIFT block '{1:', found %q", clip(text))
	p.stop = true
}

// handle reads one line.
func (p *parser) handle(n int, text string) {
	l := strings.TrimRight(text, " \t")
	switch {
	case l == "":
		return // blank lines separate statements and trail files; they carry nothing
	case strings.HasPrefix(l, "{"):
		p.blocks(n, l)
	case l == "-" || strings.HasPrefix(l, "-}"):
		p.endStatement(n)
		if strings.HasPrefix(l, "-}") {
			p.inBlock = 0
			if rest := l[2:]; rest != "" && !strings.HasPrefix(rest, "{") {
				p.fail(n, "", "unexpected text %q after the end of the SWIFT block", clip(rest))
			}
		}
	case tagOf(l) == "20", tagOf(l) != "" && p.st != nil:
		p.started = true
		p.startField(n, tagOf(l), text[len(tagOf(l))+2:]) // trailing spaces can matter in folded :86: text
	case tagOf(l) != "" && p.started:
		p.fail(n, "field "+tagOf(l), "the field comes before any :20: transaction reference that starts a statement")
	case p.st == nil && isPreamble(l):
		p.started = true
	case !p.started:
		p.notMT940(n, text)
	case p.st == nil:
		p.fail(n, "", "expected ':20:' to start a statement, found %q", clip(l))
	case p.field != nil && (p.field.tag == "61" || p.field.tag == "86" || p.field.tag == "25P"):
		// :61: and :86: run over several lines; :25P: gives the account's BIC on its second line.
		if len(p.field.lines) >= maxFieldLines {
			if len(p.field.lines) == maxFieldLines {
				p.fail(n, "field "+p.field.tag, "the field runs past %d lines", maxFieldLines)
				p.field.lines = append(p.field.lines, "")
			}
			return
		}
		p.field.lines = append(p.field.lines, text)
	default:
		p.fail(n, "", "unexpected text %q: only :61:, :86: and :25P: may continue on further lines", clip(l))
	}
}

// blocks reads a line of SWIFT blocks, "{1:…}{2:…}{3:…}{4:" or "{5:…}". Block 4 holds the fields,
// which may start on the same line.
func (p *parser) blocks(n int, l string) {
	p.started = true
	for strings.HasPrefix(l, "{") {
		if strings.HasPrefix(l, "{4:") {
			p.endStatement(n)
			p.inBlock = n
			if rest := strings.TrimSpace(l[3:]); rest != "" {
				p.handle(n, rest)
			}
			return
		}
		end := closingBrace(l)
		if end < 0 {
			p.fail(n, "", "SWIFT block %q is not closed on its line", clip(l))
			return
		}
		l = l[end+1:]
	}
	if l != "" {
		p.fail(n, "", "unexpected text %q after the SWIFT header blocks", clip(l))
	}
}

// closingBrace returns the index of the brace that closes the block starting at s[0], allowing
// nested blocks such as {3:{108:REF}}, or -1.
func closingBrace(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// tagOf returns the tag of a field line (":61:…" → "61"), or "" when the line does not start one. A
// tag is two digits and an optional letter; banks' own tags (":NS:", ":NSF:") are recognised as tags
// so that they can be reported, not mistaken for text.
func tagOf(l string) string {
	if len(l) < 4 || l[0] != ':' {
		return ""
	}
	end := strings.IndexByte(l[1:], ':')
	if end < 2 || end > 4 {
		return ""
	}
	if !alnum(l[1 : 1+end]) {
		return ""
	}
	return l[1 : 1+end]
}

// startField finishes the field being read and starts a new one.
func (p *parser) startField(n int, tag, value string) {
	p.finishField()
	if tag == "20" {
		p.endStatement(n)
		p.st = &statement{start: n, index: len(p.file.Statements) + 1, ims: ims.Statement{ID: strings.TrimSpace(value)}}
	}
	p.field = &field{tag: tag, lines: []string{value}, line: n}
}

// finishField hands the field being read to the statement.
func (p *parser) finishField() {
	f := p.field
	p.field = nil
	if f == nil || p.st == nil {
		return
	}
	p.entryDone(f)
	if err := p.st.add(f); err != nil {
		p.fail(f.line, "field "+f.tag, "%s", err.Error())
	}
	p.file.Problems = append(p.file.Problems, p.st.problems...)
	p.st.problems = p.st.problems[:0]
}

// entryDone hands the statement's last entry on, counted, once next (nil at the end of the
// statement) shows that nothing more will be added to it; each is given it while the file has no
// errors.
func (p *parser) entryDone(next *field) {
	e, ok := p.st.takeEntry(next)
	if !ok {
		return
	}
	p.out.Add(&p.st.ims, e, len(p.errs) == 0)
	p.stop = p.stop || p.out.Stopped() != nil
}

// endStatement finishes the statement being read, if any, and checks that it is complete.
func (p *parser) endStatement(n int) {
	p.finishField()
	st := p.st
	if st == nil {
		return
	}
	p.entryDone(nil)
	p.st = nil
	where := fmt.Sprintf("statement %q starting at line %d", st.ims.ID, st.start)
	missing := func(what string) {
		p.fail(n, "", "%s has no %s before line %d; the file may have been cut short", where, what, n)
	}
	if !st.account {
		missing("account :25:")
	}
	if st.ims.Opening == nil && !st.badOpening {
		missing("opening balance :60F: or :60M:")
	}
	if st.ims.Closing == nil && !st.badClosing {
		missing("closing balance :62F: or :62M:")
	}
	p.file.Statements = append(p.file.Statements, st.ims)
}

// endOfFile checks that the file ended where it could.
func (p *parser) endOfFile(n int) {
	if !p.started {
		p.fail(0, "", "not an MT940 file: the file is empty")
		return
	}
	p.endStatement(n)
	if p.inBlock > 0 {
		p.fail(n, "", "the SWIFT block 4 opened at line %d has no closing '-}'; the file may have been cut short", p.inBlock)
	}
	if len(p.file.Statements) == 0 && len(p.errs) == 0 {
		p.fail(n, "", "the file holds no statement (no :20: field)")
	}
}

// clip shortens text for an error message without splitting a character.
func clip(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
