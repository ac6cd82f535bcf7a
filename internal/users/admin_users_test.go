package users_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// adminRig is a database with the demo council's reference data, the users service, and a user
// administrator who is a real account.
type adminRig struct {
	db    *sqldb.DB
	svc   *users.Service
	admin ims.Principal
}

func newAdminRig(t *testing.T, db *sqldb.DB) adminRig {
	t.Helper()
	ctx := context.Background()
	demotest.Council(t, db)
	svc := users.New(db)
	svc.Params, svc.BaseURL = cheap, "https://ims.example.gov.uk/"
	a, err := svc.CreateUser(ctx, ims.System(), ims.User{Email: "ua@example.gov.uk", Name: "Una Admin", Roles: []ims.Role{ims.UserAdmin}},
		"admin passphrase for tests", cheap)
	must(t, err)
	return adminRig{db: db, svc: svc, admin: ims.Principal{UserID: a.ID, Name: a.Name, Roles: []ims.Role{ims.UserAdmin}}}
}

// lastAudit returns the newest audit event about a user or API client.
func lastAudit(t *testing.T, db *sqldb.DB, entity string, id int64) ims.AuditEvent {
	t.Helper()
	events, err := ledger.New(db).AuditEvents(context.Background(), auditor, sqldb.AuditFilter{Entity: entity})
	must(t, err)
	for i := len(events) - 1; i >= 0; i-- {
		if events[i].EntityID == fmt.Sprint(id) {
			return events[i]
		}
	}
	t.Fatalf("no audit event for %s %d", entity, id)
	return ims.AuditEvent{}
}

func TestListUsersFiltersAndPages(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		r := newAdminRig(t, db)
		for i := range 30 {
			roles := []ims.Role{ims.TransactionList}
			if i%3 == 0 {
				roles = append(roles, ims.Finance)
			}
			_, err := r.svc.CreateUser(ctx, r.admin, ims.User{Email: fmt.Sprintf("clerk%02d@example.gov.uk", i),
				Name: fmt.Sprintf("Clerk %02d", 29-i), Roles: roles}, "a long enough passphrase", cheap)
			must(t, err)
		}
		first, err := r.svc.ListUsers(ctx, r.admin, users.UserFilter{}, 1)
		must(t, err)
		if first.Total != 31 || first.Pages != 2 || len(first.Users) != users.PageSize {
			t.Fatalf("first page: total %d, pages %d, %d users", first.Total, first.Pages, len(first.Users))
		}
		if first.Users[0].Name != "Clerk 00" || first.Users[0].Email != "clerk29@example.gov.uk" || first.Users[24].Name != "Clerk 24" {
			t.Errorf("not sorted by name: %q … %q", first.Users[0].Name, first.Users[24].Name)
		}
		second, err := r.svc.ListUsers(ctx, r.admin, users.UserFilter{}, 7)
		must(t, err)
		if second.Page != 2 || len(second.Users) != 6 || second.Users[5].Name != "Una Admin" {
			t.Errorf("a page past the end gives the last page: %+v", second)
		}
		fin, err := r.svc.ListUsers(ctx, r.admin, users.UserFilter{Role: ims.Finance, Text: "CLERK 2"}, 1)
		must(t, err)
		var names []string
		for _, u := range fin.Users {
			names = append(names, u.Name)
		}
		// Finance went to clerks 0, 3, … 27, named Clerk 29, 26, … 02; of those, "clerk 2" matches 20–29.
		if strings.Join(names, ",") != "Clerk 20,Clerk 23,Clerk 26,Clerk 29" {
			t.Errorf("Finance users named like clerk 2: %q", names)
		}
		byEmail, err := r.svc.ListUsers(ctx, r.admin, users.UserFilter{Text: "ua@"}, 1)
		must(t, err)
		if byEmail.Total != 1 || byEmail.Users[0].Roles[0] != ims.UserAdmin {
			t.Errorf("search by email: %+v", byEmail)
		}
		yes := true
		must(t, r.svc.SetDisabled(ctx, r.admin, first.Users[3].ID, true))
		disabled, err := r.svc.ListUsers(ctx, r.admin, users.UserFilter{Disabled: &yes}, 1)
		must(t, err)
		if disabled.Total != 1 || disabled.Users[0].ID != first.Users[3].ID {
			t.Errorf("disabled users: %+v", disabled)
		}
		if _, err := r.svc.ListUsers(ctx, ims.Principal{UserID: 99, Roles: []ims.Role{ims.SystemAdmin, ims.SuperUser}}, users.UserFilter{}, 1); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("listed without UserAdmin: %v", err)
		}
		if _, err := r.svc.ListUsers(ctx, r.admin, users.UserFilter{Role: "Boss"}, 1); ims.ErrorFields(err)["role"] == "" {
			t.Errorf("unknown role filter: %v", err)
		}
	})
}

