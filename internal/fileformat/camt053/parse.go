// Package camt053 reads ISO 20022 bank-to-customer statements, camt.053.001.02 to camt.053.001.08.
//
// Each Stmt becomes a Statement: OPBD (or PRCD when there is no OPBD) is its opening balance, CLBD
// its closing balance, and every other balance (OPAV, CLAV, FWAV, ITBD, PRCD beside an OPBD …) is
// kept in OtherBalances. Each Ntry is one Entry, counted once at its full amount whatever its
// status (Sts: BOOK, PDNG, INFO), and its TxDtls are listed in Entry.Details; when there is exactly
// one, its references, remittance and debtor are copied to the entry too.
//
// What the file declares about itself is checked, and a disagreement is reported in
// StatementFile.Problems with both figures: TxsSummry counts and sums against the entries (and
// kept in DeclaredCount and DeclaredTotals), a batch's NbOfTxs against the TxDtls listed, a batch's
// TtlAmt and the TxDtls amounts against their entry.
//
// A file with several statements is not refused for one statement's own values: a balance (Bal)
// whose type, amount, indicator or date cannot be read, a CreDtTm or a TxsSummry figure that cannot
// be read, an account (Acct) without an identification is a Problem of that statement (not a warning: its figures cannot be trusted), and the
// statement is returned with its entries and without that value. Every problem names its statement.
// An entry that cannot be read, a statement without an account, and broken XML refuse the file.
//
// The document is read with encoding/xml one entry at a time: Scan hands each entry on as it is
// read and holds one at a time, so memory does not grow with the file; Parse keeps them all. Errors name the line and the element's path, such as
// Document/BkToCstmrStmt/Stmt[2]/Ntry[5]/Amt.
package camt053

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat/internal/sink"
	"github.com/ims-council/ims/internal/fileformat/internal/xmllimit"
)

// Format is the name Parse gives the files it reads.
const Format = "camt053"

// namespacePrefix is the namespace of every camt.053 version; the version follows it.
const namespacePrefix = "urn:iso:std:iso:20022:tech:xsd:camt.053.001."

// maxDepth caps element nesting; camt.053 needs about 15 levels.
const maxDepth = 64

// Limits that keep the memory a hostile file can take small, whatever its size. A statement is
// read one child of Stmt (an Ntry, a Bal …) at a time, so a file of a million entries is read in the
// same few megabytes as a file of ten; what one element may hold is capped instead. No real element
// comes near these: the longest text camt.053 allows is 500 characters, and a batch entry listing
// ten thousand transactions is a few megabytes.
const (
	maxTokenBytes   = 1 << 20 // one text, attribute, tag or comment, as it is in the file
	maxTextBytes    = 1 << 20 // the text of one element, which comments may split into pieces
	maxElementBytes = 4 << 20 // one child of Stmt (an Ntry with its details, say) or the group header
)

// Parse reads a whole camt.053 file and returns it with every entry. On success it returns the file
// with Format "camt053" and any Problems. When the file cannot be read it returns nil and an
// ims.ParseErrors naming each bad element's line and path, and the reason (at most
// ims.MaxParseErrors).
func Parse(r io.Reader) (*ims.StatementFile, error) {
	return Scan(r, ims.KeepEntry)
}

// Scan reads a file as Parse does, calling each with every entry (Ntry) as it reads it and the
// statement it belongs to, as read so far (its currency may be settled only at its end, from its
// balances), and returns the file without them (each statement's EntryCount and EntryTotals give its
// count and totals). Once the file is found bad, Scan stops calling each but reads on to report every
// error; the caller must then drop what it was given. When each returns an error, Scan stops and
// returns that error.
func Scan(r io.Reader, each ims.EntryFunc) (*ims.StatementFile, error) {
	br := bufio.NewReader(r)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\ufeff")) {
		br.Discard(3)
	}
	head, _ := br.Peek(512)
	switch {
	case len(bytes.TrimSpace(head)) == 0:
		return nil, ims.ParseErrors{{Line: 1, Message: "not a camt.053 file: the file is empty"}}
	case !looksLikeXML(head):
		line, _, _ := bytes.Cut(bytes.TrimLeft(head, " \t\r\n"), []byte("\n"))
		return nil, ims.ParseErrors{{Line: 1, Message: fmt.Sprintf("not a camt.053 file: expected XML starting with '<', found %q", clip(string(line)))}}
	}
	in := xmllimit.NewReader(br, maxTokenBytes)
	dec := xml.NewDecoder(in)
	dec.CharsetReader = charsetReader
	p := &parser{in: in, dec: dec, out: sink.New(each)}
	p.document()
	if err := p.out.Stopped(); err != nil {
		return nil, err
	}
	if len(p.errs) > 0 {
		if len(p.errs) > ims.MaxParseErrors {
			p.errs = p.errs[:ims.MaxParseErrors]
		}
		return nil, p.errs
	}
	p.file.Format = Format
	return &p.file, nil
}

