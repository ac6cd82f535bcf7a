package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ims-council/ims/internal/fileformat"
)

// samplesDir is the folder of published sample files in the repository's testdata (see its
// SOURCES.md), relative to this package.
const samplesDir = "../../testdata/samples"

// runIMS runs the program in-process as an operator runs the binary, returning its exit code and
// what it printed.
func runIMS(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code = m.Run(context.Background(), args)
	return code, out.String(), errb.String()
}

func samplePath(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join(samplesDir, rel)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("sample missing: %v", err)
	}
	return p
}

// shownSummary is the part of the printed summary these tests look at.
type shownSummary struct {
	Format     string `json:"format"`
	Statements int    `json:"statements"`
	Entries    int    `json:"entries"`
	Totals     map[string]struct {
		CreditCount int   `json:"credit_count"`
		CreditMinor int64 `json:"credit_minor"`
		DebitCount  int   `json:"debit_count"`
		DebitMinor  int64 `json:"debit_minor"`
	} `json:"totals"`
	StatementDetail []struct {
		Reconciles *bool `json:"reconciles"`
	} `json:"statement_detail"`
	Problems []shownProblem `json:"problems"`
}

// shownProblem is one problem of the printed summary.
type shownProblem struct {
	Where     string `json:"where"`
	Message   string `json:"message"`
	Statement int    `json:"statement"`
	Warning   bool   `json:"warning"`
}

func decodeSummary(t *testing.T, stdout string) shownSummary {
	t.Helper()
	var s shownSummary
	if err := json.Unmarshal([]byte(stdout), &s); err != nil {
		t.Fatalf("stdout is not the JSON summary: %v\n%s", err, stdout)
	}
	return s
}

func TestStatementShowDetectsTheFormat(t *testing.T) {
	path := samplePath(t, "camt053/camt053-001-02_genkgo_two-statements.xml")
	code, stdout, stderr := runIMS(t, "", "statement", "show", path)
	if code != exitOK {
		t.Fatalf("exit %d, want 0; stderr:\n%s", code, stderr)
	}
	if stderr != "ims: detected format camt053\n" {
		t.Errorf("stderr = %q, want the detected format", stderr)
	}
	s := decodeSummary(t, stdout)
	if s.Format != "camt053" || s.Statements != 2 || s.Entries != 2 {
		t.Errorf("format, statements, entries = %s, %d, %d; want camt053, 2, 2", s.Format, s.Statements, s.Entries)
	}
	for i, d := range s.StatementDetail {
		if d.Reconciles == nil || !*d.Reconciles {
			t.Errorf("statement %d reconciles = %v, want true (18.15 -> 27.00 -> 20.00 chain)", i+1, d.Reconciles)
		}
	}
	if len(s.Problems) != 0 {
		t.Errorf("problems = %v, want none", s.Problems)
	}
}

func TestStatementShowWithFormatSaysNothingAboutDetection(t *testing.T) {
	path := samplePath(t, "mt940/mt940_citi_wolph.sta")
	code, stdout, stderr := runIMS(t, "", "statement", "show", "--format", "mt940", path)
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q; want 0 and nothing", code, stderr)
	}
	s := decodeSummary(t, stdout)
	if s.Format != "mt940" {
		t.Errorf("format = %q, want mt940", s.Format)
	}
}

func TestStatementShowReportsAStatementThatDoesNotReconcileButSucceeds(t *testing.T) {
	// The HSBC sample's opening and closing balances are both 0.00 despite a 20,000.00 debit.
	path := samplePath(t, "mt940/mt940_hsbc-hk_fruitl00p.sta")
	code, stdout, stderr := runIMS(t, "", "statement", "show", path)
	if code != exitOK {
		t.Fatalf("exit %d, want 0 (problems do not stop the file being read); stderr:\n%s", code, stderr)
	}
	s := decodeSummary(t, stdout)
	if len(s.StatementDetail) != 1 || s.StatementDetail[0].Reconciles == nil || *s.StatementDetail[0].Reconciles {
		t.Fatalf("statement_detail = %+v, want one statement that does not reconcile", s.StatementDetail)
	}
	found := false
	for _, p := range s.Problems {
		if strings.Contains(p.Message, "20000.00 HKD") && strings.Contains(p.Message, "closing balance is 0.00 HKD") {
			found = true
		}
	}
	if !found {
		t.Errorf("problems = %+v, want one giving the 20000.00 HKD debit and the 0.00 closing balance", s.Problems)
	}
}