func TestUpdateUserAuditsBeforeAndAfterAndKeepsOwnAccess(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		r := newAdminRig(t, db)
		u, err := r.svc.CreateUser(ctx, r.admin, ims.User{Email: "cash@example.gov.uk", Name: "Cass Hier",
			Roles: []ims.Role{ims.CashReturns}, FundGroups: []string{"housing"}}, "a long enough passphrase", cheap)
		must(t, err)
		after, err := r.svc.UpdateUser(ctx, r.admin, u.ID, users.UserChanges{Name: "Cass Hier-Jones", Email: " Cass.Jones@Example.gov.uk ",
			Roles: []ims.Role{ims.Refund, ims.TransactionList}, FundGroups: []string{"revenues", "housing"}, MOPs: []string{"1"}})
		must(t, err)
		got, err := r.svc.User(ctx, r.admin, u.ID)
		must(t, err)
		if got.Email != "cass.jones@example.gov.uk" || got.Name != "Cass Hier-Jones" ||
			fmt.Sprint(got.Roles) != "[TransactionList Refund]" || fmt.Sprint(got.FundGroups) != "[housing revenues]" ||
			fmt.Sprint(got.MOPs) != "[1]" || got.Invitation != nil {
			t.Errorf("user after the update: %+v", got)
		}
		if got.TOTP {
			t.Errorf("a user without a second factor shows one")
		}
		_, err = db.SQL.Exec(`UPDATE users SET totp_secret = 'sealed' WHERE id = $1`, u.ID)
		must(t, err)
		if got, err := r.svc.User(ctx, r.admin, u.ID); err != nil || !got.TOTP {
			t.Errorf("a user with a second factor: %+v %v", got.TOTP, err)
		}
		if fmt.Sprint(after.Roles) != fmt.Sprint(got.Roles) {
			t.Errorf("UpdateUser returned %v, stored %v", after.Roles, got.Roles)
		}
		e := lastAudit(t, db, "user", u.ID)
		if e.Action != "update" || e.Actor != r.admin.Actor() || !strings.Contains(e.Before, `"CashReturns"`) ||
			!strings.Contains(e.Before, "cash@example.gov.uk") || !strings.Contains(e.After, `"Refund"`) || !strings.Contains(e.After, "cass.jones@") {
			t.Errorf("audited %s by %s: %s → %s", e.Action, e.Actor, e.Before, e.After)
		}

		// Problems are named by field; nothing changes.
		_, err = r.svc.UpdateUser(ctx, r.admin, u.ID, users.UserChanges{Name: " ", Email: "ua@example.gov.uk", FundGroups: []string{"nope"}})
		if f := ims.ErrorFields(err); f["name"] == "" {
			t.Errorf("blank name: %v", err)
		}
		_, err = r.svc.UpdateUser(ctx, r.admin, u.ID, users.UserChanges{Name: "Cass", Email: "ua@example.gov.uk"})
		if f := ims.ErrorFields(err); !strings.Contains(f["email"], "Another user") {
			t.Errorf("email of another user: %v", err)
		}
		_, err = r.svc.UpdateUser(ctx, r.admin, u.ID, users.UserChanges{Name: "Cass", Email: "cass@example.gov.uk", FundGroups: []string{"nope"}})
		if f := ims.ErrorFields(err); !strings.Contains(f["fund_groups"], "nope") {
			t.Errorf("unknown fund group: %v", err)
		}
		if _, err := r.svc.UpdateUser(ctx, r.admin, 999, users.UserChanges{Name: "X", Email: "x@example.gov.uk"}); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("unknown user: %v", err)
		}

		// A user administrator may change their own name, but not their own access.
		self := users.UserChanges{Name: "Una A. Admin", Email: "ua@example.gov.uk", Roles: []ims.Role{ims.UserAdmin}}
		if _, err := r.svc.UpdateUser(ctx, r.admin, r.admin.UserID, self); err != nil {
			t.Errorf("renaming oneself: %v", err)
		}
		for _, c := range []users.UserChanges{
			{Roles: []ims.Role{ims.UserAdmin, ims.SuperUser}},
			{Roles: nil},
			{Roles: []ims.Role{ims.UserAdmin}, FundGroups: []string{"all"}},
			{Roles: []ims.Role{ims.UserAdmin}, MOPs: []string{"1"}},
		} {
			c.Name, c.Email = self.Name, self.Email
			_, err := r.svc.UpdateUser(ctx, r.admin, r.admin.UserID, c)
			if ims.ErrorCode(err) != ims.Forbidden || !strings.Contains(ims.ErrorMessage(err), "your own roles") {
				t.Errorf("changed own access to %+v: %v", c, err)
			}
		}
		own, err := r.svc.User(ctx, r.admin, r.admin.UserID)
		must(t, err)
		if fmt.Sprint(own.Roles) != "[UserAdmin]" || own.FundGroups != nil {
			t.Errorf("own access changed: %+v", own)
		}
		if _, err := r.svc.UpdateUser(ctx, ims.Principal{UserID: 50, Roles: []ims.Role{ims.SystemAdmin}}, u.ID, self); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("updated without UserAdmin: %v", err)
		}
	})
}

