package refdata

import (
	"context"

	"github.com/ims-council/ims"
)

// MoveImportRule moves an import rule one place earlier (up) or later in the order rules run,
// renumbering the orders 10, 20, 30… (sqldb.DB.MoveImportRule). p needs the SystemAdmin role.
func (s *Service) MoveImportRule(ctx context.Context, p ims.Principal, code string, up bool) (err error) {
	defer ims.Wrap(&err, "MoveImportRule")
	if err := p.Require(ims.SystemAdmin); err != nil {
		return err
	}
	by := 1
	if up {
		by = -1
	}
	return s.DB.MoveImportRule(ctx, p, code, by)
}
