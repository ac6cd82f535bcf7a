package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStatementShowRefusesTheInvalidSWIFTSample pins what an operator sees for the one published
// sample that is not a valid file of its format: the SWIFT example statement's closing balance is
// dated 31 November and it carries a :NSF: field, which MT940 does not have. Every error is listed
// with its line, and the exit status is 2. The expected output is in testdata, with the sample's
// path written as SAMPLE.
func TestStatementShowRefusesTheInvalidSWIFTSample(t *testing.T) {
	path := samplePath(t, "mt940/mt940_cmxl_swift-examples-dem-eur-pln.sta")
	code, stdout, stderr := runIMS(t, "", "statement", "show", path)
	if code != exitUsage || stdout != "" {
		t.Errorf("exit %d, stdout %q; want 2 and nothing", code, stdout)
	}
	got := strings.ReplaceAll(stderr, path, "SAMPLE")
	want, err := os.ReadFile(filepath.Join("testdata", "statement_show_mt940_swift_examples.stderr"))
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("stderr:\n%s\nwant:\n%s", got, want)
	}
}
