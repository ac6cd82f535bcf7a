package users

import (
	"context"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
)

// An Account is a user with the state of their sign-in: what an operator looks at when someone
// cannot get in.
type Account struct {
	ims.User
	FailedSignIns int       // failed sign-ins in a row, counted towards the lockout
	LastFailure   time.Time // when the last attempt was counted; zero for never
	TOTP          bool      // the user has an authenticator app
}

// Locked reports whether the account is locked at now under policy, and until when (the zero time
// for a lock that lasts until someone unlocks it).
func (a Account) Locked(policy auth.LockoutPolicy, now time.Time) (locked bool, until time.Time) {
	return policy.Locked(a.FailedSignIns, a.LastFailure, now)
}

// Accounts returns every user f chooses, sorted by name, with the state of their sign-in. Unlike
// ListUsers it is not paged: it is for the operator's command line, which prints them all. It
// needs the UserAdmin role.
func (s *Service) Accounts(ctx context.Context, p ims.Principal, f UserFilter) (out []Account, err error) {
	defer ims.Wrap(&err, "Accounts")
	if err := p.Require(ims.UserAdmin); err != nil {
		return nil, err
	}
	if f.Role != "" && !f.Role.Valid() {
		return nil, ims.FieldError("role", "%q is not a role", f.Role)
	}
	states, err := s.DB.SignInStates(ctx)
	if err != nil {
		return nil, err
	}
	const batch = 500
	for offset := 0; ; offset += batch {
		list, _, err := s.DB.ListUsers(ctx, f, offset, batch)
		if err != nil {
			return nil, err
		}
		for _, u := range list {
			st := states[u.ID]
			out = append(out, Account{User: u, FailedSignIns: st.FailedSignIns, LastFailure: st.LastFailure, TOTP: st.HasTOTP})
		}
		if len(list) < batch {
			return out, nil
		}
	}
}

// UserByEmail returns the user with an email address (in any case, with spaces around it or not),
// as User does, or a NotFound error naming the address. It needs the UserAdmin role.
func (s *Service) UserByEmail(ctx context.Context, p ims.Principal, email string) (d UserDetail, err error) {
	defer ims.Wrap(&err, "UserByEmail")
	if err := p.Require(ims.UserAdmin); err != nil {
		return d, err
	}
	email = ims.NormalizeEmail(email)
	acct, found, err := s.DB.StaffAccountByEmail(ctx, email)
	if err != nil {
		return d, err
	}
	if !found {
		return d, ims.Errorf(ims.NotFound, "There is no user with the email address %s", email)
	}
	return s.User(ctx, p, acct.ID)
}
