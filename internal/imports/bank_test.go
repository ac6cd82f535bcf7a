package imports_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/imports"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// A bank statement on the demo council: the CTAXNARR rule turns a narrative into a council tax
// payment and the line says what it changed; a wrong check digit goes to suspense with the
// validator's message; a credit no rule recognises goes to suspense for want of a fund; a rule's
// skip leaves a line out with its reason; a debit is listed, not posted.
func TestDryRunOfABankStatement(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		demotest.Council(t, db)
		skip := ims.ImportRule{Code: "INTERNAL", Name: "Transfers between our own accounts", Enabled: true, Order: 5,
			Groups:  []ims.RuleGroup{{Conditions: []ims.RuleCondition{{Field: ims.RuleFieldNarrative, Operator: ims.RuleStartsWith, Value: "sweep"}}}},
			Actions: []ims.RuleAction{{Kind: ims.RuleSkip, Reason: "Our own money moving between accounts"}}}
		if err := db.ImportRules().Put(ctx, ims.System(), skip); err != nil {
			t.Fatal(err)
		}
		file := "Number,Date,Account,Amount,Subcategory,Memo\n" +
			",03/09/2026,20-00-00 12345678,125.00,DIRECTDEP,CTAX 400123451 F WILLIAMS\n" +
			",03/09/2026,20-00-00 12345678,50.00,DIRECTDEP,ctax400123452\n" +
			",04/09/2026,20-00-00 12345678,2000.00,DIRECTDEP,ACME LTD SALARY\n" +
			",04/09/2026,20-00-00 12345678,300.00,DIRECTDEP,SWEEP FROM RESERVE\n" +
			",05/09/2026,20-00-00 12345678,-60.00,DIRECTDEBIT,BRITISH GAS\n"
		rep, err := imports.New(db).DryRun(ctx, ims.System(), "BANKCSV", "sept.csv", strings.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Lines) != 5 {
			t.Fatalf("%d lines, want 5: %+v", len(rep.Lines), rep.Lines)
		}
		want := []struct {
			outcome         imports.Outcome
			fund, reference string
			reason          string
		}{
			{imports.ToLedger, "23", "400123451", ""},
			{imports.ToSuspense, "23", "400123452", "check digit"},
			{imports.ToSuspense, "", "", "No fund"},
			{imports.Skipped, "", "", "Our own money"},
			{imports.Debit, "", "", "not posted"},
		}
		for i, w := range want {
			l := rep.Lines[i]
			if l.Outcome != w.outcome || l.Fund != w.fund || l.Reference != w.reference || !strings.Contains(l.Reason, w.reason) {
				t.Errorf("line %d: %s fund %q ref %q (%s); want %s fund %q ref %q (%s)", i+1, l.Outcome, l.Fund,
					l.Reference, l.Reason, w.outcome, w.fund, w.reference, w.reason)
			}
		}
		ch := rep.Lines[0].Changes
		if len(ch) != 2 || ch[0].Rule != "CTAXNARR" || ch[0].Field != "fund" || ch[0].New != "23" ||
			ch[1].Field != "reference" || ch[1].New != "400123451" {
			t.Errorf("changes of the CTAX line: %+v; want CTAXNARR setting fund 23 and reference 400123451", ch)
		}
		if rep.Lines[3].Rule != "INTERNAL" {
			t.Errorf("skipped line names rule %q, want INTERNAL", rep.Lines[3].Rule)
		}
		tot := rep.Totals
		if tot.Ledger != (imports.Count{Count: 1, Pence: 12500}) || tot.Suspense != (imports.Count{Count: 2, Pence: 205000}) ||
			tot.Skipped != (imports.Count{Count: 1, Pence: 30000}) || tot.Debits != (imports.Count{Count: 1, Pence: 6000}) ||
			tot.Value != 247500 || tot.Lines != 5 {
			t.Errorf("totals %+v", tot)
		}
	})
}
