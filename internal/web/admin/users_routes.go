package admin

import (
	"context"
	"net/http"
	"strconv"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/users"
	"github.com/ims-council/ims/internal/web"
)

// UserAdministration is the users service (internal/users) as the user administrators' pages use
// it. Every method but the invitation's checks the UserAdmin role itself; the invitation's are for
// whoever holds the link.
type UserAdministration interface {
	ListUsers(ctx context.Context, p ims.Principal, f users.UserFilter, page int) (users.UserPage, error)
	User(ctx context.Context, p ims.Principal, id int64) (users.UserDetail, error)
	AccessChoices(ctx context.Context, p ims.Principal) (users.AccessChoices, error)
	CreateUserWithPassword(ctx context.Context, p ims.Principal, u ims.User, password string) (ims.User, error)
	InviteUser(ctx context.Context, p ims.Principal, u ims.User) (ims.User, string, error)
	UpdateUser(ctx context.Context, p ims.Principal, id int64, c users.UserChanges) (ims.User, error)
	SetDisabled(ctx context.Context, p ims.Principal, id int64, disabled bool) error
	SetPassword(ctx context.Context, p ims.Principal, id int64, password string) error
	ResetPassword(ctx context.Context, p ims.Principal, id int64) (string, error)
	ResendInvitation(ctx context.Context, p ims.Principal, id int64) (string, error)
	ResetTOTP(ctx context.Context, p ims.Principal, id int64) error
	Invitation(ctx context.Context, token string) (users.Invited, error)
	AcceptInvitation(ctx context.Context, token, password string) error

	ListAPIClients(ctx context.Context, p ims.Principal) ([]ims.APIClient, error)
	APIClient(ctx context.Context, p ims.Principal, id int64) (ims.APIClient, error)
	CreateAPIClient(ctx context.Context, p ims.Principal, c ims.APIClient) (ims.APIClient, string, error)
	UpdateAPIClient(ctx context.Context, p ims.Principal, id int64, c users.APIClientChanges) (ims.APIClient, error)
	RevokeAPIClient(ctx context.Context, p ims.Principal, id int64) error
}

// usersRoutes are the user administrators' pages of users, and the invitation link's page.
func (a *Admin) usersRoutes() []web.Route {
	return []web.Route{
		a.page("/admin/users", a.usersList, ims.UserAdmin),
		a.page("/admin/users/new", a.userNew, ims.UserAdmin),
		a.action("/admin/users/new", a.userCreate, ims.UserAdmin),
		a.page("/admin/users/{id}", a.userDetail, ims.UserAdmin),
		a.page("/admin/users/{id}/edit", a.userEdit, ims.UserAdmin),
		a.action("/admin/users/{id}/edit", a.userSave, ims.UserAdmin),
		a.action("/admin/users/{id}/disable", a.userDisable, ims.UserAdmin),
		a.action("/admin/users/{id}/enable", a.userEnable, ims.UserAdmin),
		a.action("/admin/users/{id}/reset-password", a.userResetPassword, ims.UserAdmin),
		a.page("/admin/users/{id}/password", a.userPassword, ims.UserAdmin),
		a.action("/admin/users/{id}/password", a.userSetPassword, ims.UserAdmin),
		a.action("/admin/users/{id}/reset-two-factor", a.userResetTOTP, ims.UserAdmin),
		a.action("/admin/users/{id}/resend-invitation", a.userResendInvitation, ims.UserAdmin),
		a.publicPage(users.InvitationPath, a.invitation),
		a.publicAction(users.InvitationPath, a.invitationAccept),
	}
}

// apiClientsRoutes are the user administrators' pages of API clients.
func (a *Admin) apiClientsRoutes() []web.Route {
	return []web.Route{
		a.page("/admin/api-clients", a.apiClientsList, ims.UserAdmin),
		a.page("/admin/api-clients/new", a.apiClientNew, ims.UserAdmin),
		a.action("/admin/api-clients/new", a.apiClientCreate, ims.UserAdmin),
		a.page("/admin/api-clients/{id}", a.apiClientEdit, ims.UserAdmin),
		a.action("/admin/api-clients/{id}", a.apiClientSave, ims.UserAdmin),
		a.page("/admin/api-clients/{id}/revoke", a.apiClientRevokeConfirm, ims.UserAdmin),
		a.action("/admin/api-clients/{id}/revoke", a.apiClientRevoke, ims.UserAdmin),
	}
}

// pathID reads the {id} of the address; an id that is not a number is a page that does not exist.
func pathID(r *http.Request, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, ims.Errorf(ims.NotFound, "There is no %s %q", what, r.PathValue("id"))
	}
	return id, nil
}
