package fileformat

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat/allpay"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata from the current output")

// samplesDir is the folder of published sample files in the repository's testdata (see its
// SOURCES.md), relative to this package.
const samplesDir = "../../testdata/samples"

// sampleFormats maps each samples sub-folder to the format its files are in.
var sampleFormats = map[string]string{
	"camt053":     "camt053",
	"mt940":       "mt940",
	"bai2":        "bai2",
	"uk-bank-csv": "bankcsv",
}

type sample struct {
	dir, name, path, format string
}

// samples lists every sample file with the format it is in.
func samples(t *testing.T) []sample {
	t.Helper()
	var out []sample
	for dir, format := range sampleFormats {
		entries, err := os.ReadDir(filepath.Join(samplesDir, dir))
		if err != nil {
			t.Fatalf("samples folder: %v", err)
		}
		for _, e := range entries {
			if !e.IsDir() {
				out = append(out, sample{dir, e.Name(), filepath.Join(samplesDir, dir, e.Name()), format})
			}
		}
	}
	slices.SortFunc(out, func(a, b sample) int { return strings.Compare(a.path, b.path) })
	return out
}

func readSample(t *testing.T, s sample) []byte {
	t.Helper()
	b, err := os.ReadFile(s.path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSampleSummaries detects the format of every published sample, reads it with Scan (as `ims
// statement show` does, keeping no entries) and compares its summary with the golden file, whose
// figures were checked by hand against the sample. A sample the parser refuses has the refusal as
// its golden file: every error, one a line.
func TestSampleSummaries(t *testing.T) {
	t.Parallel()
	all := samples(t)
	if len(all) < 23 {
		t.Errorf("found %d samples, want at least 23", len(all))
	}
	for _, s := range all {
		t.Run(s.dir+"/"+s.name, func(t *testing.T) {
			data := readSample(t, s)
			f, err := Detect(data)
			if err != nil {
				t.Fatalf("Detect: %v", err)
			}
			if f.Name != s.format {
				t.Fatalf("Detect = %s, want %s", f.Name, s.format)
			}
			file, err := f.Scan(bytes.NewReader(data), func(*ims.Statement, *ims.Entry) error { return nil })
			var got bytes.Buffer
			golden := filepath.Join("testdata", s.dir+"_"+s.name+".golden")
			_, refused := refusedSamples[s.dir+"/"+s.name]
			switch {
			case refused && err == nil:
				t.Fatalf("Scan read a sample that is refused for good reason (%s)", refusedSamples[s.dir+"/"+s.name])
			case refused:
				var pes ims.ParseErrors
				if !errors.As(err, &pes) {
					t.Fatalf("Scan: %v is not an ims.ParseErrors", err)
				}
				golden = strings.TrimSuffix(golden, ".golden") + ".refused.golden"
				for _, pe := range pes {
					got.WriteString(pe.Error() + "\n")
				}
			case err != nil:
				t.Fatalf("Scan: %v", err)
			default:
				if file.Format != s.format {
					t.Errorf("StatementFile.Format = %q, want %q", file.Format, s.format)
				}
				enc := json.NewEncoder(&got)
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				if err := enc.Encode(Summarize(file)); err != nil {
					t.Fatal(err)
				}
			}
			if *update {
				if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("summary differs from %s:\n got: %s\nwant: %s", golden, got.Bytes(), want)
			}
		})
	}
}

// TestWrongFormatIsRefused gives every sample to every other statement format's parser: each must
// refuse it with a parse error that names the format it expected, rather than read it as something
// it is not.
func TestWrongFormatIsRefused(t *testing.T) {
	t.Parallel()
	type file struct {
		label, format string
		data          []byte
	}
	var files []file
	for _, s := range samples(t) {
		files = append(files, file{s.dir + "/" + s.name, s.format, readSample(t, s)})
	}
	// The payment formats have no published samples: small files of each are made here.
	files = append(files,
		file{"generated/allpay.txt", "allpay", generatedAllpay(t)},
		file{"generated/imscsv.csv", "imscsv", []byte("transaction_date,fund,reference,amount,mop\r\n2025-04-01,CTAX,61234567,125.00,90\r\n")},
		file{"generated/dwp.xlsx", "dwp", generatedDWP(t)},
	)
	for _, in := range files {
		for _, f := range Formats() {
			if f.Name == in.format {
				continue
			}
			t.Run(in.label+"/as-"+f.Name, func(t *testing.T) {
				sf, err := f.Parse(bytes.NewReader(in.data))
				if err == nil {
					t.Fatalf("%s.Parse accepted a %s file (%d statements)", f.Name, in.format, len(sf.Statements))
				}
				var pes ims.ParseErrors
				if !errors.As(err, &pes) || len(pes) == 0 {
					t.Fatalf("error %v is not an ims.ParseErrors", err)
				}
				msg := pes[0].Error()
				if !namesFormat(strings.ToLower(msg), f.Name) {
					t.Errorf("first error %q does not name the expected format %s", msg, f.Name)
				}
				if !saysWhatWasFound(msg, in.data) {
					t.Errorf("first error %q does not say what was found instead (quote part of the file)", msg)
				}
			})
		}
	}
}

// TestScanGivesWhatParseKeeps reads every sample and generated file with both Scan and Parse: Scan
// hands out, in order, the entries Parse returns, each with the statement it belongs to, and the
// two files agree in everything else, counts and totals included.
func TestScanGivesWhatParseKeeps(t *testing.T) {
	t.Parallel()
	files := map[string][]byte{"allpay": generatedAllpay(t), "dwp": generatedDWP(t),
		"imscsv": []byte("transaction_date,fund,reference,amount,mop\r\n2025-04-01,CTAX,61234567,125.00,90\r\n2025-04-02,CTAX,61234568,-5.00,90\r\n")}
	formats := map[string]string{"allpay": "allpay", "dwp": "dwp", "imscsv": "imscsv"}
	for _, s := range samples(t) {
		files[s.dir+"/"+s.name], formats[s.dir+"/"+s.name] = readSample(t, s), s.format
	}
	for name, data := range files {
		t.Run(name, func(t *testing.T) {
			f, err := Lookup(formats[name])
			if err != nil {
				t.Fatal(err)
			}
			parsed, perr := f.Parse(bytes.NewReader(data))
			type given struct {
				Statement string
				Entry     ims.Entry
			}
			var got []given
			scanned, serr := f.Scan(bytes.NewReader(data), func(st *ims.Statement, e *ims.Entry) error {
				got = append(got, given{st.ID + "/" + st.Account, *e})
				return nil
			})
			if perr != nil || serr != nil {
				if fmt.Sprint(perr) != fmt.Sprint(serr) {
					t.Fatalf("Parse: %v\nScan: %v", perr, serr)
				}
				return
			}
			var want []given
			for i := range parsed.Statements {
				st := &parsed.Statements[i]
				for _, e := range st.Entries {
					want = append(want, given{st.ID + "/" + st.Account, e})
				}
				if len(st.Entries) != st.EntryCount {
					t.Errorf("statement %d: Parse kept %d entries but counted %d", i+1, len(st.Entries), st.EntryCount)
				}
				st.Entries = nil
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("entries (-Parse +Scan):\n%s", diff)
			}
			if diff := cmp.Diff(parsed, scanned); diff != "" {
				t.Errorf("files apart from their entries (-Parse +Scan):\n%s", diff)
			}
		})
	}
}

// TestScanStopsWhenToldTo: an error from the function Scan calls stops the reading and is returned
// as it is, for every format.
func TestScanStopsWhenToldTo(t *testing.T) {
	t.Parallel()
	stop := errors.New("stop here")
	for name, data := range map[string][]byte{"allpay": generatedAllpay(t), "dwp": generatedDWP(t),
		"imscsv": []byte("transaction_date,fund,reference,amount,mop\n2025-04-01,C,1,1.00,90\n2025-04-01,C,2,1.00,90\n")} {
		f, _ := Lookup(name)
		calls := 0
		file, err := f.Scan(bytes.NewReader(data), func(*ims.Statement, *ims.Entry) error { calls++; return stop })
		if file != nil || !errors.Is(err, stop) || calls != 1 {
			t.Errorf("%s: Scan = %v, %v after %d calls; want nil and the function's error after 1", name, file, err, calls)
		}
	}
	for _, s := range samples(t) {
		f, _ := Lookup(s.format)
		calls := 0
		_, err := f.Scan(bytes.NewReader(readSample(t, s)), func(*ims.Statement, *ims.Entry) error { calls++; return stop })
		if calls > 1 || calls == 1 && !errors.Is(err, stop) {
			t.Errorf("%s: %d calls, error %v; want one call and the function's error", s.name, calls, err)
		}
	}
}

// generatedAllpay returns a two-payment allpay file.
func generatedAllpay(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	day := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
	for _, err := range []error{
		allpay.WriteDetail(&b, "PO12345", "61234567", 12500, 'P', day),
		allpay.WriteDetail(&b, "PP00001", "BERN70001234", 4000, 'T', day),
		allpay.WriteTrailer(&b, 16500, 2),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return b.Bytes()
}

// generatedDWP returns a DWP schedule workbook with one deduction.
func generatedDWP(t *testing.T) []byte {
	t.Helper()
	wb := excelize.NewFile()
	header := []any{"A", "B", "C", "D", "E", "Reference", "G", "H", "I", "J", "Date", "Amount", "Sign"}
	row := []any{"", "", "", "", "", "6123 4567", "", "", "", "", "01/04/2025", 1250, ""}
	if err := wb.SetSheetRow("Sheet1", "A1", &header); err != nil {
		t.Fatal(err)
	}
	if err := wb.SetSheetRow("Sheet1", "A2", &row); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := wb.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// refusedSamples lists published samples that are not valid files of their format, with why; their
// golden file is the refusal. IMS refuses rather than guesses: a file whose structure or entries
// cannot be read as written is not imported. None is refused today: the SWIFT examples' MT940, with
// a 31 November closing balance and a bank's own field, is read with that statement held (see its
// golden summary's problems).
var refusedSamples = map[string]string{}

// quotedRe finds the double-quoted pieces of a message, as %q writes them.
var quotedRe = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// saysWhatWasFound reports whether msg tells the reader what the file holds instead of what was
// expected: it says "found …", quotes a piece of the file, or says the file is binary.
func saysWhatWasFound(msg string, data []byte) bool {
	if strings.Contains(msg, "found") || strings.Contains(msg, "binary data") {
		return true
	}
	for _, q := range quotedRe.FindAllString(msg, -1) {
		piece, err := strconv.Unquote(q)
		piece = strings.TrimSuffix(piece, "…") // a quote cut short
		if err != nil || strings.TrimSpace(piece) == "" {
			continue
		}
		if bytes.Contains(data, []byte(piece)) {
			return true
		}
	}
	return false
}

// namesFormat reports whether a lower-cased message names the format, in any of the ways people
// write its name.
func namesFormat(msg, format string) bool {
	aliases := map[string][]string{
		"camt053": {"camt.053", "camt053", "iso 20022"},
		"mt940":   {"mt940", "mt 940"},
		"bai2":    {"bai2", "bai 2"},
		"bankcsv": {"bank csv", "bank statement csv", "csv profile", "bankcsv"},
		"allpay":  {"allpay"},
		"imscsv":  {"ims csv", "imscsv", "ims layout", "localgov ims"},
		"dwp":     {"dwp"},
	}
	for _, a := range aliases[format] {
		if strings.Contains(msg, a) {
			return true
		}
	}
	return false
}

func TestDetectSamplesFromTheirFirstBytes(t *testing.T) {
	t.Parallel()
	// Detection must not depend on the file being long: the first SniffLen bytes decide.
	for _, s := range samples(t) {
		data := readSample(t, s)
		if len(data) > SniffLen {
			data = data[:SniffLen]
		}
		f, err := Detect(data)
		if err != nil || f.Name != s.format {
			t.Errorf("%s: Detect(first %d bytes) = %q, %v; want %s", s.path, len(data), f.Name, err, s.format)
		}
	}
}

func TestDetectUnknownNamesEveryFormatTried(t *testing.T) {
	t.Parallel()
	_, err := Detect([]byte("Dear Sir or Madam,\nPlease find attached.\n"))
	if err == nil {
		t.Fatal("Detect accepted a letter")
	}
	if ims.ErrorCode(err) != ims.Invalid {
		t.Errorf("code = %s, want invalid", ims.ErrorCode(err))
	}
	for _, name := range Names() {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not name %s", err, name)
		}
	}
}

func TestDetectPriority(t *testing.T) {
	t.Parallel()
	// Where two sniffers accept the same head, the earlier format wins, so the order of Formats is
	// the tie-break.
	yes := func([]byte) bool { return true }
	no := func([]byte) bool { return false }
	formats := []Format{{Name: "strict", Sniff: no}, {Name: "specific", Sniff: yes}, {Name: "loose", Sniff: yes}}
	f, err := detectIn(formats, []byte("x"))
	if err != nil || f.Name != "specific" {
		t.Errorf("detectIn = %q, %v; want specific", f.Name, err)
	}
	// And the sniffers never see more than SniffLen bytes.
	long := bytes.Repeat([]byte("a"), 3*SniffLen)
	var seen int
	detectIn([]Format{{Name: "n", Sniff: func(h []byte) bool { seen = len(h); return false }}}, long)
	if seen != SniffLen {
		t.Errorf("sniffer saw %d bytes, want %d", seen, SniffLen)
	}
}

func TestLookup(t *testing.T) {
	t.Parallel()
	for _, name := range Names() {
		f, err := Lookup(name)
		if err != nil || f.Name != name || f.Parse == nil || f.Scan == nil || f.Sniff == nil {
			t.Errorf("Lookup(%q) = %+v, %v", name, f, err)
		}
	}
	_, err := Lookup("mt942")
	if err == nil || ims.ErrorCode(err) != ims.Invalid || !strings.Contains(err.Error(), `"mt942"`) {
		t.Errorf("Lookup(mt942) error = %v, want an invalid error naming it", err)
	}
}

func TestDetectPaymentFiles(t *testing.T) {
	t.Parallel()
	for want, data := range map[string][]byte{
		"allpay": generatedAllpay(t),
		"imscsv": []byte("Transaction Date,Fund,Reference,Amount,MOP\n2025-04-01,CTAX,61234567,125.00,90\n"),
		"dwp":    generatedDWP(t),
	} {
		f, err := Detect(data)
		if err != nil || f.Name != want {
			t.Errorf("Detect(%s file) = %q, %v; want %s", want, f.Name, err, want)
		}
	}
}
