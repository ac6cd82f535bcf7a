package dwp

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/ims-council/ims/internal/fileformat/internal/xmllimit"
)

// Limits on a workbook. A DWP deductions schedule is a few thousand rows, a few hundred kilobytes
// packed; these limits are far above that and keep the memory and time a hostile file can take
// small: a zip file can unpack to a thousand times its size, and encoding/xml holds each text
// whole. Only the parts the schedule needs are unpacked, each checked against its limit before it
// is read.
const (
	maxFileBytes    = 16 << 20  // the .xlsx file itself, which is read whole (a zip's directory is at its end)
	maxSheetBytes   = 64 << 20  // the first worksheet's XML, unpacked; streamed, so this bounds time
	maxStringsBytes = 16 << 20  // the shared strings, unpacked; these are held while the sheet is read
	maxPartBytes    = 1 << 20   // each other part read: the relationships and the workbook's settings
	maxTotalBytes   = 80 << 20  // all the parts read, unpacked
	maxTokenBytes   = 1 << 20   // one XML text, tag or comment
	maxCellBytes    = 128 << 10 // the text of one cell or shared string; Excel holds 32,767 characters
	maxDepth        = 32        // nesting of XML elements; a worksheet needs 6
	// maxParts bounds the parts a workbook may list. An .xlsx has a few dozen, and the zip reader
	// holds a few hundred bytes for each listed before it reads any, 50 MB for a 16 MB file of
	// empty parts.
	maxParts = 10_000
)

// An xlsx is an .xlsx file's zip archive, with its parts by lower-case name (part names are not
// case-sensitive) and a count of what has been unpacked.
type xlsx struct {
	parts    map[string]*zip.File
	unpacked int64
}

// openWorkbook reads the zip directory of an .xlsx file.
func openWorkbook(data []byte) (*xlsx, error) {
	if n := partCount(data); n > maxParts {
		return nil, fmt.Errorf("the workbook is refused: it lists more than %d parts, the limit", maxParts)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("not a DWP deductions schedule: expected an Excel .xlsx workbook, found a zip file that is not one (%v)", err)
	}
	w := &xlsx{parts: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		name := partName(f.Name)
		if _, dup := w.parts[name]; dup {
			return nil, fmt.Errorf("the workbook is damaged: it holds two parts named %s", f.Name)
		}
		w.parts[name] = f
	}
	return w, nil
}

// partCount returns the number of parts the end record of a zip file declares (65,535 for a zip64
// file, which declares more elsewhere), or -1 when there is no end record. It looks for the record
// as the zip reader does: the last signature from which a record and its comment reach the end.
func partCount(data []byte) int {
	const size = 22 // the end record without its comment
	for i := len(data) - size; i >= 0 && i >= len(data)-size-0xFFFF; i-- {
		if string(data[i:i+4]) == "PK\x05\x06" && i+size+int(binary.LittleEndian.Uint16(data[i+20:])) <= len(data) {
			return int(binary.LittleEndian.Uint16(data[i+10:]))
		}
	}
	return -1
}

