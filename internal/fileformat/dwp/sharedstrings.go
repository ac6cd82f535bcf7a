package dwp

import (
	"encoding/xml"
	"fmt"

	"github.com/ims-council/ims/internal/fileformat/internal/xmllimit"
)

// sharedStrings is the workbook's table of strings, which cells of type "s" hold by index. The
// strings are kept end to end in one buffer, so a table of many short strings costs four bytes of
// bookkeeping each rather than a string header.
type sharedStrings struct {
	text []byte
	ends []uint32 // where each string ends in text
}

// get returns string i of the table.
func (t *sharedStrings) get(i int) (string, bool) {
	if i < 0 || i >= len(t.ends) {
		return "", false
	}
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	return string(t.text[start:t.ends[i]]), true
}

// readSharedStrings reads the shared strings part: <si> elements, each a <t> or rich-text runs
// <r><t>, whose texts are joined; phonetic guides (<rPh>) are not part of the text.
func (w *xlsx) readSharedStrings(name string) (*sharedStrings, error) {
	t := &sharedStrings{}
	if name == "" || !w.has(name) { // a cell that refers to a string is then an error
		return t, nil
	}
	p, err := w.read(name, "the shared strings", maxStringsBytes)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	var stack [maxDepth]string // local names of the open elements; token() bounds the depth
	start := 0                 // where the string being read starts in text
	for {
		tok, err := p.token()
		if tok == nil || err != nil {
			return t, err
		}
		switch e := tok.(type) {
		case xml.StartElement:
			stack[p.depth-1] = e.Name.Local
			if e.Name.Local == "si" {
				start = len(t.text)
			}
		case xml.EndElement:
			if e.Name.Local == "si" {
				t.ends = append(t.ends, uint32(len(t.text)))
			}
		case xml.CharData:
			if p.depth < 2 || stack[p.depth-1] != "t" || !within(stack[:p.depth], "si") || within(stack[:p.depth], "rPh") {
				continue
			}
			if len(t.text)-start+len(e) > maxCellBytes {
				return nil, fmt.Errorf("the workbook is refused: shared string %d holds more than %s of text; an Excel cell holds at most 32,767 characters", len(t.ends), xmllimit.Size(maxCellBytes))
			}
			t.text = append(t.text, e...)
		}
	}
}

// within reports whether name is among the open elements.
func within(stack []string, name string) bool {
	for _, s := range stack {
		if s == name {
			return true
		}
	}
	return false
}
