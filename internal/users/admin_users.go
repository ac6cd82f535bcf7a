package users

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/sqldb"
)

// A PendingLink is an invitation or password reset link sent to a user and not used yet.
type PendingLink struct {
	Reset         bool // a password reset rather than an invitation to a new account
	Sent, Expires time.Time
}

// PageSize is how many users one page of ListUsers holds.
const PageSize = 25

// A UserPage is one page of a list of users.
type UserPage struct {
	Users []ims.User
	Page  int // 1 for the first
	Pages int // how many pages the list has, at least 1
	Total int // how many users the filter chose, on every page
}

// A UserFilter chooses the users a user administrator lists. Zero fields choose all.
type UserFilter = sqldb.UserFilter

// A UserDetail is one user as a user administrator sees them.
type UserDetail struct {
	ims.User
	// Invitation is the newest invitation or password reset link the user has not used yet, if any.
	Invitation *PendingLink
	// TOTP is whether the user has set up a second factor (an authenticator app).
	TOTP bool
}

// ListUsers returns page (from 1; below 1 is 1, past the end is the last page) of the users f
// chooses, sorted by name. It needs the UserAdmin role.
func (s *Service) ListUsers(ctx context.Context, p ims.Principal, f UserFilter, page int) (out UserPage, err error) {
	defer ims.Wrap(&err, "ListUsers")
	if err := p.Require(ims.UserAdmin); err != nil {
		return out, err
	}
	if f.Role != "" && !f.Role.Valid() {
		return out, ims.FieldError("role", "%q is not a role", f.Role)
	}
	out.Page = max(page, 1)
	users, total, err := s.DB.ListUsers(ctx, f, (out.Page-1)*PageSize, PageSize)
	if err != nil {
		return out, err
	}
	out.Total, out.Pages = total, max((total+PageSize-1)/PageSize, 1)
	if out.Page > out.Pages {
		return s.ListUsers(ctx, p, f, out.Pages)
	}
	out.Users = users
	return out, nil
}

// User returns user id with what a user administrator sees of them. It needs the UserAdmin role.
func (s *Service) User(ctx context.Context, p ims.Principal, id int64) (d UserDetail, err error) {
	defer ims.Wrap(&err, "User(%d)", id)
	if err := p.Require(ims.UserAdmin); err != nil {
		return d, err
	}
	if d.User, err = s.DB.UserByID(ctx, id); err != nil {
		return d, err
	}
	inv, found, err := s.DB.PendingInvitation(ctx, id)
	if err != nil {
		return d, err
	}
	if found {
		d.Invitation = &PendingLink{Reset: inv.Purpose == "reset", Sent: inv.CreatedAt, Expires: inv.ExpiresAt}
	}
	d.TOTP, err = s.DB.UserHasTOTP(ctx, id)
	return d, err
}

// UserChanges are what a user administrator may change of a user: everything the edit form shows.
type UserChanges struct {
	Name, Email string
	Roles       []ims.Role
	FundGroups  []string
	MOPs        []string
}

// UpdateUser changes user id's name, email, roles, fund groups and methods of payment, and audits
// the user before and after. It needs the UserAdmin role. A user administrator cannot change their
// own roles, fund groups or methods of payment: what they may do and see is given by another.
func (s *Service) UpdateUser(ctx context.Context, p ims.Principal, id int64, c UserChanges) (after ims.User, err error) {
	defer ims.Wrap(&err, "UpdateUser(%d)", id)
	if err := p.Require(ims.UserAdmin); err != nil {
		return after, err
	}
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		before, err := tx.UserByID(ctx, id)
		if err != nil {
			return err
		}
		after = before
		after.Name, after.Email = c.Name, ims.NormalizeEmail(c.Email)
		after.Roles, after.FundGroups, after.MOPs = sortedRoles(c.Roles), sortedCodes(c.FundGroups), sortedCodes(c.MOPs)
		if err := after.Validate(); err != nil {
			return err
		}
		if p.UserID == id && !sameAccess(before, after) {
			return ims.Errorf(ims.Forbidden, "You cannot change your own roles, fund groups or methods of payment. Ask another user administrator to do it.")
		}
		if err := tx.UpdateUser(ctx, after); err != nil {
			return err
		}
		return tx.Audit(ctx, p, "update", "user", fmt.Sprint(id), before, after)
	})
	return after, err
}

