package users

import (
	"context"
	"fmt"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/sqldb"
)

// Authenticate checks a user's email and password, applying the lockout policy. It returns the
// acting principal, or Unauthorized with one message for every refusal (unknown email, wrong
// password, locked or disabled account), so the answer does not reveal which accounts exist; the
// audit trail records which it was.
//
// Two rules keep that true against someone guessing:
//   - every refusal first checks the password against an argon2id hash (the account's own, or
//     auth.DummyHash for an unknown email), so a locked, disabled or unknown account answers no
//     sooner than a wrong password would;
//   - an attempt is counted against the lockout limit before its password is checked, by one
//     statement that refuses once the limit is reached (sqldb.DB.CountSignInAttempt), so guesses
//     sent at once cannot all be checked against a count none of them has added to yet. A
//     successful sign-in resets the count.
func (s *Service) Authenticate(ctx context.Context, email, password string, policy auth.LockoutPolicy) (p ims.Principal, err error) {
	defer ims.Wrap(&err, "Authenticate")
	email = ims.NormalizeEmail(email)
	refused := ims.Errorf(ims.Unauthorized, "Email address or password is wrong, or the account is locked")
	now := s.DB.Now()
	acct, counted, err := s.DB.CountSignInAttempt(ctx, email, sqldb.Lockout{MaxFailures: policy.MaxFailures, LockFor: policy.LockFor}, now)
	if err != nil {
		return p, err
	}
	if !counted {
		if err := s.refuseSignIn(ctx, email, password); err != nil {
			return p, err
		}
		return p, refused
	}
	ok, _, err := s.verifyPassword(password, acct.PasswordHash)
	if err != nil {
		return p, err
	}
	actor := ims.Principal{UserID: acct.ID, Name: acct.Name}
	id := fmt.Sprint(acct.ID)
	if !ok {
		// The failure is already counted; the audit trail is all that is left to write.
		if err := s.DB.InTx(ctx, func(tx *sqldb.Tx) error { return tx.Audit(ctx, actor, "login_failed", "user", id, nil, nil) }); err != nil {
			return p, err
		}
		return p, refused
	}
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := tx.RecordSignIn(ctx, acct.ID, now); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, "login", "user", id, nil, nil)
	})
	if err != nil {
		return p, err
	}
	return s.DB.PrincipalForUser(ctx, acct.ID)
}

// refuseSignIn handles an attempt that was not counted: an unknown email, or a locked or disabled
// account. It checks the password all the same, against the account's hash or auth.DummyHash, so
// that refusing takes as long as a wrong password, whatever the result; and it audits a known
// account's refusal with its reason.
func (s *Service) refuseSignIn(ctx context.Context, email, password string) error {
	a, found, err := s.DB.SignInAccountByEmail(ctx, email)
	if err != nil {
		return err
	}
	if !found {
		s.verifyPassword(password, auth.DummyHash)
		return nil
	}
	s.verifyPassword(password, a.PasswordHash) // for the time it takes: this account may not sign in now
	reason := "locked"
	if a.Disabled {
		reason = "disabled"
	}
	actor := ims.Principal{UserID: a.ID, Name: a.Name}
	return s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		return tx.Audit(ctx, actor, "login_refused", "user", fmt.Sprint(a.ID), nil, map[string]string{"reason": reason})
	})
}

// verifyPassword checks a password against a stored hash with s.PasswordVerifier, or
// auth.VerifyPassword when that is nil.
func (s *Service) verifyPassword(password, hash string) (ok, needsRehash bool, err error) {
	if s.PasswordVerifier != nil {
		return s.PasswordVerifier(password, hash)
	}
	return auth.VerifyPassword(password, hash)
}
