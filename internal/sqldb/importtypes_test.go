package sqldb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// importBasics stores what import types and rules refer to: a VAT code, fund 23, MOPs 15, 18 and
// BK, office BI.
func importBasics(t *testing.T, db *sqldb.DB) {
	t.Helper()
	ctx := context.Background()
	must(t, db.VATCodes().Put(ctx, admin, ims.VATCode{Code: "M0", Name: "Outside scope"}))
	must(t, db.Funds().Put(ctx, admin, ims.Fund{Code: "23", Name: "Council Tax", VATCode: "M0"}))
	for _, m := range []ims.MOP{{Code: "15", Name: "allpay Post Office", Kind: ims.KindPaymentNetwork},
		{Code: "18", Name: "PayPoint", Kind: ims.KindPaymentNetwork}, {Code: "BK", Name: "Bank", Kind: ims.KindBank}} {
		must(t, db.MOPs().Put(ctx, admin, m))
	}
	must(t, db.Offices().Put(ctx, admin, ims.Office{Code: "BI", Name: "Batch import"}))
}

func TestImportTypeRoundTripsWithItsChannels(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		importBasics(t, db)
		allpay := ims.ImportType{Code: "ALLPAY", Name: "allpay daily file", Format: "allpay", DefaultMOP: "15",
			DefaultOffice: "BI", Fund: "23", ChannelMOPs: map[string]string{"P": "15", "T": "18"}, DropFolder: "allpay"}
		must(t, db.ImportTypes().Create(ctx, admin, allpay))
		got, err := db.ImportTypes().Get(ctx, "ALLPAY")
		must(t, err)
		if diff := cmp.Diff(allpay, got); diff != "" {
			t.Errorf("import type read back differs (-put +got):\n%s", diff)
		}

		// An update replaces the channels: T is dropped, not kept beside the new list.
		allpay.ChannelMOPs = map[string]string{"P": "18"}
		must(t, db.ImportTypes().Update(ctx, admin, allpay))
		if got, _ := db.ImportTypes().Get(ctx, "ALLPAY"); !cmp.Equal(got.ChannelMOPs, allpay.ChannelMOPs) {
			t.Errorf("channels after update = %v; want %v", got.ChannelMOPs, allpay.ChannelMOPs)
		}
		events, err := db.AuditEvents(ctx, sqldb.AuditFilter{Entity: "import type", EntityID: "ALLPAY"})
		must(t, err)
		if len(events) != 2 || events[1].Action != "update" || !strings.Contains(events[1].Before, `"T":"18"`) ||
			strings.Contains(events[1].After, `"T":"18"`) {
			t.Errorf("audit of the import type = %+v; want create, then update whose before has channel T", events)
		}

		bank := ims.ImportType{Code: "LLOYDS", Name: "Lloyds", Format: "bankcsv", BankCSVProfile: "lloyds",
			DefaultMOP: "BK", DefaultOffice: "BI"}
		must(t, db.ImportTypes().Put(ctx, admin, bank))
		if got, _ := db.ImportTypes().Get(ctx, "LLOYDS"); got.Fund != "" || got.ChannelMOPs != nil {
			t.Errorf("a type without fund or channels reads back as %+v", got)
		}
	})
}

func TestImportTypeReferencesMustExist(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		importBasics(t, db)
		good := func() ims.ImportType {
			return ims.ImportType{Code: "ALLPAY", Name: "allpay", Format: "allpay", DefaultMOP: "15", DefaultOffice: "BI",
				Fund: "23", DropFolder: "allpay"}
		}
		must(t, db.ImportTypes().Put(ctx, admin, good()))
		tests := []struct {
			field, want string
			change      func(*ims.ImportType)
		}{
			{"default_mop", "Method of payment 99 does not exist", func(i *ims.ImportType) { i.DefaultMOP = "99" }},
			{"default_office", "Office ZZ does not exist", func(i *ims.ImportType) { i.DefaultOffice = "ZZ" }},
			{"fund", "Fund 77 does not exist", func(i *ims.ImportType) { i.Fund = "77" }},
			{"channel_mops", "Channel Q: method of payment 99 does not exist", func(i *ims.ImportType) { i.ChannelMOPs = map[string]string{"Q": "99"} }},
			{"drop_folder", "Import type ALLPAY already watches drop folder allpay", func(i *ims.ImportType) { i.Code = "ALLPAY2" }},
		}
		for _, tt := range tests {
			it := good()
			tt.change(&it)
			err := db.ImportTypes().Put(ctx, admin, it)
			if ims.ErrorCode(err) != ims.Invalid || !strings.Contains(ims.ErrorFields(err)[tt.field], tt.want) {
				t.Errorf("%s: Put = %v (fields %v); want %s: %q", tt.field, err, ims.ErrorFields(err), tt.field, tt.want)
			}
		}
		// A MOP an import type uses cannot be deleted, and says why.
		if uses, err := db.MOPs().Uses(ctx, "15"); err != nil || !strings.Contains(strings.Join(uses, ","), "import types") {
			t.Errorf("uses of MOP 15 = %v, %v; want import types", uses, err)
		}
		if err := db.MOPs().Delete(ctx, admin, "15"); ims.ErrorCode(err) != ims.Conflict {
			t.Errorf("deleting a MOP an import type uses: %v; want a Conflict", err)
		}
	})
}

