package users

import (
	"context"
	"fmt"
	"slices"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// ListAPIClients returns every API client, revoked ones included, by name. It needs the UserAdmin
// role.
func (s *Service) ListAPIClients(ctx context.Context, p ims.Principal) (list []ims.APIClient, err error) {
	defer ims.Wrap(&err, "ListAPIClients")
	if err := p.Require(ims.UserAdmin); err != nil {
		return nil, err
	}
	return s.DB.APIClients(ctx)
}

// APIClient returns API client id. It needs the UserAdmin role.
func (s *Service) APIClient(ctx context.Context, p ims.Principal, id int64) (c ims.APIClient, err error) {
	defer ims.Wrap(&err, "APIClient(%d)", id)
	if err := p.Require(ims.UserAdmin); err != nil {
		return c, err
	}
	return s.DB.APIClientByID(ctx, id)
}

// APIClientChanges are what a user administrator may change of an API client. Its name and token
// stay: a client that needs a new token is revoked and created again.
type APIClientChanges struct {
	Scopes     []ims.Scope
	IPAllow    []string // CIDR ranges; none allows any address
	FundGroups []string // none: every fund
}

// UpdateAPIClient changes API client id's scopes, IP allow-list and fund groups, and audits the
// client before and after. It needs the UserAdmin role. A revoked client cannot be changed.
func (s *Service) UpdateAPIClient(ctx context.Context, p ims.Principal, id int64, c APIClientChanges) (after ims.APIClient, err error) {
	defer ims.Wrap(&err, "UpdateAPIClient(%d)", id)
	if err := p.Require(ims.UserAdmin); err != nil {
		return after, err
	}
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		before, err := tx.APIClientByID(ctx, id)
		if err != nil {
			return err
		}
		if before.Disabled {
			return ims.Errorf(ims.Conflict, "API client %s is revoked and cannot be changed.", before.Name)
		}
		after = before
		after.Scopes, after.IPAllow, after.FundGroups = sortedScopes(c.Scopes), c.IPAllow, sortedCodes(c.FundGroups)
		if len(after.IPAllow) == 0 {
			after.IPAllow = nil
		}
		if err := after.Validate(); err != nil {
			return err
		}
		if err := tx.UpdateAPIClient(ctx, after); err != nil {
			return err
		}
		return tx.Audit(ctx, p, "update", "api_client", fmt.Sprint(id), before, after)
	})
	return after, err
}

// RevokeAPIClient disables API client id for good: its token is refused from the next request on.
// It needs the UserAdmin role. Revoking a revoked client does nothing.
func (s *Service) RevokeAPIClient(ctx context.Context, p ims.Principal, id int64) (err error) {
	defer ims.Wrap(&err, "RevokeAPIClient(%d)", id)
	if err := p.Require(ims.UserAdmin); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		before, err := tx.APIClientByID(ctx, id)
		if err != nil || before.Disabled {
			return err
		}
		after := before
		after.Disabled = true
		if err := tx.UpdateAPIClient(ctx, after); err != nil {
			return err
		}
		return tx.Audit(ctx, p, "revoke", "api_client", fmt.Sprint(id), before, after)
	})
}

// sortedScopes returns scopes in the order of ims.AllScopes, each once, keeping unknown ones at the
// end for Validate to name.
func sortedScopes(scopes []ims.Scope) []ims.Scope {
	var out []ims.Scope
	for _, sc := range ims.AllScopes() {
		if slices.Contains(scopes, sc) {
			out = append(out, sc)
		}
	}
	for _, sc := range scopes {
		if !sc.Valid() {
			out = append(out, sc)
		}
	}
	return out
}
