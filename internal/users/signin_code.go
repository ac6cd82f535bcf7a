package users

import (
	"context"
	"errors"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/auth/totp"
	"github.com/ims-council/ims/internal/sqldb"
)

// errCodeRaced is why a right code is refused when a request racing this one signed in with it first.
var errCodeRaced = errors.New("the code was used by another sign-in at the same moment")

// codeShapeMessage asks for a code in a form that can be one.
const codeShapeMessage = "Enter the 6-digit code from your authenticator app, or a recovery code like abcd-2345"

// SignInWithCode completes the sign-in of a user whose password was right (SignInWithPassword gave
// NeedsCode) with the 6-digit code their authenticator app shows or one of their recovery codes,
// which then works no more. A code is counted against the same lockout as passwords before it is
// checked, and a wrong one is audited "login_failed" with reason "code" (and "lockout" when it
// locks the account), so the million possible
// codes cannot be tried; a code, once accepted, is refused ever after (its time step is stored in
// the transaction that records the sign-in). A complete sign-in is audited "login" with the factor
// ("totp" or "recovery"). Something that cannot be a code is Invalid on the field "code" and not
// counted; every refusal of a code is Unauthorized.
func (s *Service) SignInWithCode(ctx context.Context, userID int64, code string, policy auth.LockoutPolicy) (p ims.Principal, err error) {
	defer ims.Wrap(&err, "SignInWithCode(%d)", userID)
	isTOTP, err := codeKind(code)
	if err != nil {
		return p, err
	}
	acct, counted, err := s.DB.CountSignInAttemptByID(ctx, userID, lockout(policy), s.DB.Now())
	if err != nil {
		return p, err
	}
	if !counted {
		return p, s.refuseCode(ctx, userID)
	}
	actor := ims.Principal{UserID: acct.ID, Name: acct.Name}
	factor, err := s.DB.TOTPFactorOf(ctx, userID)
	if err != nil {
		return p, err
	}
	if factor.SealedSecret == "" {
		return p, ims.Errorf(ims.Unauthorized, "No authenticator app is set up for this account")
	}
	if isTOTP {
		p, err = s.signInWithTOTP(ctx, actor, factor, code)
	} else {
		p, err = s.signInWithRecoveryCode(ctx, actor, factor, code)
	}
	if ims.ErrorCode(err) == ims.Unauthorized && !errors.Is(err, errSignInGone) {
		// The failure is already counted; the audit trail is all that is left to write.
		if aerr := s.auditFailure(ctx, actor, map[string]string{"reason": "code"}, policy); aerr != nil {
			return ims.Principal{}, aerr
		}
	}
	return p, err
}

// errSignInGone marks a refusal after a right code because the account was disabled meanwhile:
// not a failure to audit as a wrong code.
var errSignInGone = errors.New("the account was disabled during the sign-in")

func (s *Service) signInWithTOTP(ctx context.Context, actor ims.Principal, factor sqldb.TOTPFactor, code string) (ims.Principal, error) {
	if s.DB.Secrets == nil {
		return ims.Principal{}, ims.Errorf(ims.Unavailable, "IMS_SECRET_KEY is not set, so authenticator app codes cannot be checked")
	}
	secret, err := s.DB.Secrets.Open(factor.SealedSecret, totpSecretContext(actor.UserID))
	if err != nil {
		return ims.Principal{}, err
	}
	step, err := totp.Verify(string(secret), code, factor.LastStep, s.DB.Clock)
	if err != nil {
		return ims.Principal{}, err
	}
	return s.finishWithCode(ctx, actor, "totp", func(tx *sqldb.Tx) (bool, error) {
		return tx.AdvanceTOTPStep(ctx, actor.UserID, step)
	})
}

func (s *Service) signInWithRecoveryCode(ctx context.Context, actor ims.Principal, factor sqldb.TOTPFactor, code string) (ims.Principal, error) {
	index, err := totp.VerifyRecoveryCode(code, factor.RecoveryHashes)
	if err != nil {
		return ims.Principal{}, err
	}
	return s.finishWithCode(ctx, actor, "recovery", func(tx *sqldb.Tx) (bool, error) {
		return tx.UseRecoveryCode(ctx, actor.UserID, factor.RecoveryHashes, index)
	})
}