func TestStatementShowReadsStandardInput(t *testing.T) {
	data, err := os.ReadFile(samplePath(t, "bai2/bai2_natwest-uk-gbp_moj.bai2"))
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runIMS(t, string(data), "statement", "show", "-")
	if code != exitOK || stderr != "ims: detected format bai2\n" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	s := decodeSummary(t, stdout)
	gbp := s.Totals["GBP"]
	if s.Entries != 5 || gbp.CreditCount != 1 || gbp.DebitCount != 4 {
		t.Errorf("entries %d, GBP totals %+v; want 5 entries, 1 credit and 4 debits", s.Entries, gbp)
	}
}

func TestStatementShowRefusesAFileOfAnotherFormat(t *testing.T) {
	tests := []struct {
		sample, actual, given string
		refusal               string // what the given format's parser says, in stderr
	}{
		{"mt940/mt940_citi_wolph.sta", "mt940", "allpay", "not an allpay file"},
		{"camt053/camt053-001-02_genkgo_two-statements.xml", "camt053", "mt940", "not an MT940 file"},
		// A first line of 43 characters, as long as an allpay detail line.
		{"uk-bank-csv/barclays_countinghouse.csv", "bankcsv", "allpay", "not an allpay file"},
		// XML, which is not CSV at all.
		{"camt053/camt053-001-02_genkgo_two-statements.xml", "camt053", "imscsv", "not an IMS CSV file"},
	}
	for _, tt := range tests {
		t.Run(tt.given, func(t *testing.T) {
			path := samplePath(t, tt.sample)
			code, stdout, stderr := runIMS(t, "", "statement", "show", "--format", tt.given, path)
			if code != exitUsage {
				t.Fatalf("exit %d, want 2", code)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
			for _, want := range []string{
				"cannot be read as " + tt.given,
				tt.refusal,
				"found",
				"looks like " + tt.actual + "; try --format " + tt.actual,
			} {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr does not contain %q:\n%s", want, stderr)
				}
			}
		})
	}
}

func TestStatementShowListsEveryParseErrorWithItsLine(t *testing.T) {
	// Two bad detail lines: each is reported with its line, its columns and why.
	dir := t.TempDir()
	path := filepath.Join(dir, "bad.txt")
	file := "SITE001123456789012345     12.50P01/03/2024\n" +
		"SITE001123456789012345     1x.50P01/03/2024\n" +
		"SITE001123456789012345      3.00X01/03/2024\n" +
		"\nTotal Amount 28.00\nTotal Transactions 3\n"
	if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runIMS(t, "", "statement", "show", "--format", "allpay", path)
	if code != exitUsage || stdout != "" {
		t.Fatalf("exit %d, stdout %q; want 2 and nothing", code, stdout)
	}
	for _, want := range []string{"(2 errors)", "line 2, columns 24-32 (amount)", "line 3, column 33 (channel)"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not contain %q:\n%s", want, stderr)
		}
	}
}

func TestStatementShowCannotDetect(t *testing.T) {
	path := filepath.Join(t.TempDir(), "letter.txt")
	if err := os.WriteFile(path, []byte("Dear Sir or Madam,\nPlease find attached.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runIMS(t, "", "statement", "show", path)
	if code != exitUsage || stdout != "" {
		t.Fatalf("exit %d, stdout %q; want 2 and nothing", code, stdout)
	}
	for _, name := range fileformat.Names() {
		if !strings.Contains(stderr, name) {
			t.Errorf("stderr %q does not say %s was tried", stderr, name)
		}
	}
}

func TestStatementShowUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"no subcommand", []string{"statement"}, "usage: ims statement show"},
		{"unknown subcommand", []string{"statement", "list"}, "usage: ims statement show"},
		{"no file", []string{"statement", "show"}, "usage: ims statement show"},
		{"two files", []string{"statement", "show", "a", "b"}, "usage: ims statement show"},
		{"unknown format", []string{"statement", "show", "--format", "mt942", "x"}, `unknown format "mt942"`},
		{"unknown flag", []string{"statement", "show", "--colour", "x"}, "flag provided but not defined"},
		{"missing file", []string{"statement", "show", filepath.Join(t.TempDir(), "none.sta")}, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runIMS(t, "", tt.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want 2", code)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.want)
			}
		})
	}
}

