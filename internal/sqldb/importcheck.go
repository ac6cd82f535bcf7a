package sqldb

import (
	"context"

	"github.com/ims-council/ims"
)

// importProblems reads the import types and rules and what they name, and reports what
// ims.ImportConfigurationProblems finds wrong with them.
func (db *DB) importProblems(ctx context.Context, mops []ims.MOP, funds []ims.Fund) ([]string, error) {
	types, err := db.ImportTypes().List(ctx)
	if err != nil {
		return nil, err
	}
	rules, err := db.ImportRulesInOrder(ctx)
	if err != nil {
		return nil, err
	}
	offices, err := db.Offices().List(ctx)
	if err != nil {
		return nil, err
	}
	return ims.ImportConfigurationProblems(types, rules, mops, offices, funds), nil
}
