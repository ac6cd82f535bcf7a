package refdata_test

import (
	"context"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/rules"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// Finance reads and tests the import rules but cannot move them; a disabled rule is tested alone
// while the enabled set leaves it out; a draft replaces its saved rule in the set; moving a rule
// renumbers the orders so that rules sharing an order swap places.
func TestImportRulesAreTestedAndMoved(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		svc := refdata.New(db)
		seed(t, db, svc)
		finance := ims.Principal{UserID: 3, Roles: []ims.Role{ims.Finance}}
		clerk := ims.Principal{UserID: 4, Roles: []ims.Role{ims.TransactionList}}
		ctax := ims.ImportRule{Code: "CTAX", Name: "ctax", Enabled: true, Order: 5,
			Groups:  []ims.RuleGroup{{Conditions: []ims.RuleCondition{{Field: "narrative", Operator: "starts_with", Value: "CTAX"}}}},
			Actions: []ims.RuleAction{{Kind: ims.RuleSetReference, FromField: "narrative", Pattern: `CTAX\s*(\d+)`}}}
		off := ims.ImportRule{Code: "OFF", Name: "off", Order: 5, Actions: []ims.RuleAction{{Kind: ims.RuleSkip, Reason: "not ours"}}}
		must(t, svc.ImportRules().Create(ctx, admin, ctax))
		must(t, svc.ImportRules().Create(ctx, admin, off))

		if _, err := svc.ImportSetup(ctx, clerk); ims.ErrorCode(err) != ims.Forbidden {
			t.Fatalf("a clerk reading the import setup: %v; want Forbidden", err)
		}
		setup, err := svc.ImportSetup(ctx, finance)
		if err != nil || len(setup.Rules) != 2 || setup.Rules[0].Code != "CTAX" {
			t.Fatalf("Finance reading the import setup: %+v, %v", setup, err)
		}
		line := rules.Line{Narrative: "CTAX 12345678", Reference: "X"}
		got, err := svc.TestImportRules(ctx, finance, refdata.RuleTestInput{ImportType: "BANK", Line: line, RuleCode: "OFF"})
		must(t, err)
		if !got.Alone.Skip || got.Set.Skip || got.Set.Line.Reference != "12345678" {
			t.Errorf("testing the disabled OFF: alone %+v, set %+v; want it to skip alone, the set to set the reference only", got.Alone, got.Set)
		}
		draft := ctax
		draft.Actions = []ims.RuleAction{{Kind: ims.RuleSetFund, Value: "23"}}
		got, err = svc.TestImportRules(ctx, finance, refdata.RuleTestInput{Line: line, Draft: &draft})
		must(t, err)
		if got.Set.Line.Fund != "23" || got.Set.Line.Reference != "X" {
			t.Errorf("the set with a draft of CTAX = %+v; want the draft's fund and the saved rule's reference change gone", got.Set)
		}
		draft.Actions[0].Pattern = "(("
		if _, err = svc.TestImportRules(ctx, finance, refdata.RuleTestInput{Line: line, Draft: &draft}); ims.ErrorFields(err)["actions[0].pattern"] == "" {
			t.Errorf("a draft with a bad pattern: %v; want a problem on actions[0].pattern", err)
		}

		if err := svc.MoveImportRule(ctx, finance, "OFF", true); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("Finance moving a rule: %v; want Forbidden", err)
		}
		must(t, svc.MoveImportRule(ctx, admin, "OFF", true))
		list, err := svc.ImportRules().List(ctx, admin)
		must(t, err)
		if list[0].Code != "OFF" || list[0].Order != 10 || list[1].Code != "CTAX" || list[1].Order != 20 {
			t.Errorf("after moving OFF up: %v %d, %v %d; want OFF 10, CTAX 20", list[0].Code, list[0].Order, list[1].Code, list[1].Order)
		}
		if ev := lastAudit(t, db, "import rule", "OFF"); ev.Action != "update" {
			t.Errorf("the move is audited as %q; want update", ev.Action)
		}
	})
}