func TestDisabledUserCannotSignIn(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		r := newAdminRig(t, db)
		const pw = "a long enough passphrase"
		u, err := r.svc.CreateUser(ctx, r.admin, ims.User{Email: "pat@example.gov.uk", Name: "Pat", Roles: []ims.Role{ims.Reporting}}, pw, cheap)
		must(t, err)
		policy := auth.DefaultLockoutPolicy()
		must(t, r.svc.SetDisabled(ctx, r.admin, u.ID, true))
		if _, err := r.svc.Authenticate(ctx, u.Email, pw, policy); ims.ErrorCode(err) != ims.Unauthorized {
			t.Errorf("a disabled user signed in: %v", err)
		}
		if e := lastAudit(t, db, "user", u.ID); e.Action != "login_refused" {
			t.Errorf("last audit %s", e.Action)
		}
		must(t, r.svc.SetDisabled(ctx, r.admin, u.ID, false))
		if _, err := r.svc.Authenticate(ctx, u.Email, pw, policy); err != nil {
			t.Errorf("an enabled user did not sign in: %v", err)
		}
		if err := r.svc.SetDisabled(ctx, r.admin, r.admin.UserID, true); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("a user administrator disabled themselves: %v", err)
		}
		// The audit trail holds disable and enable with the state before and after.
		events, err := ledger.New(db).AuditEvents(ctx, auditor, sqldb.AuditFilter{Entity: "user"})
		must(t, err)
		var actions []string
		for _, e := range events {
			if e.EntityID == fmt.Sprint(u.ID) && (e.Action == "disable" || e.Action == "enable") {
				actions = append(actions, e.Action)
				if e.Action == "disable" && (!strings.Contains(e.After, `"disabled":true`) || strings.Contains(e.Before, `"disabled":true`)) {
					t.Errorf("disable audited %s → %s", e.Before, e.After)
				}
			}
		}
		if fmt.Sprint(actions) != "[disable enable]" {
			t.Errorf("audited %v", actions)
		}

		// A password set by a user administrator replaces the old one at once.
		if err := r.svc.SetPassword(ctx, r.admin, u.ID, "password"); ims.ErrorFields(err)["password"] == "" {
			t.Errorf("a common password was set: %v", err)
		}
		must(t, r.svc.SetPassword(ctx, r.admin, u.ID, "another good passphrase"))
		if _, err := r.svc.Authenticate(ctx, u.Email, pw, policy); ims.ErrorCode(err) != ims.Unauthorized {
			t.Errorf("the old password still works: %v", err)
		}
		if _, err := r.svc.Authenticate(ctx, u.Email, "another good passphrase", policy); err != nil {
			t.Errorf("the new password does not work: %v", err)
		}
	})
}
