package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestStatementShowHoldsOneStatementOfTheSWIFTSample pins what an operator sees for the published
// SWIFT example statements: the file is read with its four statements (exit status 0); the second
// closes on 31 November, so its problem names it and is not a warning (an import holds it), its
// closing balance is left out and it cannot be reconciled; the third carries a bank's own :NSF:
// field, a warning only.
func TestStatementShowHoldsOneStatementOfTheSWIFTSample(t *testing.T) {
	path := samplePath(t, "mt940/mt940_cmxl_swift-examples-dem-eur-pln.sta")
	code, stdout, stderr := runIMS(t, "", "statement", "show", path)
	if code != exitOK || stderr != "ims: detected format mt940\n" {
		t.Fatalf("exit %d, stderr %q; want 0 and the format detected", code, stderr)
	}
	s := decodeSummary(t, stdout)
	if s.Statements != 4 || s.Entries != 27 {
		t.Errorf("%d statements, %d entries; want 4 and 27", s.Statements, s.Entries)
	}
	if r := s.StatementDetail[1].Reconciles; r != nil {
		t.Errorf("the held statement reconciles = %v, want null: it has no closing balance", *r)
	}
	want := []shownProblem{
		{Where: "line 45, field 62F", Message: `closing balance: date "021131" (YYMMDD) does not exist`, Statement: 2},
		{Where: "line 52, field NSF", Message: "unknown field :NSF: was not read (MT940 fields are 20, 21, 25, 28C, 60F/M, 61, 86, 62F/M, 64 and 65)",
			Statement: 3, Warning: true},
	}
	if diff := cmp.Diff(want, s.Problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}
