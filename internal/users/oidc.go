package users

import (
	"context"
	"fmt"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth/oidc"
	"github.com/ims-council/ims/internal/sqldb"
)

// SignInWithOIDC signs in the staff user the council's identity provider vouched for (after
// oidc.Provider.Finish). The user is found by the provider's key of the person (issuer and subject)
// and otherwise by email, ignoring case; an account found by email is bound to that person, so
// their next sign-in finds it even if their email changes (audited "oidc_bound"). Roles and fund
// groups stay in IMS: the provider proves only who the person is. An unknown or disabled user, or an
// account already bound to another person at the provider, is refused with Unauthorized and the
// same message; a known account's refusal is audited "login_refused" with its reason. A complete
// sign-in is audited "login" with factor "oidc". The lockout of passwords does not apply: the
// provider applies its own.
func (s *Service) SignInWithOIDC(ctx context.Context, id oidc.Identity) (p ims.Principal, err error) {
	defer ims.Wrap(&err, "SignInWithOIDC")
	email := ims.NormalizeEmail(id.Email)
	refused := ims.Errorf(ims.Unauthorized, "No IMS account for %s: ask a user administrator", email)
	if email == "" {
		refused = ims.Errorf(ims.Unauthorized, "The identity provider gave no email address, and no IMS account is linked to this sign-in: ask a user administrator")
	}
	if id.Issuer == "" || id.Subject == "" {
		return p, ims.Errorf(ims.Unauthorized, "The identity provider's answer names no issuer or subject")
	}
	acct, found, err := s.DB.StaffAccountByOIDC(ctx, id.Issuer, id.Subject)
	if err != nil {
		return p, err
	}
	bind := false
	if !found && email != "" {
		if acct, found, err = s.DB.StaffAccountByEmail(ctx, email); err != nil {
			return p, err
		}
		bind = found
	}
	switch {
	case !found:
		return p, refused
	case acct.Disabled:
		return p, cmpErr(s.auditRefusal(ctx, acct.ID, acct.Name, "disabled"), refused)
	case bind && acct.OIDCIssuer == id.Issuer && acct.OIDCSubject != id.Subject:
		// The email now belongs to someone else at the provider than the person who used this
		// account: signing them in would hand one person's account to another.
		return p, cmpErr(s.auditRefusal(ctx, acct.ID, acct.Name, "bound to another person at the identity provider"), refused)
	}
	actor := ims.Principal{UserID: acct.ID, Name: acct.Name}
	return s.completeSignIn(ctx, acct.ID, actor, "oidc", func(tx *sqldb.Tx) error {
		if !bind {
			return nil
		}
		bound, err := tx.BindOIDC(ctx, acct.ID, id.Issuer, id.Subject)
		if err != nil {
			return err
		}
		if !bound {
			return refused
		}
		var before any
		if acct.OIDCIssuer != "" {
			before = map[string]string{"issuer": acct.OIDCIssuer, "subject": acct.OIDCSubject}
		}
		return tx.Audit(ctx, actor, "oidc_bound", "user", fmt.Sprint(acct.ID),
			before, map[string]string{"issuer": id.Issuer, "subject": id.Subject})
	})
}
