package sqldb

import (
	"context"

	"github.com/ims-council/ims"
)

// CheckConfiguration reads the MOPs, funds and VAT codes and reports what ims.ConfigurationProblems
// finds wrong with them, then what ims.ImportConfigurationProblems finds in the import types and
// rules. An empty list means the configuration is usable.
func (db *DB) CheckConfiguration(ctx context.Context) (problems []string, err error) {
	defer ims.Wrap(&err, "CheckConfiguration")
	mops, err := db.MOPs().List(ctx)
	if err != nil {
		return nil, err
	}
	funds, err := db.Funds().List(ctx)
	if err != nil {
		return nil, err
	}
	vats, err := db.VATCodes().List(ctx)
	if err != nil {
		return nil, err
	}
	imports, err := db.importProblems(ctx, mops, funds)
	if err != nil {
		return nil, err
	}
	return append(ims.ConfigurationProblems(mops, funds, vats), imports...), nil
}
