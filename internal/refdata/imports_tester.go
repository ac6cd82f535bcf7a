package refdata

import (
	"context"
	"slices"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/rules"
)

// ImportSetup is the import configuration as people read it: the import types and the rules in the
// order they run.
type ImportSetup struct {
	Types []ims.ImportType
	Rules []ims.ImportRule
}

// requireImportReader lets the SystemAdmin, who keeps the import types and rules, and Finance, who
// imports files and needs to see what the rules will do to them, read and test them.
func requireImportReader(p ims.Principal) error {
	if p.HasRole(ims.Finance) {
		return nil
	}
	return p.Require(ims.SystemAdmin)
}

// ImportSetup returns the import types and rules. p needs the SystemAdmin or the Finance role.
func (s *Service) ImportSetup(ctx context.Context, p ims.Principal) (_ ImportSetup, err error) {
	defer ims.Wrap(&err, "ImportSetup")
	if err := requireImportReader(p); err != nil {
		return ImportSetup{}, err
	}
	var out ImportSetup
	if out.Types, err = s.DB.ImportTypes().List(ctx); err != nil {
		return ImportSetup{}, err
	}
	out.Rules, err = s.DB.ImportRulesInOrder(ctx)
	return out, err
}

// RuleTestInput is one dry run of the rules: a line as an import of ImportType would give it, and
// the rule under test, saved (RuleCode) or a draft from the rule's form not yet saved (Draft);
// neither: only the enabled rules run.
type RuleTestInput struct {
	ImportType string
	Line       rules.Line
	RuleCode   string
	Draft      *ims.ImportRule
}

// RuleTest is what a dry run of the rules found.
type RuleTest struct {
	// Rule is the rule under test; nil when none was. Alone is the line after that rule alone, run
	// whether or not it is enabled.
	Rule  *ims.ImportRule
	Alone rules.Outcome
	// Set is the line after every enabled rule in order, the draft (when enabled) in place of the
	// rule it changes, as the next import would treat the line once the draft is saved.
	Set rules.Outcome
}

// TestImportRules runs the rules over one line and writes nothing, so it needs no audit. p needs the
// SystemAdmin or the Finance role. A draft with problems is an Invalid error naming its fields; an
// unknown rule code is NotFound.
func (s *Service) TestImportRules(ctx context.Context, p ims.Principal, in RuleTestInput) (t RuleTest, err error) {
	defer ims.Wrap(&err, "TestImportRules")
	if err := requireImportReader(p); err != nil {
		return RuleTest{}, err
	}
	all, err := s.DB.ImportRulesInOrder(ctx)
	if err != nil {
		return RuleTest{}, err
	}
	switch {
	case in.Draft != nil:
		d := *in.Draft
		t.Rule = &d
		i := slices.IndexFunc(all, func(r ims.ImportRule) bool { return r.Code == d.Code })
		if i >= 0 {
			all[i] = d
		} else {
			all = append(all, d)
		}
	case in.RuleCode != "":
		i := slices.IndexFunc(all, func(r ims.ImportRule) bool { return r.Code == in.RuleCode })
		if i < 0 {
			return RuleTest{}, ims.Errorf(ims.NotFound, "Import rule %s does not exist", in.RuleCode)
		}
		r := all[i]
		t.Rule = &r
	}
	if t.Rule != nil {
		alone := *t.Rule
		alone.Enabled = true // a disabled rule is tested before it is enabled
		set, err := rules.Compile([]ims.ImportRule{alone})
		if err != nil {
			return RuleTest{}, err
		}
		t.Alone = set.Apply(in.ImportType, in.Line)
	}
	t.Set = rules.Apply(all, in.ImportType, in.Line)
	return t, nil
}
