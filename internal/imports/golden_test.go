package imports_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/fileformat"
	"github.com/ims-council/ims/internal/imports"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

var update = flag.Bool("update", false, "rewrite the golden dry-run reports in testdata/golden")

// sampleFile is a sample file and the demo import type that reads it.
type sampleFile struct {
	typ, path string
}

// sampleFiles pairs every sample file in the repository's testdata (and the allpay example and
// the IMS CSV and DWP files kept with this package) with the demo council's import type for its format.
func sampleFiles(t *testing.T) []sampleFile {
	t.Helper()
	files := []sampleFile{{"ALLPAY", allpaySample}, {"IMSCSV", "testdata/imscsv_council.csv"}, {"DWP", "testdata/dwp_schedule.xlsx"},
		{"LLOYDS", "../../testdata/samples/uk-bank-csv/lloyds_countinghouse.csv"}}
	types := map[string]string{"bai2": "BAI2", "camt053": "CAMT053", "mt940": "MT940", "uk-bank-csv": "BANKCSV"}
	for dir, typ := range types {
		paths, err := filepath.Glob(filepath.Join("../../testdata/samples", dir, "*"))
		if err != nil || len(paths) == 0 {
			t.Fatalf("no samples in %s: %v", dir, err)
		}
		for _, p := range paths {
			files = append(files, sampleFile{typ, p})
		}
	}
	return files
}

// goldenName is where a sample's report is kept: the type, then the file's name.
func goldenName(s sampleFile) string {
	return filepath.Join("testdata/golden", s.typ+"_"+filepath.Base(s.path)+".json")
}

// TestDryRunReportsOfTheSamples compares the dry run of every sample file, on the demo council,
// with its golden report (a refused file's golden report is the refusal), and checks that the lines
// that go to the ledger, to suspense or are skipped add up to the file's income: its sterling
// credits that the bank has booked (every line of a payment file, which has no debits).
func TestDryRunReportsOfTheSamples(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		demotest.Council(t, db)
		for _, s := range sampleFiles(t) {
			data, err := os.ReadFile(s.path)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := imports.New(db).DryRun(context.Background(), ims.System(), s.typ, filepath.Base(s.path), bytes.NewReader(data))
			var got any = rep
			if err != nil {
				if ims.ErrorCode(err) != ims.Invalid {
					t.Fatalf("%s: %v", s.path, err)
				}
				got = map[string]string{"refused": ims.ErrorMessage(err)}
			} else {
				income := fileIncome(t, s, data)
				tot := rep.Totals
				// Credits of statements held for review are the file's income too, not yet posted.
				if sum := tot.Ledger.Pence + tot.Suspense.Pence + tot.Skipped.Pence + tot.Held.Pence; sum != income || tot.Value+tot.Held.Pence != income {
					t.Errorf("%s: ledger %d + suspense %d + skipped %d + held %d = %d, value %d; the file's income is %d",
						s.path, tot.Ledger.Pence, tot.Suspense.Pence, tot.Skipped.Pence, tot.Held.Pence, sum, tot.Value, income)
				}
			}
			compareGolden(t, goldenName(s), got)
		}
	})
}

// fileIncome reads the file again with its format's parser and adds up what an import posts.
func fileIncome(t *testing.T, s sampleFile, data []byte) int64 {
	t.Helper()
	f, err := fileformat.Detect(data)
	if err != nil {
		t.Fatal(err)
	}
	file, err := f.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	bank := s.typ != "ALLPAY" && s.typ != "IMSCSV" && s.typ != "DWP"
	var sum int64
	for _, st := range file.Statements {
		for _, e := range st.Entries {
			ccy := e.Currency
			if ccy == "" {
				ccy = st.Currency
			}
			if (ccy == "GBP" || ccy == "") && (e.Status == "" || e.Status == "BOOK") && (!bank || e.Minor >= 0) {
				sum += e.Minor
			}
		}
	}
	return sum
}

func compareGolden(t *testing.T, path string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update && strings.Contains(t.Name(), "sqlite") {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/imports -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the dry run; got:\n%s", path, got)
	}
}
