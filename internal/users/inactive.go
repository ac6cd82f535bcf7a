package users

import (
	"context"
	"fmt"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// DisableInactiveUsers disables every enabled staff account that has not signed in for the
// security settings' InactiveDisableDays (counted from its creation when it never has), by the
// database's clock, and returns their ids. Each is audited "disable" with reason "inactive" by the
// system. Nothing is disabled when the setting is 0. A daily job calls it (internal/jobs).
func (s *Service) DisableInactiveUsers(ctx context.Context) (disabled []int64, err error) {
	defer ims.Wrap(&err, "DisableInactiveUsers")
	set, err := s.SecuritySettings(ctx)
	if err != nil || set.InactiveDisableDays == 0 {
		return nil, err
	}
	cutoff := s.DB.Now().Add(-time.Duration(set.InactiveDisableDays) * 24 * time.Hour)
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		ids, err := tx.DisableUsersUnusedSince(ctx, cutoff)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := tx.Audit(ctx, ims.System(), "disable", "user", fmt.Sprint(id),
				map[string]bool{"disabled": false}, map[string]any{"disabled": true, "reason": "inactive"}); err != nil {
				return err
			}
		}
		disabled = ids
		return nil
	})
	return disabled, err
}
