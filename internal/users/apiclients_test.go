package users_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

func TestAPIClientAdministration(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		r := newAdminRig(t, db)
		refs := []ims.Scope{ims.ScopeReferenceData}
		open, openToken, err := r.svc.CreateAPIClient(ctx, r.admin, ims.APIClient{Name: "Open data", Scopes: refs})
		must(t, err)
		housing, housingToken, err := r.svc.CreateAPIClient(ctx, r.admin, ims.APIClient{Name: "housing system",
			Scopes: []ims.Scope{ims.ScopePayments, ims.ScopeReferenceData}, FundGroups: []string{"housing", "library"}})
		must(t, err)
		if _, _, err := r.svc.CreateAPIClient(ctx, r.admin, ims.APIClient{Name: "bad", Scopes: refs, FundGroups: []string{"nope"}}); ims.ErrorFields(err)["fund_groups"] == "" {
			t.Errorf("created with an unknown fund group: %v", err)
		}

		// A client without fund groups sees every fund; one with fund groups, only theirs.
		p, _, err := r.svc.AuthenticateToken(ctx, openToken)
		must(t, err)
		if !p.AllFunds || !p.SeesFund("23") || !p.SeesFund("5") {
			t.Errorf("client without fund groups: %+v", p)
		}
		p, _, err = r.svc.AuthenticateToken(ctx, housingToken)
		must(t, err)
		if p.AllFunds || fmt.Sprint(p.Funds) != "[5 5M]" || !p.SeesFund("5M") || p.SeesFund("23") {
			t.Errorf("housing client: all %t, funds %v", p.AllFunds, p.Funds)
		}

		list, err := r.svc.ListAPIClients(ctx, r.admin)
		must(t, err)
		if len(list) != 2 || list[0].Name != "housing system" || fmt.Sprint(list[0].FundGroups) != "[housing library]" || list[1].ID != open.ID {
			t.Errorf("list: %+v", list)
		}

		// Changing scopes, addresses and fund groups takes effect on the next request, audited.
		after, err := r.svc.UpdateAPIClient(ctx, r.admin, housing.ID, users.APIClientChanges{Scopes: []ims.Scope{ims.ScopeReferenceData},
			IPAllow: []string{"192.0.2.0/24"}, FundGroups: []string{"revenues"}})
		must(t, err)
		if fmt.Sprint(after.Scopes) != "[reference-data]" || fmt.Sprint(after.IPAllow) != "[192.0.2.0/24]" {
			t.Errorf("after: %+v", after)
		}
		p, c, err := r.svc.AuthenticateToken(ctx, housingToken)
		must(t, err)
		if p.HasScope(ims.ScopePayments) || fmt.Sprint(p.Funds) != "[23 24]" || fmt.Sprint(c.IPAllow) != "[192.0.2.0/24]" {
			t.Errorf("after the update the client is %+v from %v", p, c.IPAllow)
		}
		e := lastAudit(t, db, "api_client", housing.ID)
		if e.Action != "update" || !strings.Contains(e.Before, `"payments"`) || !strings.Contains(e.Before, `"housing"`) ||
			strings.Contains(e.After, `"payments"`) || !strings.Contains(e.After, `"revenues"`) || !strings.Contains(e.After, "192.0.2.0/24") {
			t.Errorf("audited %s: %s → %s", e.Action, e.Before, e.After)
		}
		_, err = r.svc.UpdateAPIClient(ctx, r.admin, housing.ID, users.APIClientChanges{IPAllow: []string{"not an address"}})
		if f := ims.ErrorFields(err); f["scopes"] == "" || f["ip_allow"] == "" {
			t.Errorf("bad changes: %v", err)
		}
		// Taking every fund group away frees the client of them.
		_, err = r.svc.UpdateAPIClient(ctx, r.admin, housing.ID, users.APIClientChanges{Scopes: refs})
		must(t, err)
		if p, _, err := r.svc.AuthenticateToken(ctx, housingToken); err != nil || !p.AllFunds {
			t.Errorf("without fund groups: %+v %v", p, err)
		}

		// Revoking refuses the token from the next request on.
		must(t, r.svc.RevokeAPIClient(ctx, r.admin, housing.ID))
		if _, _, err := r.svc.AuthenticateToken(ctx, housingToken); ims.ErrorCode(err) != ims.Unauthorized {
			t.Errorf("a revoked token was taken: %v", err)
		}
		if e := lastAudit(t, db, "api_client", housing.ID); e.Action != "revoke" || !strings.Contains(e.After, `"disabled":true`) {
			t.Errorf("revoke audited as %s → %s", e.Action, e.After)
		}
		if _, err := r.svc.UpdateAPIClient(ctx, r.admin, housing.ID, users.APIClientChanges{Scopes: refs}); ims.ErrorCode(err) != ims.Conflict {
			t.Errorf("changed a revoked client: %v", err)
		}
		got, err := r.svc.APIClient(ctx, r.admin, housing.ID)
		if err != nil || !got.Disabled {
			t.Errorf("revoked client: %+v %v", got, err)
		}
		if _, err := r.svc.APIClient(ctx, r.admin, 404); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("unknown client: %v", err)
		}
		if _, _, err := r.svc.AuthenticateToken(ctx, openToken); err != nil {
			t.Errorf("the other client's token: %v", err)
		}
		other := ims.Principal{UserID: 40, Roles: []ims.Role{ims.SystemAdmin, ims.SuperUser}}
		if _, err := r.svc.ListAPIClients(ctx, other); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("listed without UserAdmin: %v", err)
		}
		if err := r.svc.RevokeAPIClient(ctx, other, open.ID); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("revoked without UserAdmin: %v", err)
		}
	})
}