// Sniff reports whether head, the first bytes of a file, looks like camt.053: XML that names the
// camt.053 namespace (of any version, so that Parse can say which versions it reads).
func Sniff(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\ufeff"))
	return looksLikeXML(head) && bytes.Contains(head, []byte(namespacePrefix))
}

func looksLikeXML(head []byte) bool {
	return bytes.HasPrefix(bytes.TrimLeft(head, " \t\r\n"), []byte("<"))
}

type parser struct {
	out  sink.Entries
	in   *xmllimit.Reader // counts what the decoder reads for each token
	dec  *xml.Decoder
	held struct { // the element being held as a tree (an Ntry, say)
		from int64 // where in the input it starts
		line int   // and its line and path, for errors
		path string
	}
	file ims.StatementFile
	errs ims.ParseErrors
	stop bool // the XML itself is broken; nothing more can be read
	stmt int  // 1-based index of the Stmt being read, which its problems name
}

func (p *parser) fail(line int, path, format string, args ...any) {
	// The XML decoder's messages quote the bytes it could not read, which need not be UTF-8.
	msg := strings.ToValidUTF8(fmt.Sprintf(format, args...), "\uFFFD")
	p.errs = append(p.errs, ims.ParseError{Line: line, Column: strings.ToValidUTF8(path, "\uFFFD"), Message: msg})
	if len(p.errs) >= ims.MaxParseErrors {
		p.stop = true
	}
}

// problem reports a disagreement in the statement being read, which cannot be trusted until a
// person has looked at it.
func (p *parser) problem(where, format string, args ...any) {
	p.file.Problems = append(p.file.Problems, ims.Problem{Where: where, Message: fmt.Sprintf(format, args...), Statement: p.stmt})
}

// unreadable reports a value of the statement's own that cannot be read, at line and path: the
// statement is read on without it, held like a disagreement.
func (p *parser) unreadable(line int, path, format string, args ...any) {
	where := strings.ToValidUTF8(fmt.Sprintf("line %d, %s", line, path), "\uFFFD")
	p.problem(where, "%s", strings.ToValidUTF8(fmt.Sprintf(format, args...), "\uFFFD"))
}

func (p *parser) line() int {
	line, _ := p.dec.InputPos()
	return line
}

// token returns the next token that matters (start or end of an element, or text), or nil at the
// end of the document or after an error, which it reports.
func (p *parser) token() xml.Token {
	for !p.stop {
		p.in.Next()
		tok, err := p.dec.Token()
		if errors.Is(err, io.EOF) {
			// The decoder reports an unclosed element as a syntax error, so a plain end of file
			// comes only after the root element is closed, or before it opened.
			p.stop = true
			return nil
		}
		if err != nil {
			p.xmlError(err)
			return nil
		}
		switch t := tok.(type) {
		case xml.StartElement, xml.EndElement:
			return t
		case xml.CharData:
			return t.Copy()
		}
	}
	return nil
}

// xmlError reports an error from the XML decoder, after which nothing more can be read.
func (p *parser) xmlError(err error) {
	var syn *xml.SyntaxError
	var long *xmllimit.TooLongError
	switch {
	case errors.As(err, &long):
		p.fail(p.line(), "", "the file is refused: %v", err)
	case errors.As(err, &syn):
		msg := syn.Msg
		switch {
		case strings.Contains(msg, "unexpected EOF"):
			msg += "; the file may have been cut short"
		case strings.Contains(msg, "invalid UTF-8"):
			msg = "the text is not valid UTF-8, the encoding the file declares (was it saved as Windows-1252 or Latin-1?)"
		}
		p.fail(syn.Line, "", "the XML is not well formed: %s", msg)
	default:
		p.fail(p.line(), "", "cannot read the XML: %v", err)
	}
	p.stop = true
}

