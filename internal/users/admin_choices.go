package users

import (
	"context"

	"github.com/ims-council/ims"
)

// AccessChoices are what a user administrator may give a user or an API client besides roles and
// scopes: the fund groups and the methods of payment (disabled ones too, which forms offer only to
// users who have them already).
type AccessChoices struct {
	FundGroups []ims.FundGroup
	MOPs       []ims.MOP
}

// AccessChoices returns the fund groups and methods of payment, by code, for the forms of
// users and API clients. It needs the UserAdmin role (not SystemAdmin: reading them is part of
// giving access).
func (s *Service) AccessChoices(ctx context.Context, p ims.Principal) (c AccessChoices, err error) {
	defer ims.Wrap(&err, "AccessChoices")
	if err := p.Require(ims.UserAdmin); err != nil {
		return c, err
	}
	if c.FundGroups, err = s.DB.FundGroups().List(ctx); err != nil {
		return c, err
	}
	c.MOPs, err = s.DB.MOPs().List(ctx)
	return c, err
}
