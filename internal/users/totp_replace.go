package users

import (
	"context"
	"fmt"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/auth/totp"
	"github.com/ims-council/ims/internal/sqldb"
)

// ReplaceTOTP moves a signed-in user's second factor to a new authenticator app (a new phone):
// currentCode, from the old app or one of the recovery codes, proves they hold the factor being
// replaced, since a session alone might have been left open; code must be a current code of the
// new secret (from BeginTOTP). currentCode counts against the lockout like a sign-in's code (a
// wrong one is audited "login_failed" with reason "code"); a used recovery code goes with the old
// set. It returns ten new recovery codes and is audited "totp_replaced". Only the user may do this.
// A wrong or unreadable code is Invalid on the field it was typed in: "current_code" or "code".
func (s *Service) ReplaceTOTP(ctx context.Context, p ims.Principal, userID int64, currentCode, secret, code string, policy auth.LockoutPolicy) (recoveryCodes []string, err error) {
	defer ims.Wrap(&err, "ReplaceTOTP(%d)", userID)
	if p.UserID == 0 || p.UserID != userID {
		return nil, ims.Errorf(ims.Forbidden, "Only the user can change their own authenticator app")
	}
	if s.DB.Secrets == nil {
		return nil, noSecretKey()
	}
	isTOTP, err := codeKind(currentCode)
	if err != nil {
		return nil, ims.FieldError("current_code", codeShapeMessage)
	}
	step, err := totp.Verify(secret, code, 0, s.DB.Clock)
	if err != nil {
		return nil, ims.FieldError("code", "%s", ims.ErrorMessage(err))
	}
	acct, counted, err := s.DB.CountSignInAttemptByID(ctx, userID, lockout(policy), s.DB.Now())
	if err != nil {
		return nil, err
	}
	if !counted {
		return nil, s.refuseCode(ctx, userID)
	}
	old, err := s.DB.TOTPFactorOf(ctx, userID)
	if err != nil {
		return nil, err
	}
	if old.SealedSecret == "" {
		return nil, ims.Errorf(ims.Conflict, "No authenticator app is set up for this account: set one up instead")
	}
	if err := s.checkCurrentCode(old, userID, currentCode, isTOTP); err != nil {
		if ims.ErrorCode(err) != ims.Unauthorized {
			return nil, err
		}
		actor := ims.Principal{UserID: acct.ID, Name: acct.Name}
		if aerr := s.auditFailure(ctx, actor, map[string]string{"reason": "code"}, policy); aerr != nil {
			return nil, aerr
		}
		return nil, ims.FieldError("current_code", "%s", ims.ErrorMessage(err))
	}
	factor, codes, err := s.newFactor(userID, secret, step)
	if err != nil {
		return nil, err
	}
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		replaced, err := tx.ReplaceTOTPFactor(ctx, userID, old.SealedSecret, factor)
		if err != nil {
			return err
		}
		if !replaced {
			return ims.Errorf(ims.Conflict, "The authenticator app was changed at the same moment: start again")
		}
		return tx.Audit(ctx, p, "totp_replaced", "user", fmt.Sprint(userID), nil, map[string]int{"recovery_codes": len(codes.Hashes)})
	})
	if err != nil {
		return nil, err
	}
	return codes.Codes, nil
}

// checkCurrentCode checks a code of the old app (not one already used) or one of its recovery codes.
func (s *Service) checkCurrentCode(old sqldb.TOTPFactor, userID int64, code string, isTOTP bool) error {
	if !isTOTP {
		_, err := totp.VerifyRecoveryCode(code, old.RecoveryHashes)
		return err
	}
	secret, err := s.DB.Secrets.Open(old.SealedSecret, totpSecretContext(userID))
	if err != nil {
		return err
	}
	_, err = totp.Verify(string(secret), code, old.LastStep, s.DB.Clock)
	return err
}
