package users

import (
	"context"
	"fmt"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/sqldb"
)

// SignInStep is how far a sign-in has got.
type SignInStep int

// The steps of a sign-in with a password.
const (
	// SignedIn: the sign-in is complete; the result carries the principal.
	SignedIn SignInStep = iota + 1
	// NeedsCode: the password was right and the user has an authenticator app; ask for a code (or
	// a recovery code) and call SignInWithCode.
	NeedsCode
	// NeedsEnrolment: the password was right, the council requires an authenticator app and the
	// user has none; set one up (BeginTOTP, ConfirmTOTP) and call SignInAfterEnrolment.
	NeedsEnrolment
)

// SignInResult is the outcome of a right password.
type SignInResult struct {
	Step      SignInStep
	UserID    int64
	Principal ims.Principal // when Step is SignedIn
}

// passwordRefused is the one answer to every refused password sign-in.
func passwordRefused() error {
	return ims.Errorf(ims.Unauthorized, "Email address or password is wrong, or the account is locked")
}

// SignInWithPassword checks a user's email and password, applying the lockout policy. A right
// password completes the sign-in (audited "login", last sign-in recorded) unless the user has an
// authenticator app (NeedsCode) or the council requires one the user lacks (NeedsEnrolment); then
// it is audited "password_ok" and the sign-in completes only after the second step. Every refusal
// (unknown email, wrong password, locked or disabled account) is Unauthorized with one message, so
// the answer does not reveal which accounts exist; the audit trail records which it was.
//
// Two rules keep that true against someone guessing:
//   - every refusal first checks the password against an argon2id hash (the account's own, or
//     auth.DummyHash for an unknown email or an account without a password), so a locked, disabled
//     or unknown account answers no sooner than a wrong password would;
//   - an attempt is counted against the lockout limit before its password is checked, by one
//     statement that refuses once the limit is reached (sqldb.DB.CountSignInAttempt), so guesses
//     sent at once cannot all be checked against a count none of them has added to yet. Only a
//     complete sign-in resets the count: a right password does not, or someone who knows it could
//     reset the count between guesses of the code. It only lowers the count to one below the
//     limit, since the attempt that follows an expired lock locks the account again at once
//     (auth.LockoutPolicy) and would leave the code step no try: someone with the password then
//     gets one code per lock period, as someone without it gets one password.
func (s *Service) SignInWithPassword(ctx context.Context, email, password string, policy auth.LockoutPolicy) (r SignInResult, err error) {
	defer ims.Wrap(&err, "SignInWithPassword")
	email = ims.NormalizeEmail(email)
	now := s.DB.Now()
	acct, counted, err := s.DB.CountSignInAttempt(ctx, email, lockout(policy), now)
	if err != nil {
		return r, err
	}
	if !counted {
		if err := s.refuseSignIn(ctx, email, password); err != nil {
			return r, err
		}
		return r, passwordRefused()
	}
	ok, err := s.passwordMatches(password, acct.PasswordHash)
	if err != nil {
		return r, err
	}
	actor := ims.Principal{UserID: acct.ID, Name: acct.Name}
	id := fmt.Sprint(acct.ID)
	if !ok {
		// The failure is already counted; the audit trail is all that is left to write.
		if err := s.auditFailure(ctx, actor, nil, policy); err != nil {
			return r, err
		}
		return r, passwordRefused()
	}
	r = SignInResult{Step: SignedIn, UserID: acct.ID}
	factor, err := s.DB.TOTPFactorOf(ctx, acct.ID)
	if err != nil {
		return r, err
	}
	if factor.SealedSecret != "" {
		r.Step = NeedsCode
	} else {
		set, err := s.SecuritySettings(ctx)
		if err != nil {
			return r, err
		}
		if set.TOTPRequired {
			r.Step = NeedsEnrolment
		}
	}
	if r.Step != SignedIn {
		err := s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
			if err := tx.LeaveOneSignInAttempt(ctx, acct.ID, lockout(policy)); err != nil {
				return err
			}
			return tx.Audit(ctx, actor, "password_ok", "user", id, nil, nil)
		})
		return r, err
	}
	r.Principal, err = s.completeSignIn(ctx, acct.ID, actor, "password", nil)
	return r, err
}