// partName is the key of a part: no leading slash, forward slashes, lower case.
func partName(name string) string {
	return strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(name, `\`, "/"), "/"))
}

func (w *xlsx) has(name string) bool {
	_, ok := w.parts[partName(name)]
	return ok
}

// open returns a reader of the named part, once its unpacked size, as the zip directory declares it,
// is checked against limit and against what may be unpacked in all. The zip reader refuses to unpack
// more than the declared size, so the check holds whatever the packed data says.
func (w *xlsx) open(name, what string, limit int64) (io.ReadCloser, error) {
	f, ok := w.parts[partName(name)]
	if !ok {
		return nil, fmt.Errorf("not a DWP deductions schedule: expected an Excel .xlsx workbook, found a zip file that is not one (it has no %s)", name)
	}
	size := int64(f.UncompressedSize64)
	if f.UncompressedSize64 > 1<<62 || size > limit {
		return nil, fmt.Errorf("the workbook is refused: %s unpacks to %s, more than the %s limit for %s", f.Name, xmllimit.Size(size), xmllimit.Size(limit), what)
	}
	if w.unpacked+size > maxTotalBytes {
		return nil, fmt.Errorf("the workbook is refused: its parts unpack to more than the %s limit", xmllimit.Size(maxTotalBytes))
	}
	w.unpacked += size
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("the workbook is damaged: cannot unpack %s (%v)", f.Name, err)
	}
	return rc, nil
}

// A partReader reads the XML of one part a token at a time, within the limits above.
type partReader struct {
	name  string // the part's name, for errors
	rc    io.ReadCloser
	in    *xmllimit.Reader
	dec   *xml.Decoder
	depth int
	after string // where in the part reading has got to, for errors: "row 50"
}

func (w *xlsx) read(name, what string, limit int64) (*partReader, error) {
	rc, err := w.open(name, what, limit)
	if err != nil {
		return nil, err
	}
	in := xmllimit.NewReader(rc, maxTokenBytes)
	return &partReader{name: name, rc: rc, in: in, dec: xml.NewDecoder(in)}, nil
}

func (p *partReader) Close() error { return p.rc.Close() }

// token returns the next token, nil at the end of the part, or an error saying why the part cannot
// be read. The end is only reached once every element is closed, so a part cut short is an error.
func (p *partReader) token() (xml.Token, error) {
	p.in.Next()
	tok, err := p.dec.Token()
	if errors.Is(err, io.EOF) {
		if p.depth == 0 {
			return nil, nil
		}
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		return nil, p.damaged(err)
	}
	switch tok.(type) {
	case xml.StartElement:
		p.depth++
		if p.depth > maxDepth {
			return nil, fmt.Errorf("the workbook is damaged: the XML of %s nests elements more than %d deep", p.name, maxDepth)
		}
	case xml.EndElement:
		p.depth--
	}
	return tok, nil
}

// damaged describes an error reading the part.
func (p *partReader) damaged(err error) error {
	after := ""
	if p.after != "" {
		after = " after " + p.after
	}
	var long *xmllimit.TooLongError
	var syn *xml.SyntaxError
	switch {
	case errors.As(err, &long):
		return fmt.Errorf("the workbook is refused: in %s%s, %v", p.name, after, err)
	case errors.As(err, &syn) && strings.Contains(syn.Msg, "unexpected EOF"), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("the workbook is damaged: the XML of %s stops part way%s (the file was cut short or altered)", p.name, after)
	case errors.As(err, &syn):
		return fmt.Errorf("the workbook is damaged: the XML of %s is not well formed%s (line %d: %s)", p.name, after, syn.Line, strings.ToValidUTF8(syn.Msg, "\uFFFD"))
	}
	if errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum) {
		return fmt.Errorf("the workbook is damaged: %s does not unpack to what the zip directory says it holds%s (%v)", p.name, after, err)
	}
	return fmt.Errorf("the workbook is damaged: cannot read %s%s (%v)", p.name, after, err)
}

// each calls fn with every start element of a small part, reading it to its end.
func (w *xlsx) each(name, what string, fn func(xml.StartElement) error) error {
	p, err := w.read(name, what, maxPartBytes)
	if err != nil {
		return err
	}
	defer p.Close()
	for {
		tok, err := p.token()
		if tok == nil || err != nil {
			return err
		}
		if s, ok := tok.(xml.StartElement); ok {
			if err := fn(s); err != nil {
				return err
			}
		}
	}
}

// A relationship links a part to another: a workbook to its worksheets, say.
type relationship struct {
	id, typ, target string // target is a part name
}

// relationships reads the relationships of a part, in the order they are listed. A part without
// any has none.
func (w *xlsx) relationships(part string) ([]relationship, error) {
	name := path.Join(path.Dir(part), "_rels", path.Base(part)+".rels")
	var rels []relationship
	if !w.has(name) {
		return nil, nil
	}
	err := w.each(name, "a relationships part", func(s xml.StartElement) error {
		if s.Name.Local != "Relationship" || attr(s, "TargetMode") == "External" {
			return nil
		}
		target := attr(s, "Target")
		if strings.HasPrefix(target, "/") {
			target = target[1:]
		} else {
			target = path.Join(path.Dir(part), target)
		}
		rels = append(rels, relationship{id: attr(s, "Id"), typ: attr(s, "Type"), target: target})
		return nil
	})
	return rels, err
}

// find returns the first relationship whose type ends in typ ("/worksheet") or, when typ is "", whose
// Id is id.
func find(rels []relationship, typ, id string) (relationship, bool) {
	for _, r := range rels {
		if (typ != "" && strings.HasSuffix(r.typ, typ)) || (typ == "" && r.id == id) {
			return r, true
		}
	}
	return relationship{}, false
}

// A sheetRef is where the first sheet of a workbook is, and what the workbook says about dates.
type sheetRef struct {
	name, part, strings string // the sheet's name and part; the shared strings part, or ""
	date1904            bool
}

// firstSheet finds the workbook part, its first sheet and its shared strings.
func (w *xlsx) firstSheet() (sheetRef, error) {
	var ref sheetRef
	main := "xl/workbook.xml"
	rels, err := w.relationships("")
	if err != nil {
		return ref, err
	}
	if r, ok := find(rels, "/officeDocument", ""); ok {
		main = r.target
	}
	var sheetID string
	var found bool
	err = w.each(main, "the workbook part", func(s xml.StartElement) error {
		switch s.Name.Local {
		case "workbookPr":
			switch v := attr(s, "date1904"); v {
			case "1", "true":
				ref.date1904 = true
			case "", "0", "false":
			default:
				return fmt.Errorf("the workbook is damaged: its date system (date1904) is %q", v)
			}
		case "sheet":
			if !found {
				found, ref.name = true, attr(s, "name")
				for _, a := range s.Attr {
					if a.Name.Local == "id" && a.Name.Space != "" { // r:id
						sheetID = a.Value
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return ref, err
	}
	if !found {
		return ref, errors.New("the workbook has no worksheet")
	}
	rels, err = w.relationships(main)
	if err != nil {
		return ref, err
	}
	if r, ok := find(rels, "/sharedStrings", ""); ok {
		ref.strings = r.target
	} else if w.has("xl/sharedStrings.xml") {
		ref.strings = "xl/sharedStrings.xml"
	}
	sheet, ok := find(rels, "", sheetID)
	switch {
	case !ok:
		return ref, fmt.Errorf("the workbook is damaged: its first sheet, %q, names no part", ref.name)
	case !strings.HasSuffix(sheet.typ, "/worksheet"):
		return ref, fmt.Errorf("the first sheet of the workbook, %q, is not a worksheet (a chart, say); a DWP deductions schedule's first sheet holds its rows", ref.name)
	}
	ref.part = sheet.target
	return ref, nil
}

// attr returns the value of the attribute with the given local name, or "".
func attr(s xml.StartElement, local string) string {
	for _, a := range s.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
