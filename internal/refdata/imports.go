package refdata

import (
	"context"

	"github.com/ims-council/ims"
)

// ImportTypes administers the import types; one an import rule names cannot be deleted.
func (s *Service) ImportTypes() Records[ims.ImportType] {
	return plain(s.DB.ImportTypes(), "Import type", func(t *ims.ImportType) { t.Disabled = true })
}

// ImportRules administers the import rules, listed in the order they run (order, then code).
// Disabling a rule clears its enabled flag: it stays, to be tested and enabled again.
func (s *Service) ImportRules() Records[ims.ImportRule] {
	return importRules{plain(s.DB.ImportRules(), "Import rule", func(r *ims.ImportRule) { r.Enabled = false }), s}
}

type importRules struct {
	Records[ims.ImportRule]
	s *Service
}

func (r importRules) List(ctx context.Context, p ims.Principal) (_ []ims.ImportRule, err error) {
	defer ims.Wrap(&err, "List Import rule")
	if err := p.Require(ims.SystemAdmin); err != nil {
		return nil, err
	}
	return r.s.DB.ImportRulesInOrder(ctx)
}
