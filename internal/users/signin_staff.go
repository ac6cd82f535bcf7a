package users

import (
	"context"
	"fmt"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// StaffPrincipal returns the principal a signed-in user acts as, read afresh for every request so
// that a change of roles or fund groups, or disabling the account, takes effect at once: the id,
// name, roles, and the codes of the funds of the user's fund groups. A user who no longer exists
// or is disabled is Unauthorized, which ends their session.
func (s *Service) StaffPrincipal(ctx context.Context, userID int64) (p ims.Principal, err error) {
	p, _, err = s.StaffSession(ctx, userID)
	return p, err
}

// StaffSession is StaffPrincipal with the user's credential stamp, which changes when their
// password or second factor does: a session keeps the stamp it was signed in with and ends when
// the stamp changes, so resetting someone's password or authenticator app signs out every session
// that used the old one.
func (s *Service) StaffSession(ctx context.Context, userID int64) (p ims.Principal, stamp string, err error) {
	defer ims.Wrap(&err, "StaffPrincipal(%d)", userID)
	p, stamp, disabled, found, err := s.DB.StaffSession(ctx, userID)
	if err != nil {
		return ims.Principal{}, "", err
	}
	if !found || disabled {
		return ims.Principal{}, "", ims.Errorf(ims.Unauthorized, "Your account is disabled or no longer exists: ask a user administrator")
	}
	return p, stamp, nil
}

// SignOut audits that a user signed out; the caller ends the session.
func (s *Service) SignOut(ctx context.Context, p ims.Principal) (err error) {
	defer ims.Wrap(&err, "SignOut")
	if p.UserID == 0 {
		return ims.Errorf(ims.Invalid, "Only a signed-in user can sign out")
	}
	return s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		return tx.Audit(ctx, p, "logout", "user", fmt.Sprint(p.UserID), nil, nil)
	})
}