// Authenticate is SignInWithPassword for callers that cannot ask for a second factor: it returns
// the principal of a complete sign-in and refuses, with the same answer as a wrong password, an
// account that needs a code or an authenticator app.
func (s *Service) Authenticate(ctx context.Context, email, password string, policy auth.LockoutPolicy) (ims.Principal, error) {
	r, err := s.SignInWithPassword(ctx, email, password, policy)
	if err != nil {
		return ims.Principal{}, err
	}
	if r.Step != SignedIn {
		return ims.Principal{}, &ims.Error{Code: ims.Unauthorized, Op: "Authenticate", Message: ims.ErrorMessage(passwordRefused())}
	}
	return r.Principal, nil
}

// completeSignIn finishes a sign-in by factor in one transaction with the writes of also (the
// factor's own, such as the code's step; nil for none): the count of failures goes back to zero,
// the sign-in is recorded and audited "login". It returns the user's principal.
func (s *Service) completeSignIn(ctx context.Context, userID int64, actor ims.Principal, factor string, also func(tx *sqldb.Tx) error) (ims.Principal, error) {
	err := s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		if also != nil {
			if err := also(tx); err != nil {
				return err
			}
		}
		if err := tx.RecordSignIn(ctx, userID, s.DB.Now()); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, "login", "user", fmt.Sprint(userID), nil, map[string]string{"factor": factor})
	})
	if err != nil {
		return ims.Principal{}, err
	}
	return s.StaffPrincipal(ctx, userID)
}

// auditFailure audits a failed sign-in that was counted, with its reason (nil for a wrong
// password), and "lockout" when that failure reached the lockout limit, saying until when the
// account is locked (for good, until an administrator unlocks it, when the policy says so).
func (s *Service) auditFailure(ctx context.Context, actor ims.Principal, reason any, policy auth.LockoutPolicy) error {
	id := fmt.Sprint(actor.UserID)
	return s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := tx.Audit(ctx, actor, "login_failed", "user", id, nil, reason); err != nil {
			return err
		}
		if policy.MaxFailures <= 0 {
			return nil
		}
		n, err := tx.FailedSignIns(ctx, actor.UserID)
		if err != nil || n < policy.MaxFailures {
			return err
		}
		lock := map[string]any{"failures": n}
		if policy.LockFor > 0 {
			lock["until"] = s.DB.Now().Add(policy.LockFor)
		}
		return tx.Audit(ctx, actor, "lockout", "user", id, nil, lock)
	})
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
		s.passwordMatches(password, auth.DummyHash)
		return nil
	}
	s.passwordMatches(password, a.PasswordHash) // for the time it takes: this account may not sign in now
	reason := "locked"
	if a.Disabled {
		reason = "disabled"
	}
	return s.auditRefusal(ctx, a.ID, a.Name, reason)
}

// auditRefusal audits that a known account was refused a sign-in, and why.
func (s *Service) auditRefusal(ctx context.Context, userID int64, name, reason string) error {
	actor := ims.Principal{UserID: userID, Name: name}
	return s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		return tx.Audit(ctx, actor, "login_refused", "user", fmt.Sprint(userID), nil, map[string]string{"reason": reason})
	})
}

// passwordMatches checks a password against a stored hash with s.PasswordVerifier, or
// auth.VerifyPassword when that is nil. An account without a password (an invited user who has
// not chosen one stores "") never matches, after a check against auth.DummyHash that takes as long
// as a real one.
func (s *Service) passwordMatches(password, hash string) (bool, error) {
	verify := s.PasswordVerifier
	if verify == nil {
		verify = auth.VerifyPassword
	}
	if hash == "" {
		verify(password, auth.DummyHash)
		return false, nil
	}
	ok, _, err := verify(password, hash)
	return ok, err
}

// lockout is the storage form of a lockout policy.
func lockout(policy auth.LockoutPolicy) sqldb.Lockout {
	return sqldb.Lockout{MaxFailures: policy.MaxFailures, LockFor: policy.LockFor}
}