// document reads the root element, which must be a camt.053 Document of a version this package
// reads, and the statements in it.
func (p *parser) document() {
	var root xml.StartElement
	for {
		tok := p.token()
		if tok == nil {
			if len(p.errs) == 0 {
				p.fail(p.line(), "", "not a camt.053 file: the XML has no root element")
			}
			return
		}
		if s, ok := tok.(xml.StartElement); ok {
			root = s
			break
		}
	}
	ns := root.Name.Space
	switch {
	case root.Name.Local != "Document":
		p.fail(p.line(), "", "not a camt.053 file: expected an ISO 20022 <Document> element, found <%s>", root.Name.Local)
		return
	case !strings.HasPrefix(ns, namespacePrefix):
		p.fail(p.line(), "Document", "not a camt.053 file: the namespace is %q; expected %s02 to %s08", ns, namespacePrefix, namespacePrefix)
		return
	}
	switch v := strings.TrimPrefix(ns, namespacePrefix); v {
	case "02", "03", "04", "05", "06", "07", "08":
	default:
		p.fail(p.line(), "Document", "camt.053 version 001.%s (namespace %q) is not supported; this reader takes versions 001.02 to 001.08", v, ns)
		return
	}
	for !p.stop {
		switch t := p.token().(type) {
		case nil:
			return
		case xml.StartElement:
			if t.Name.Local != "BkToCstmrStmt" {
				p.fail(p.line(), "Document/"+t.Name.Local, "expected <BkToCstmrStmt>, the bank-to-customer statement, found <%s>", t.Name.Local)
				return
			}
			p.message("Document/BkToCstmrStmt")
		case xml.EndElement:
			if len(p.file.Statements) == 0 && len(p.errs) == 0 {
				p.fail(p.line(), "Document", "the document holds no statement (Stmt)")
			}
			p.trailing()
			return
		}
	}
}

// trailing checks that nothing but comments and white space follows the root element.
func (p *parser) trailing() {
	for !p.stop {
		switch t := p.token().(type) {
		case nil:
			return
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				p.fail(p.line(), "", "unexpected text after the end of the document")
				return
			}
		default:
			p.fail(p.line(), "", "unexpected element after the end of the document")
			return
		}
	}
}

// message reads BkToCstmrStmt: a group header, then statements.
func (p *parser) message(path string) {
	stmts := 0
	for !p.stop {
		switch t := p.token().(type) {
		case nil:
			return
		case xml.StartElement:
			switch t.Name.Local {
			case "Stmt":
				stmts++
				p.statement(fmt.Sprintf("%s/Stmt[%d]", path, stmts))
			case "GrpHdr", "SplmtryData":
				p.subtree(t, path+"/"+t.Name.Local, 1) // nothing in it describes the statements
			default:
				p.fail(p.line(), path+"/"+t.Name.Local, "unexpected element <%s> in a bank-to-customer statement", t.Name.Local)
				p.subtree(t, path+"/"+t.Name.Local, 1)
			}
		case xml.EndElement:
			return
		}
	}
}

// subtree reads the element whose start tag was just read, with everything inside it, as element
// does, and refuses it once it has taken more than maxElementBytes of the file.
func (p *parser) subtree(start xml.StartElement, path string, depth int) *node {
	p.held.from, p.held.line, p.held.path = p.dec.InputOffset(), p.line(), path
	return p.element(start, path, depth)
}

// element reads the element whose start tag was just read, with everything inside it.
func (p *parser) element(start xml.StartElement, path string, depth int) *node {
	n := &node{name: start.Name.Local, line: p.line(), path: path}
	for _, a := range start.Attr {
		if n.attrs == nil {
			n.attrs = map[string]string{}
		}
		n.attrs[a.Name.Local] = a.Value
	}
	var text strings.Builder
	var seen map[string]int // made for the first child: most elements have none
	for !p.stop {
		tok := p.token()
		if size := p.dec.InputOffset() - p.held.from; size > maxElementBytes && !p.stop {
			p.fail(p.held.line, p.held.path, "the file is refused: the element is larger than %s, the limit for one element of a statement (an entry with its details, say)", xmllimit.Size(maxElementBytes))
			p.stop = true
			return n
		}
		switch t := tok.(type) {
		case nil:
			return n
		case xml.CharData:
			if text.Len()+len(t) > maxTextBytes {
				p.fail(p.line(), path, "the file is refused: the element's text is longer than %s, the limit", xmllimit.Size(maxTextBytes))
				p.stop = true
				return n
			}
			text.Write(t)
		case xml.StartElement:
			if depth >= maxDepth {
				p.fail(p.line(), path, "elements are nested more than %d deep", maxDepth)
				p.stop = true
				return n
			}
			if seen == nil {
				seen = map[string]int{}
			}
			seen[t.Name.Local]++
			c := p.element(t, childPath(path, t.Name.Local, seen[t.Name.Local]), depth+1)
			n.children = append(n.children, c)
		case xml.EndElement:
			n.text = strings.TrimSpace(text.String())
			return n
		}
	}
	return n
}

// clip shortens text for an error message without splitting a character.
func clip(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	r := []rune(s)
	if len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