func TestStatementHelp(t *testing.T) {
	code, stdout, _ := runIMS(t, "", "statement", "help")
	if code != exitOK || !strings.Contains(stdout, "usage: ims statement show") {
		t.Errorf("exit %d, stdout %q; want 0 and the usage", code, stdout)
	}
}

func TestStatementShowWithAProfileOfYourOwn(t *testing.T) {
	dir := t.TempDir()
	profile := filepath.Join(dir, "examplebank.yaml")
	writeFile(t, profile, `name: examplebank
header: true
columns:
  date: Posted
  description: Details
  credit: Money In
  debit: Money Out
  balance: Running Balance
date_formats: [yyyy-mm-dd]
order: oldest-first
`)
	file := filepath.Join(dir, "export.csv")
	writeFile(t, file, "Posted,Details,Money In,Money Out,Running Balance\n"+
		"2025-04-01,COUNCIL TAX 61234567,125.00,,1125.00\n"+
		"2025-04-02,BANK CHARGES,,5.00,1120.00\n"+
		"2025-04-03,RENT 7000123,400.00,,1510.00\n") // 1520.00 would follow; the bank says 1510.00
	code, stdout, stderr := runIMS(t, "", "statement", "show", "--profile", profile, file)
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stdout, `"profile": "examplebank"`) {
		t.Errorf("stdout does not name the profile:\n%s", stdout)
	}
	s := decodeSummary(t, stdout)
	gbp := s.Totals["GBP"]
	if s.Entries != 3 || gbp.CreditMinor != 52500 || gbp.DebitMinor != 500 {
		t.Errorf("entries %d, GBP %+v; want 3 entries, 525.00 in and 5.00 out", s.Entries, gbp)
	}
	if len(s.Problems) == 0 {
		t.Errorf("no problem reported for the running balance that jumps on 3 April")
	}
}

func TestStatementShowRefusesABadProfile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "export.csv")
	writeFile(t, file, "Posted,Amount\n2025-04-01,1.00\n")
	tests := []struct {
		name, profile string
		args          []string
		want          string
	}{
		{"misspelt key", "name: x\nheader: true\ncolumns: {date: Posted, amount: Amount}\ndate_format: [yyyy-mm-dd]\n", nil, "date_format"},
		{"invalid", "name: x\nheader: true\ncolumns: {date: Posted}\ndate_formats: [yyyy-mm-dd]\n", nil, "either amount"},
		{"with another format", "name: x\n", []string{"--format", "mt940"}, "--profile is for bank CSV files"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			profile := filepath.Join(dir, "p.yaml")
			writeFile(t, profile, tt.profile)
			args := append([]string{"statement", "show", "--profile", profile}, tt.args...)
			code, stdout, stderr := runIMS(t, "", append(args, file)...)
			if code != exitUsage || stdout != "" {
				t.Errorf("exit %d, stdout %q; want 2 and nothing", code, stdout)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr = %q, want it to mention %q", stderr, tt.want)
			}
		})
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestStatementShowReadsADWPWorkbook(t *testing.T) {
	// A schedule of two deductions, the second a recovery ("-" in column M).
	wb := excelize.NewFile()
	rows := [][]any{
		{"Surname", "Forename", "NINO", "", "", "Reference", "", "", "", "", "Date", "Amount", "Sign"},
		{"SMITH", "JO", "QQ123456C", "", "", "6123 4567", "", "", "", "", "01/04/2025", 1250, ""},
		{"JONES", "AL", "QQ654321C", "", "", "6765 4321", "", "", "", "", "01/04/2025", 300, "-"},
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := wb.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "schedule.xlsx")
	if err := wb.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runIMS(t, "", "statement", "show", path)
	if code != exitOK || stderr != "ims: detected format dwp\n" {
		t.Fatalf("exit %d, stderr %q; want 0 and the detected format", code, stderr)
	}
	s := decodeSummary(t, stdout)
	gbp := s.Totals["GBP"]
	if s.Entries != 2 || gbp.CreditMinor != 1250 || gbp.DebitCount != 1 || gbp.DebitMinor != 300 {
		t.Errorf("entries %d, GBP %+v; want 2 entries, 12.50 in and 3.00 recovered", s.Entries, gbp)
	}
}