// sameAccess reports whether two states of a user give the same roles, fund groups and methods of
// payment.
func sameAccess(a, b ims.User) bool {
	return slices.Equal(a.Roles, b.Roles) && slices.Equal(a.FundGroups, b.FundGroups) && slices.Equal(a.MOPs, b.MOPs)
}

// sortedRoles returns roles in the order of ims.AllRoles, each once, keeping unknown ones at the end
// for Validate to name.
func sortedRoles(roles []ims.Role) []ims.Role {
	var out []ims.Role
	for _, r := range ims.AllRoles() {
		if slices.Contains(roles, r) {
			out = append(out, r)
		}
	}
	for _, r := range roles {
		if !r.Valid() {
			out = append(out, r)
		}
	}
	return out
}

// sortedCodes returns codes sorted, each once, and nil for none (as storage reads them back).
func sortedCodes(codes []string) []string {
	out := slices.Compact(slices.Sorted(slices.Values(codes)))
	if len(out) == 0 {
		return nil
	}
	return out
}

// SetDisabled disables or enables user id, and audits it. It needs the UserAdmin role, and refuses
// a user administrator disabling themselves (nobody could then enable them from their session). A
// disabled user cannot sign in, nor use an invitation sent before.
func (s *Service) SetDisabled(ctx context.Context, p ims.Principal, id int64, disabled bool) (err error) {
	defer ims.Wrap(&err, "SetDisabled(%d, %t)", id, disabled)
	if err := p.Require(ims.UserAdmin); err != nil {
		return err
	}
	if p.UserID == id {
		return ims.Errorf(ims.Forbidden, "You cannot disable or enable your own account. Ask another user administrator to do it.")
	}
	return s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		before, err := tx.UserByID(ctx, id)
		if err != nil {
			return err
		}
		if before.Disabled == disabled {
			return nil
		}
		after := before
		after.Disabled = disabled
		if err := tx.SetUserDisabled(ctx, id, disabled); err != nil {
			return err
		}
		action := "enable"
		if disabled {
			action = "disable"
		}
		return tx.Audit(ctx, p, action, "user", fmt.Sprint(id), before, after)
	})
}

// SetPassword gives user id a password chosen by a user administrator, under the password rules;
// the old password stops working, and links sent before stop working too. It needs the UserAdmin
// role. The audit trail records that the password changed, never the password or its hash.
func (s *Service) SetPassword(ctx context.Context, p ims.Principal, id int64, password string) (err error) {
	defer ims.Wrap(&err, "SetPassword(%d)", id)
	if err := p.Require(ims.UserAdmin); err != nil {
		return err
	}
	u, err := s.DB.UserByID(ctx, id)
	if err != nil {
		return err
	}
	if err := auth.CheckPasswordRules(password, u.Email, u.Name); err != nil {
		return err
	}
	hash, err := auth.HashPassword(password, s.params(), s.DB.Rand)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := tx.SetPasswordHash(ctx, id, hash); err != nil {
			return err
		}
		// A reset link sent earlier would undo this password; it no longer works.
		if err := tx.RevokeInvitations(ctx, id, s.now()); err != nil {
			return err
		}
		return tx.Audit(ctx, p, "set_password", "user", fmt.Sprint(id), nil, nil)
	})
}

// params returns the hashing parameters for new passwords.
func (s *Service) params() auth.Params {
	if s.Params == (auth.Params{}) {
		return auth.DefaultParams()
	}
	return s.Params
}

// unusablePassword returns the hash of a random password nobody knows: the password of an account
// waiting for its user to choose one. Signing in to it fails like any wrong password, after the same
// work.
func (s *Service) unusablePassword() (string, error) {
	secret, err := auth.NewToken(s.DB.Rand)
	if err != nil {
		return "", err
	}
	return auth.HashPassword(secret, s.params(), s.DB.Rand)
}

// now is the service's clock.
func (s *Service) now() time.Time { return s.DB.Now() }

// CreateUserWithPassword is CreateUser for the user administrators' pages: the password is hashed
// with the service's parameters, and roles, fund groups and methods of payment are kept in order.
func (s *Service) CreateUserWithPassword(ctx context.Context, p ims.Principal, u ims.User, password string) (ims.User, error) {
	u.Roles, u.FundGroups, u.MOPs = sortedRoles(u.Roles), sortedCodes(u.FundGroups), sortedCodes(u.MOPs)
	return s.CreateUser(ctx, p, u, password, s.params())
}
