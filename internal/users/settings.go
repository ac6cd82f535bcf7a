package users

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// securityKey is the key of the security settings in the settings table.
const securityKey = "security"

// SecuritySettings returns the council's sign-in rules: ims.DefaultSecuritySettings until a
// SystemAdmin changes them, and defaults for any setting added since they last did.
func (s *Service) SecuritySettings(ctx context.Context) (set ims.SecuritySettings, err error) {
	defer ims.Wrap(&err, "SecuritySettings")
	value, found, err := s.DB.Setting(ctx, securityKey)
	if err != nil {
		return set, err
	}
	return securityFrom(value, found)
}

// securityFrom reads stored security settings over the defaults.
func securityFrom(value string, found bool) (ims.SecuritySettings, error) {
	set := ims.DefaultSecuritySettings()
	if !found {
		return set, nil
	}
	if err := json.Unmarshal([]byte(value), &set); err != nil {
		return set, fmt.Errorf("reading the stored security settings: %w", err)
	}
	return set, nil
}

// SetSecuritySettings changes the council's sign-in rules. It needs the SystemAdmin role; the
// change is audited with the settings before and after.
func (s *Service) SetSecuritySettings(ctx context.Context, p ims.Principal, set ims.SecuritySettings) (err error) {
	defer ims.Wrap(&err, "SetSecuritySettings")
	if err := p.Require(ims.SystemAdmin); err != nil {
		return err
	}
	if err := set.Validate(); err != nil {
		return err
	}
	value, err := json.Marshal(set)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		old, found, err := tx.Setting(ctx, securityKey)
		if err != nil {
			return err
		}
		before, err := securityFrom(old, found)
		if err != nil {
			return err
		}
		if before == set {
			return nil // nothing changes, so nothing is audited
		}
		if err := tx.PutSetting(ctx, securityKey, string(value)); err != nil {
			return err
		}
		return tx.Audit(ctx, p, "update", "settings", securityKey, before, set)
	})
}
