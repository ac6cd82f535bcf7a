package dwp

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ims-council/ims"
)

// withStrings returns a shared strings part holding the given <si> elements.
func withStrings(items ...string) part {
	return text("xl/sharedStrings.xml", `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`+
		strings.Join(items, "")+`</sst>`)
}

func sheetOf(rows ...string) part {
	return part{body: strings.NewReader(sheetStart + strings.Join(rows, "") + sheetEnd)}
}

// TestParseReadsCellsAsExcelWritesThem covers the ways a cell can hold its value, which a workbook
// written by excelize (as in dwp_test.go) does not all use.
func TestParseReadsCellsAsExcelWritesThem(t *testing.T) {
	t.Parallel()
	strs := func() part { // a part's body is read once
		return withStrings(
			`<si><t>Reference</t></si>`,
			`<si><r><rPr><b/></rPr><t>50012</t></r><r><t xml:space="preserve">345 </t></r><rPh sb="0" eb="1"><t>IGNORED</t></rPh></si>`,
			`<si><t>-</t></si>`,
		)
	}
	data := xlsxOf(t, sheetOf(
		headerXML,
		// Shared strings, one of rich-text runs with a phonetic guide that is not part of the text.
		`<row r="2"><c r="F2" t="s"><v>1</v></c><c r="K2"><v>45383</v></c><c r="L2"><f>100*12.5</f><v>1250</v></c><c r="M2" t="s"><v>2</v></c></row>`,
		// A gap in the row numbers; cells without references follow each other from column A.
		`<row r="5"><c/><c/><c/><c/><c/><c t="inlineStr"><is><t>R5</t></is></c><c/><c/><c/><c/><c t="str"><v>02/04/2024</v></c><c><v>330</v></c></row>`,
		// An empty string cell and a row with only formatting are blank.
		`<row r="6"><c r="A6" s="3" t="s"/></row>`,
		// A value after column M makes a row that is not blank.
		`<row r="7"><c r="Z7" t="inlineStr"><is><t>note</t></is></c></row>`,
	), strs())
	_, err := Parse(bytes.NewReader(data))
	want := ims.ParseErrors{
		{Column: "row 7, column F", Message: "the account reference is blank"},
		{Column: "row 7, column K", Message: "the date is blank"},
		{Column: "row 7, column L", Message: "the amount is blank"},
	}
	if diff := cmp.Diff(want, err); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	data = xlsxOf(t, sheetOf(headerXML,
		`<row r="2"><c r="F2" t="s"><v>1</v></c><c r="K2"><v>45383</v></c><c r="L2"><f>100*12.5</f><v>1250</v></c><c r="M2" t="s"><v>2</v></c></row>`,
		`<row r="5"><c/><c/><c/><c/><c/><c t="inlineStr"><is><t>R5</t></is></c><c/><c/><c/><c/><c t="str"><v>02/04/2024</v></c><c><v>330</v></c></row>`,
		`<row r="6"><c r="A6" s="3" t="s"/></row>`,
	), strs())
	f, err := Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	wantEntries := []ims.Entry{
		{Line: 2, Currency: "GBP", Reference: "50012345", BookingDate: date(2024, 4, 1), Minor: -1250},
		{Line: 5, Currency: "GBP", Reference: "R5", BookingDate: date(2024, 4, 2), Minor: 330},
	}
	if diff := cmp.Diff(wantEntries, f.Statements[0].Entries); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
}

// TestParseRefusesDamagedWorkbooks: a workbook whose structure is inconsistent is refused with what
// is wrong, rather than read by guesswork.
func TestParseRefusesDamagedWorkbooks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"a shared string that is not there", xlsxOf(t, sheetOf(headerXML, `<row r="2"><c r="F2" t="s"><v>7</v></c></row>`), withStrings(`<si><t>a</t></si>`)),
			`row 2, column F: the cell refers to shared string "7", which the workbook does not hold (it is damaged)`},
		{"rows out of order", xlsxOf(t, sheetOf(headerXML, deductionXML(3), deductionXML(2))),
			"the workbook is damaged: row 2 comes after row 3"},
		{"cells out of order", xlsxOf(t, sheetOf(headerXML, `<row r="2"><c r="L2"><v>1</v></c><c r="F2"><v>1</v></c></row>`)),
			"the workbook is damaged: in row 2, cell F2 comes after column L"},
		{"a cell that is not a cell", xlsxOf(t, sheetOf(headerXML, `<row r="2"><c r="2F"><v>1</v></c></row>`)),
			`the workbook is damaged: row 2 holds a cell named "2F"`},
		{"no header row", xlsxOf(t, sheetOf(deductionXML(2))),
			"row 1: row 1 is empty; a DWP deductions schedule starts with its header row"},
		{"a chart first", replacePart(t, xlsxOf(t, sheetOf(headerXML)), "xl/_rels/workbook.xml.rels", func(s string) string {
			return strings.Replace(s, "relationships/worksheet", "relationships/chartsheet", 1)
		}), `the first sheet of the workbook, "Schedule", is not a worksheet (a chart, say); a DWP deductions schedule's first sheet holds its rows`},
		{"no workbook part", zipOf(t, text("docProps/app.xml", "<Properties/>")),
			"not a DWP deductions schedule: expected an Excel .xlsx workbook, found a zip file that is not one (it has no xl/workbook.xml)"},
		{"two parts of one name", zipOf(t, text("xl/workbook.xml", "<workbook/>"), text("XL/Workbook.xml", "<workbook/>")),
			"the workbook is damaged: it holds two parts named XL/Workbook.xml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pes := parseErrors(t, tt.data)
			if len(pes) != 1 || pes[0].Error() != tt.want {
				t.Errorf("got %v\nwant %q", pes, tt.want)
			}
		})
	}
}