func TestImportRulesRoundTripAndRunInOrder(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		importBasics(t, db)
		must(t, db.ImportTypes().Put(ctx, admin, ims.ImportType{Code: "BANK", Name: "Bank", Format: "mt940", DefaultMOP: "BK", DefaultOffice: "BI"}))
		ctax := ims.ImportRule{Code: "CTAX", Name: "Council tax by narrative", Description: "CTAX 12345678 is fund 23",
			Enabled: true, Order: 10, ImportTypes: []string{"BANK"},
			Groups: []ims.RuleGroup{{Conditions: []ims.RuleCondition{
				{Field: ims.RuleFieldNarrative, Operator: ims.RuleStartsWith, Value: "CTAX"},
				{Join: "or", Field: ims.RuleFieldAmount, Operator: ims.RuleBetween, Value: "1.00", Value2: "9.99"}}}},
			Actions: []ims.RuleAction{{Kind: ims.RuleSetFund, Value: "23"},
				{Kind: ims.RuleSetReference, FromField: ims.RuleFieldNarrative, Pattern: `CTAX\s*(\d{8})`}}}
		must(t, db.ImportRules().Create(ctx, admin, ctax))
		got, err := db.ImportRules().Get(ctx, "CTAX")
		must(t, err)
		if diff := cmp.Diff(ctax, got); diff != "" {
			t.Errorf("import rule read back differs (-put +got):\n%s", diff)
		}
		// Rules run by order, then code: B (order 5) before A and C (order 10), A before C.
		for _, r := range []ims.ImportRule{
			{Code: "A", Name: "a", Order: 10, Actions: []ims.RuleAction{{Kind: ims.RuleSkip, Reason: "test"}}},
			{Code: "B", Name: "b", Order: 5, Actions: []ims.RuleAction{{Kind: ims.RuleSuspense, Reason: "test"}}},
		} {
			must(t, db.ImportRules().Put(ctx, admin, r))
		}
		rules, err := db.ImportRulesInOrder(ctx)
		must(t, err)
		var codes []string
		for _, r := range rules {
			codes = append(codes, r.Code)
		}
		if strings.Join(codes, " ") != "B A CTAX" {
			t.Errorf("rules in order = %v; want B A CTAX", codes)
		}
		// An import type a rule names cannot be deleted.
		if err := db.ImportTypes().Delete(ctx, admin, "BANK"); ims.ErrorCode(err) != ims.Conflict {
			t.Errorf("deleting an import type a rule names: %v; want a Conflict", err)
		}
	})
}

func TestImportRuleReferencesMustExist(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		importBasics(t, db)
		tests := []struct {
			field, want string
			rule        ims.ImportRule
		}{
			{"import_types[0]", "Import type NOPE does not exist", ims.ImportRule{Code: "R", Name: "r", ImportTypes: []string{"NOPE"},
				Actions: []ims.RuleAction{{Kind: ims.RuleSkip, Reason: "x"}}}},
			{"actions[0].value", "Fund 77 does not exist", ims.ImportRule{Code: "R", Name: "r",
				Actions: []ims.RuleAction{{Kind: ims.RuleSetFund, Value: "77"}}}},
			{"actions[1].value", "Method of payment 99 does not exist", ims.ImportRule{Code: "R", Name: "r",
				Actions: []ims.RuleAction{{Kind: ims.RuleSetFund, Value: "23"}, {Kind: ims.RuleSetMOP, Value: "99"}}}},
		}
		for _, tt := range tests {
			err := db.ImportRules().Put(ctx, admin, tt.rule)
			if ims.ErrorCode(err) != ims.Invalid || !strings.Contains(ims.ErrorFields(err)[tt.field], tt.want) {
				t.Errorf("%s: Put = %v (fields %v); want %q", tt.field, err, ims.ErrorFields(err), tt.want)
			}
		}
	})
}

// The configuration check reports an import type whose method of payment was disabled after it was
// saved, and a rule whose fund was deleted since.
func TestCheckConfigurationReadsImportTypesAndRules(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		importBasics(t, db)
		must(t, db.Funds().Put(ctx, admin, ims.Fund{Code: "99", Name: "Short-lived", VATCode: "M0"}))
		must(t, db.ImportTypes().Put(ctx, admin, ims.ImportType{Code: "ALLPAY", Name: "allpay", Format: "allpay",
			DefaultMOP: "15", DefaultOffice: "BI", ChannelMOPs: map[string]string{"T": "18"}}))
		must(t, db.ImportRules().Put(ctx, admin, ims.ImportRule{Code: "R", Name: "r", Enabled: true,
			Actions: []ims.RuleAction{{Kind: ims.RuleSetFund, Value: "99"}}}))
		must(t, db.MOPs().Put(ctx, admin, ims.MOP{Code: "18", Name: "PayPoint", Kind: ims.KindPaymentNetwork, Disabled: true}))
		must(t, db.Funds().Delete(ctx, admin, "99"))
		problems, err := db.CheckConfiguration(ctx)
		must(t, err)
		all := strings.Join(problems, "\n")
		for _, want := range []string{"import type ALLPAY: method of payment 18 of channel T is disabled",
			"import rule R: it sets fund 99, which does not exist"} {
			if !strings.Contains(all, want) {
				t.Errorf("problems do not include %q:\n%s", want, all)
			}
		}
	})
}
