package dwp

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/memcheck"
)

// memoryLimit is what reading any workbook may add to the heap in these tests: far below the
// 256 MB a server process is given, and far below what the hostile files below would take if they
// were read whole.
const memoryLimit = 48 << 20

// A part is one file of a hand-made .xlsx. Its body is streamed into the zip, so that a test never
// holds a large part in memory.
type part struct {
	name string
	body io.Reader
	// declare, when not zero, is the unpacked size the zip directory gives instead of the real one:
	// the part is stored as its body's deflated bytes with that size claimed.
	declare uint64
}

func text(name, body string) part { return part{name: name, body: strings.NewReader(body)} }

// repeat returns a reader of n copies of s, made as they are read.
func repeat(s string, n int) io.Reader {
	block := strings.Repeat(s, max(1, 8192/len(s))) // whole copies of s, copied a block at a time
	return io.LimitReader(&repeater{s: block}, int64(len(s)*n))
}

type repeater struct {
	s   string
	off int
}

func (r *repeater) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		c := copy(p[n:], r.s[r.off:])
		n += c
		r.off = (r.off + c) % len(r.s)
	}
	return n, nil
}

const sheetStart = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
	`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
const sheetEnd = `</sheetData></worksheet>`

// headerXML is row 1 of a schedule, inline strings in F, K, L and M.
const headerXML = `<row r="1"><c r="F1" t="inlineStr"><is><t>Reference</t></is></c><c r="K1" t="inlineStr"><is><t>Date</t></is></c>` +
	`<c r="L1" t="inlineStr"><is><t>Amount</t></is></c><c r="M1" t="inlineStr"><is><t>Sign</t></is></c></row>`

// deductionXML is row n of a schedule: reference R<n>, 1 April 2024 as an Excel date, 1250 pence.
func deductionXML(n int) string {
	return fmt.Sprintf(`<row r="%d"><c r="F%d" t="inlineStr"><is><t>R%d</t></is></c><c r="K%d"><v>45383</v></c><c r="L%d"><v>1250</v></c></row>`, n, n, n, n, n)
}

// xlsxOf writes a workbook whose first sheet is sheet, with the other parts a workbook needs, and
// any extra parts after them.
func xlsxOf(t testing.TB, sheet part, extra ...part) []byte {
	t.Helper()
	sheet.name = "xl/worksheets/sheet1.xml"
	parts := []part{
		text("[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`+
			`<Default Extension="xml" ContentType="application/xml"/></Types>`),
		text("_rels/.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
		text("xl/workbook.xml", `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" `+
			`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Schedule" sheetId="1" r:id="rId1"/></sheets></workbook>`),
		text("xl/_rels/workbook.xml.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`+
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`),
		sheet,
	}
	return zipOf(t, append(parts, extra...)...)
}

func zipOf(t testing.TB, parts ...part) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	// The hostile parts are tens of megabytes of one byte: the fastest compression makes them in a
	// fraction of the time and still packs them a hundredfold.
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for _, p := range parts {
		if p.declare == 0 {
			w, err := zw.Create(p.name)
			if err == nil {
				_, err = io.Copy(w, p.body)
			}
			if err != nil {
				t.Fatal(err)
			}
			continue
		}
		var packed bytes.Buffer
		fw, _ := flate.NewWriter(&packed, flate.BestSpeed)
		crc := crc32.NewIEEE()
		if _, err := io.Copy(io.MultiWriter(fw, crc), p.body); err != nil {
			t.Fatal(err)
		}
		fw.Close()
		w, err := zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Deflate, CRC32: crc.Sum32(),
			CompressedSize64: uint64(packed.Len()), UncompressedSize64: p.declare})
		if err == nil {
			_, err = w.Write(packed.Bytes())
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// scan reads a workbook as `ims statement show` does, keeping no entry, and returns what the heap
// grew by and the error.
func scan(data []byte) (grew uint64, err error) {
	grew = memcheck.Peak(func() {
		_, err = Scan(bytes.NewReader(data), func(*ims.Statement, *ims.Entry) error { return nil })
	})
	return grew, err
}

// TestParseRefusesAWorksheetCutShort: a workbook whose worksheet XML stops part way, at row 51 of
// 100, was taken with the 49 deductions before the cut and no problem, because excelize's row
// reader drops XML errors. The whole workbook must be refused with the reason.
func TestParseRefusesAWorksheetCutShort(t *testing.T) {
	rows := [][]any{headerRow}
	for i := 2; i <= 100; i++ {
		rows = append(rows, row(fmt.Sprintf("R%d", i), "01/04/2024", 1250, nil))
	}
	whole := workbook(t, rows...)
	if f, err := Parse(bytes.NewReader(whole)); err != nil || len(f.Statements[0].Entries) != 99 {
		t.Fatalf("the whole workbook: %v", err)
	}
	tests := []struct {
		name string
		edit func(sheet string) string
		want string
	}{
		{"cut before row 51", func(s string) string { return s[:strings.Index(s, `<row r="51"`)] },
			"the workbook is damaged: the XML of xl/worksheets/sheet1.xml stops part way after row 50 (the file was cut short or altered)"},
		{"cut inside row 51", func(s string) string { return s[:strings.Index(s, `<c r="F51"`)+20] },
			"the workbook is damaged: the XML of xl/worksheets/sheet1.xml stops part way after row 50 (the file was cut short or altered)"},
		{"cut after the rows", func(s string) string { return s[:strings.Index(s, `</sheetData>`)+len(`</sheetData>`)] },
			"the workbook is damaged: the XML of xl/worksheets/sheet1.xml stops part way after row 100 (the file was cut short or altered)"},
		{"garbled in row 51", func(s string) string { return strings.Replace(s, `<c r="F51"`, `<c r="F51"<`, 1) },
			"the workbook is damaged: the XML of xl/worksheets/sheet1.xml is not well formed after row 50 (line 2: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := replacePart(t, whole, "xl/worksheets/sheet1.xml", tt.edit)
			pes := parseErrors(t, data)
			if len(pes) != 1 || !strings.HasPrefix(pes[0].Error(), tt.want) {
				t.Errorf("got %v; want %q", pes, tt.want)
			}
		})
	}
}

// replacePart returns the zip file data with the named part's text changed by edit.
func replacePart(t *testing.T, data []byte, name string, edit func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var parts []part
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == name {
			b = []byte(edit(string(b)))
		}
		parts = append(parts, part{name: f.Name, body: bytes.NewReader(b)})
	}
	return zipOf(t, parts...)
}

// TestParseRefusesZipBombs: small workbooks that unpack to hundreds of megabytes (a 409 KB file
// took 2.2 GB of memory, one with a 300 MB cell 2 GB, one with a 480 MB junk part 1.4 GB). Each
// part is checked before it is unpacked, only the parts a schedule needs are unpacked, and a single
// text is capped, so every one is refused, with the limit named, in little memory.
func TestParseRefusesZipBombs(t *testing.T) {
	huge := func(n int) io.Reader { return repeat("0", n) }
	sheetWith := func(rows ...io.Reader) part {
		return part{body: io.MultiReader(append(append([]io.Reader{strings.NewReader(sheetStart + headerXML)}, rows...), strings.NewReader(sheetEnd))...)}
	}
	tests := []struct {
		name string
		data func(t *testing.T) []byte
		want string
	}{
		{"a worksheet that unpacks to 480 MB", func(t *testing.T) []byte {
			s := sheetWith(strings.NewReader(deductionXML(2)))
			s.declare = 480 << 20
			return xlsxOf(t, s)
		}, "the workbook is refused: xl/worksheets/sheet1.xml unpacks to 480 MB, more than the 64 MB limit for a worksheet"},
		{"shared strings that unpack to 300 MB", func(t *testing.T) []byte {
			return xlsxOf(t, sheetWith(), part{name: "xl/sharedStrings.xml", body: strings.NewReader("<sst/>"), declare: 300 << 20})
		}, "the workbook is refused: xl/sharedStrings.xml unpacks to 300 MB, more than the 16 MB limit for the shared strings"},
		{"a 40 MB cell", func(t *testing.T) []byte {
			return xlsxOf(t, sheetWith(strings.NewReader(`<row r="2"><c r="F2"><v>`), huge(40<<20), strings.NewReader(`</v></c></row>`)))
		}, "row 2, column F: the cell holds more than 128 KB of text, the limit; an Excel cell holds at most 32,767 characters"},
		{"40 MB of text between rows", func(t *testing.T) []byte {
			return xlsxOf(t, sheetWith(huge(40<<20)))
		}, "the workbook is refused: in xl/worksheets/sheet1.xml after row 1, a single XML text, tag or comment is longer than 1 MB, the limit"},
		{"a 40 MB attribute", func(t *testing.T) []byte {
			return xlsxOf(t, sheetWith(strings.NewReader(`<row r="2" x="`), huge(40<<20), strings.NewReader(`"/>`)))
		}, "the workbook is refused: in xl/worksheets/sheet1.xml after row 1, a single XML text, tag or comment is longer than 1 MB, the limit"},
		{"a 10 MB shared string", func(t *testing.T) []byte {
			return xlsxOf(t, sheetWith(), part{name: "xl/sharedStrings.xml", body: io.MultiReader(strings.NewReader("<sst><si><t>"), huge(10<<20), strings.NewReader("</t></si></sst>"))})
		}, "the workbook is refused: shared string 0 holds more than 128 KB of text; an Excel cell holds at most 32,767 characters"},
		{"a 10 MB comment in the shared strings", func(t *testing.T) []byte {
			return xlsxOf(t, sheetWith(), part{name: "xl/sharedStrings.xml", body: io.MultiReader(strings.NewReader("<sst><!--"), huge(10<<20), strings.NewReader("--></sst>"))})
		}, "the workbook is refused: in xl/sharedStrings.xml, a single XML text, tag or comment is longer than 1 MB, the limit"},
		{"a cell of 20 MB of text between comments", func(t *testing.T) []byte {
			return xlsxOf(t, sheetWith(strings.NewReader(`<row r="2"><c r="F2"><v>`), repeat("0123456789<!---->", 2<<20), strings.NewReader(`</v></c></row>`)))
		}, "row 2, column F: the cell holds more than 128 KB of text, the limit; an Excel cell holds at most 32,767 characters"},
		{"a shared string of runs", func(t *testing.T) []byte {
			return xlsxOf(t, sheetWith(), part{name: "xl/sharedStrings.xml", body: io.MultiReader(strings.NewReader("<sst><si>"), repeat("<r><t>0123456789</t></r>", 100_000), strings.NewReader("</si></sst>"))})
		}, "the workbook is refused: shared string 0 holds more than 128 KB of text; an Excel cell holds at most 32,767 characters"},
		{"elements nested 10 million deep", func(t *testing.T) []byte {
			return xlsxOf(t, sheetWith(repeat("<a>", 10_000_000)))
		}, "the workbook is damaged: the XML of xl/worksheets/sheet1.xml nests elements more than 32 deep"},
		{"a part that unpacks to more than it declares", func(t *testing.T) []byte {
			s := sheetWith(strings.NewReader(`<row r="2"><c r="F2"><v>`), huge(30<<20), strings.NewReader(`</v></c></row>`))
			s.declare = 1 << 10
			return xlsxOf(t, s)
		}, "the workbook is damaged: xl/worksheets/sheet1.xml does not unpack to what the zip directory says it holds (zip: not a valid zip file)"},
		{"150,000 parts", func(t *testing.T) []byte {
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			for n := range 150_000 {
				if _, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("%x", n), Method: zip.Store}); err != nil {
					t.Fatal(err)
				}
			}
			if err := zw.Close(); err != nil {
				t.Fatal(err)
			}
			return buf.Bytes()
		}, "the workbook is refused: it lists more than 10000 parts, the limit"},
		{"a file over 16 MB", func(t *testing.T) []byte {
			return append([]byte("PK\x03\x04"), make([]byte, 20<<20)...)
		}, "the workbook is refused: it is larger than 16 MB, the limit for a DWP deductions schedule"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.data(t)
			grew, err := scan(data)
			pes, ok := err.(ims.ParseErrors)
			if !ok || len(pes) != 1 || pes[0].Error() != tt.want {
				t.Errorf("got %v\nwant %q", err, tt.want)
			}
			if grew > memoryLimit {
				t.Errorf("reading the %d KB file took %d MB; the limit is %d MB", len(data)>>10, grew>>20, memoryLimit>>20)
			}
		})
	}
}

// TestParseReadsOnlyThePartsItNeeds: a part a schedule does not need (a 480 MB "image", say) is
// never unpacked, so it costs nothing, and the schedule beside it is read.
func TestParseReadsOnlyThePartsItNeeds(t *testing.T) {
	sheet := part{body: strings.NewReader(sheetStart + headerXML + deductionXML(2) + sheetEnd)}
	junk := part{name: "xl/media/image1.png", body: repeat("0", 1<<20), declare: 480 << 20}
	data := xlsxOf(t, sheet, junk)
	var got []ims.Entry
	grew := memcheck.Peak(func() {
		f, err := Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		got = f.Statements[0].Entries
	})
	if len(got) != 1 || got[0].Reference != "R2" || got[0].Minor != 1250 || !got[0].BookingDate.Equal(date(2024, 4, 1)) {
		t.Errorf("entries %+v", got)
	}
	if grew > memoryLimit {
		t.Errorf("reading took %d MB", grew>>20)
	}
}

// TestScanStreamsALargeWorksheet: a worksheet of 100,000 rows (15 MB of XML) is read in less memory
// than its entries would take if they were held (352 bytes each before their strings), since Scan
// holds none.
func TestScanStreamsALargeWorksheet(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 15 MB worksheet")
	}
	const rows = 100_000
	pr, pw := io.Pipe()
	go func() {
		bw := io.Writer(pw)
		io.WriteString(bw, sheetStart+headerXML)
		for n := 2; n <= rows+1; n++ {
			io.WriteString(bw, deductionXML(n))
		}
		io.WriteString(bw, sheetEnd)
		pw.Close()
	}()
	data := xlsxOf(t, part{body: pr})
	start := time.Now()
	var count int
	var err error
	grew := memcheck.Peak(func() {
		var f *ims.StatementFile
		f, err = Scan(bytes.NewReader(data), func(*ims.Statement, *ims.Entry) error { return nil })
		if err == nil {
			count = f.Statements[0].EntryCount
		}
	})
	if err != nil || count != rows {
		t.Fatalf("Scan: %d entries, %v", count, err)
	}
	if grew > 24<<20 {
		t.Errorf("reading %d rows took %d MB", rows, grew>>20)
	}
	t.Logf("%d rows (%d KB packed) in %v, heap grew %d MB", rows, len(data)>>10, time.Since(start), grew>>20)
}
