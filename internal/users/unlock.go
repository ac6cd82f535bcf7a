package users

import (
	"context"
	"fmt"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// Unlock sets user id's count of failed sign-ins back to zero, which ends a lockout at once instead
// of when it expires (or never, under a policy that locks until an administrator unlocks). It
// returns the count it cleared; an account with none is left as it is and nothing is audited.
// Otherwise it is audited "unlock" with the count before and after. It needs the UserAdmin role.
func (s *Service) Unlock(ctx context.Context, p ims.Principal, id int64) (cleared int, err error) {
	defer ims.Wrap(&err, "Unlock(%d)", id)
	if err := p.Require(ims.UserAdmin); err != nil {
		return 0, err
	}
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.UserByID(ctx, id); err != nil {
			return err
		}
		if cleared, err = tx.ClearFailedSignIns(ctx, id); err != nil || cleared == 0 {
			return err
		}
		return tx.Audit(ctx, p, "unlock", "user", fmt.Sprint(id),
			map[string]int{"failed_sign_ins": cleared}, map[string]int{"failed_sign_ins": 0})
	})
	return cleared, err
}
