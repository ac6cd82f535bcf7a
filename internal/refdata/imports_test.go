package refdata_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// Import types and rules are reference data: only a SystemAdmin changes or reads them, rules list
// in the order they run, an import type a rule names cannot be deleted (the refusal says why), and
// disabling a rule turns it off, audited before → after.
func TestImportTypesAndRulesAreAdministered(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		svc := refdata.New(db)
		seed(t, db, svc)
		must(t, svc.Offices().Create(ctx, admin, ims.Office{Code: "BI", Name: "Batch import"}))
		bank := ims.ImportType{Code: "BANK", Name: "Bank statement", Format: "camt053", DefaultMOP: "1", DefaultOffice: "BI", Fund: "13"}
		finance := ims.Principal{UserID: 3, Roles: []ims.Role{ims.Finance}}
		if err := svc.ImportTypes().Create(ctx, finance, bank); ims.ErrorCode(err) != ims.Forbidden {
			t.Fatalf("a Finance user creating an import type: %v; want Forbidden", err)
		}
		if _, err := svc.ImportRules().List(ctx, finance); ims.ErrorCode(err) != ims.Forbidden {
			t.Fatalf("a Finance user listing import rules: %v; want Forbidden", err)
		}
		must(t, svc.ImportTypes().Create(ctx, admin, bank))
		skip := []ims.RuleAction{{Kind: ims.RuleSkip, Reason: "bank charges"}}
		must(t, svc.ImportRules().Create(ctx, admin, ims.ImportRule{Code: "Z", Name: "z", Enabled: true, Order: 1, ImportTypes: []string{"BANK"}, Actions: skip}))
		must(t, svc.ImportRules().Create(ctx, admin, ims.ImportRule{Code: "A", Name: "a", Enabled: true, Order: 2, Actions: skip}))
		rules, err := svc.ImportRules().List(ctx, admin)
		must(t, err)
		if len(rules) != 2 || rules[0].Code != "Z" || rules[1].Code != "A" {
			t.Errorf("rules = %+v; want Z (order 1) then A (order 2)", rules)
		}

		err = svc.ImportTypes().Delete(ctx, admin, "BANK")
		if ims.ErrorCode(err) != ims.Conflict || !strings.Contains(err.Error(), "import rules use it") {
			t.Errorf("deleting an import type a rule names: %v; want a Conflict naming import rules", err)
		}
		must(t, svc.ImportRules().Disable(ctx, admin, "Z"))
		if r, err := svc.ImportRules().Get(ctx, admin, "Z"); err != nil || r.Enabled {
			t.Errorf("rule after Disable = %+v, %v; want it disabled", r, err)
		}
		ev := lastAudit(t, db, "import rule", "Z")
		if ev.Action != "update" || !strings.Contains(ev.Before, `"enabled":true`) || !strings.Contains(ev.After, `"enabled":false`) {
			t.Errorf("audit of the disable = %s %s → %s", ev.Action, ev.Before, ev.After)
		}
		must(t, svc.ImportRules().Delete(ctx, admin, "Z"))
		must(t, svc.ImportTypes().Delete(ctx, admin, "BANK"))
	})
}