// finishWithCode completes a sign-in whose code was right, using the code up (use) in the same
// transaction: when a racing request used it first, use reports false and the sign-in is refused.
func (s *Service) finishWithCode(ctx context.Context, actor ims.Principal, factor string, use func(tx *sqldb.Tx) (bool, error)) (ims.Principal, error) {
	p, err := s.completeSignIn(ctx, actor.UserID, actor, factor, func(tx *sqldb.Tx) error {
		used, err := use(tx)
		if err != nil {
			return err
		}
		if !used {
			return &ims.Error{Code: ims.Unauthorized, Message: "That code has been used: enter a new one", Err: errCodeRaced}
		}
		return nil
	})
	if err != nil && ims.ErrorCode(err) == ims.Unauthorized && !errors.Is(err, errCodeRaced) {
		err = &ims.Error{Code: ims.Unauthorized, Message: ims.ErrorMessage(err), Err: errSignInGone}
	}
	return p, err
}

// refuseCode answers a code for an account that is locked, disabled or gone, auditing why.
func (s *Service) refuseCode(ctx context.Context, userID int64) error {
	a, found, err := s.DB.StaffAccountByID(ctx, userID)
	if err != nil {
		return err
	}
	if found {
		reason := "locked"
		if a.Disabled {
			reason = "disabled"
		}
		if err := s.auditRefusal(ctx, a.ID, a.Name, reason); err != nil {
			return err
		}
	}
	return ims.Errorf(ims.Unauthorized, "This account cannot sign in now: it is locked after too many wrong attempts, or disabled")
}

// codeKind tells a TOTP code (six digits, spaces ignored) from a recovery code, and refuses, before
// anything is counted, what can be neither.
func codeKind(code string) (isTOTP bool, err error) {
	digits := strings.Join(strings.Fields(code), "")
	if len(digits) == totp.Digits && strings.Trim(digits, "0123456789") == "" {
		return true, nil
	}
	// Checked against no hashes, a recovery code of the right form is merely "wrong".
	if _, err := totp.VerifyRecoveryCode(code, nil); ims.ErrorCode(err) == ims.Invalid {
		return false, ims.FieldError("code", codeShapeMessage)
	}
	return false, nil
}

// SignInAfterEnrolment completes a sign-in that needed an authenticator app the user did not have
// (SignInWithPassword gave NeedsEnrolment) once they have set one up with ConfirmTOTP, whose code
// stands as this sign-in's second factor: the app must have accepted a code within the last
// couple of minutes. Audited "login" with factor "totp".
func (s *Service) SignInAfterEnrolment(ctx context.Context, userID int64) (p ims.Principal, err error) {
	defer ims.Wrap(&err, "SignInAfterEnrolment(%d)", userID)
	acct, found, err := s.DB.StaffAccountByID(ctx, userID)
	if err != nil {
		return p, err
	}
	if !found || acct.Disabled {
		return p, ims.Errorf(ims.Unauthorized, "This account cannot sign in now: it is disabled or no longer exists")
	}
	factor, err := s.DB.TOTPFactorOf(ctx, userID)
	if err != nil {
		return p, err
	}
	if factor.SealedSecret == "" || factor.LastStep < totp.StepAt(s.DB.Now())-enrolmentFreshSteps {
		return p, ims.Errorf(ims.Unauthorized, "Set up your authenticator app and enter its code to sign in")
	}
	return s.completeSignIn(ctx, userID, ims.Principal{UserID: acct.ID, Name: acct.Name}, "totp", nil)
}

// enrolmentFreshSteps is how many 30-second steps may pass between confirming an authenticator app
// and the sign-in it completes: the skew Verify allows either side, and a minute to submit.
const enrolmentFreshSteps = 2*totp.Skew + 2
