package users

import (
	"context"
	"fmt"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/auth/totp"
	"github.com/ims-council/ims/internal/sqldb"
)

// noSecretKey is the refusal to set up an authenticator app on a server that cannot seal its secret.
func noSecretKey() error {
	return ims.Errorf(ims.Invalid, "Authenticator apps cannot be set up: the server has no IMS_SECRET_KEY to encrypt their secrets. Ask the operator to set it")
}

// totpSecretContext is what a user's sealed TOTP secret is bound to, so it cannot be copied to
// another user's row and opened there.
func totpSecretContext(userID int64) string { return fmt.Sprintf("user:%d:totp_secret", userID) }

// BeginTOTP returns a new authenticator app secret for a user, with its QR code, listed in the app
// under the organisation's name and the user's email. Nothing is stored: the caller keeps the
// secret (in the session) until the user confirms it with a code (ConfirmTOTP).
func (s *Service) BeginTOTP(ctx context.Context, userID int64) (e totp.Enrolment, err error) {
	defer ims.Wrap(&err, "BeginTOTP(%d)", userID)
	if s.DB.Secrets == nil {
		return e, noSecretKey()
	}
	acct, found, err := s.DB.StaffAccountByID(ctx, userID)
	if err != nil {
		return e, err
	}
	if !found || acct.Disabled {
		return e, ims.Errorf(ims.NotFound, "User %d does not exist or is disabled", userID)
	}
	issuer, err := s.issuer(ctx)
	if err != nil {
		return e, err
	}
	return totp.NewEnrolment(issuer, acct.Email, s.DB.Rand)
}

// issuer is the name authenticator apps list IMS under: the organisation's, or "IMS" before it is set.
func (s *Service) issuer(ctx context.Context) (string, error) {
	o, err := s.DB.Organisation(ctx)
	if err != nil || o.Name == "" {
		return "IMS", err
	}
	return o.Name, nil
}

// ConfirmTOTP stores a user's authenticator app once they have shown it works: code must be a
// current code for secret (from BeginTOTP). It returns ten new recovery codes, to be shown once;
// only their hashes are kept, and the secret is kept sealed with IMS_SECRET_KEY. Only the user may
// do this (p is the user: signed in, or part-way through a sign-in that requires an app), and only
// while they have no app: a new one replaces an old one only after ResetTOTP, so someone who has
// only the password cannot swap in their own. Audited "totp_enrolled".
func (s *Service) ConfirmTOTP(ctx context.Context, p ims.Principal, userID int64, secret, code string) (recoveryCodes []string, err error) {
	defer ims.Wrap(&err, "ConfirmTOTP(%d)", userID)
	if p.UserID == 0 || p.UserID != userID {
		return nil, ims.Errorf(ims.Forbidden, "Only the user can set up their own authenticator app")
	}
	if s.DB.Secrets == nil {
		return nil, noSecretKey()
	}
	step, err := totp.Verify(secret, code, 0, s.DB.Clock)
	if err != nil {
		if ims.ErrorCode(err) == ims.Unauthorized {
			// The user is setting up, not signing in: a wrong code is theirs to correct.
			return nil, ims.FieldError("code", "%s", ims.ErrorMessage(err))
		}
		return nil, err
	}
	factor, codes, err := s.newFactor(userID, secret, step)
	if err != nil {
		return nil, err
	}
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		set, err := tx.SetTOTPFactor(ctx, userID, factor)
		if err != nil {
			return err
		}
		if !set {
			return ims.Errorf(ims.Conflict, "An authenticator app is already set up for this account: ask a user administrator to reset it first")
		}
		return tx.Audit(ctx, p, "totp_enrolled", "user", fmt.Sprint(userID), nil, map[string]int{"recovery_codes": len(codes.Hashes)})
	})
	if err != nil {
		return nil, err
	}
	return codes.Codes, nil
}

// newFactor returns the second factor to store for a secret whose code was accepted at step: the
// secret sealed for this user alone, the step, and the hashes of new recovery codes, which it
// returns for the user to see once.
func (s *Service) newFactor(userID int64, secret string, step int64) (sqldb.TOTPFactor, totp.RecoveryCodes, error) {
	sealed, err := s.DB.Secrets.Seal([]byte(secret), totpSecretContext(userID))
	if err != nil {
		return sqldb.TOTPFactor{}, totp.RecoveryCodes{}, err
	}
	codes, err := totp.NewRecoveryCodes(totp.RecoveryCodeCount, s.hashParams(), s.DB.Rand)
	if err != nil {
		return sqldb.TOTPFactor{}, totp.RecoveryCodes{}, err
	}
	return sqldb.TOTPFactor{SealedSecret: sealed, LastStep: step, RecoveryHashes: codes.Hashes}, codes, nil
}

// hashParams are the argon2id parameters of new recovery codes: s.Params, or auth.DefaultParams.
func (s *Service) hashParams() auth.Params {
	if s.Params == (auth.Params{}) {
		return auth.DefaultParams()
	}
	return s.Params
}

// ResetTOTP removes a user's authenticator app and recovery codes, for a user who lost their phone;
// they set up a new app at their next sign-in when the council requires one. It needs the UserAdmin
// role and is audited "totp_reset"; a user without an app is left as they are.
func (s *Service) ResetTOTP(ctx context.Context, admin ims.Principal, userID int64) (err error) {
	defer ims.Wrap(&err, "ResetTOTP(%d)", userID)
	if err := admin.Require(ims.UserAdmin); err != nil {
		return err
	}
	if _, found, err := s.DB.StaffAccountByID(ctx, userID); err != nil || !found {
		return cmpErr(err, ims.Errorf(ims.NotFound, "User %d does not exist", userID))
	}
	return s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		had, err := tx.ClearTOTPFactor(ctx, userID)
		if err != nil || !had {
			return err
		}
		return tx.Audit(ctx, admin, "totp_reset", "user", fmt.Sprint(userID), map[string]bool{"totp": true}, map[string]bool{"totp": false})
	})
}

// cmpErr returns err, or otherwise when err is nil.
func cmpErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

// HasTOTP reports whether a user has an authenticator app set up.
func (s *Service) HasTOTP(ctx context.Context, userID int64) (has bool, err error) {
	defer ims.Wrap(&err, "HasTOTP(%d)", userID)
	f, err := s.DB.TOTPFactorOf(ctx, userID)
	return f.SealedSecret != "", err
}
