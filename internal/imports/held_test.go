package imports_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/imports"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// twoStatements is an MT940 file of two statements; the second's closing balance does not follow
// from its opening balance and its entry.
const twoStatements = `:20:STMT1
:25:12345678
:28C:1/1
:60F:C251201GBP100,00
:61:2512011201C50,00NTRFNONREF//B1
:86:CTAX 400123451
:62F:C251201GBP150,00
-
:20:STMT2
:25:12345678
:28C:2/1
:60F:C251202GBP150,00
:61:2512021202C25,00NTRFNONREF//B2
:86:CTAX 400123452
:62F:C251202GBP999,00
-
`

// A statement whose own figures disagree is held for review with the reason, and the file's other
// statements import.
func TestAStatementWhoseFiguresDisagreeIsHeldAndTheOthersImport(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		demotest.Council(t, db)
		path := filepath.Join(t.TempDir(), "two.sta")
		os.WriteFile(path, []byte(twoStatements), 0o600)
		svc := imports.New(db)
		imp, err := importNow(t, svc, ims.System(), "MT940", path, imports.Request{})
		if err != nil {
			t.Fatal(err)
		}
		tot := imp.Totals
		if imp.State != ims.ImportPosted || tot.Held.Count != 1 || tot.Held.Pence != 2500 || tot.Value != 5000 ||
			tot.Ledger.Count+tot.Suspense.Count != 1 {
			t.Fatalf("import %s with totals %+v; want posted, statement 1's £50 in, statement 2's £25 held", imp.State, tot)
		}
		held, err := svc.Lines(context.Background(), ims.System(), imp.ID, imports.Held, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(held) != 1 || held[0].Statement != 2 || !strings.Contains(held[0].Reason, "Statement 2 is held for review") {
			t.Errorf("held lines %+v; want statement 2's line with the reason", held)
		}
	})
}

// The allpay sample posts: its lines to suspense become suspense items, and its returned cheque and
// cash adjustment, money taken back that names no valid account, are held.
func TestTheAllpaySamplePostsWithMoneyTakenBackHeld(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		demotest.Council(t, db)
		imp, err := importNow(t, imports.New(db), ims.System(), "ALLPAY", allpaySample, imports.Request{})
		if err != nil {
			t.Fatal(err)
		}
		if imp.State != ims.ImportPosted || imp.Totals.Held.Count != 2 || imp.Totals.Value+imp.Totals.Held.Pence != 103053 {
			t.Errorf("allpay sample import %s: %s %+v", imp.State, imp.Message, imp.Totals)
		}
	})
}
