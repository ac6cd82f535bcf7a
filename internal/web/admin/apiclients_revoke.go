package admin

import (
	"net/http"
	"strconv"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// revokePage asks a user administrator to confirm revoking an API client.
type revokePage struct {
	Client       ims.APIClient
	Action, Back string
}

// apiClientRevokeConfirm asks to confirm, since a revoked client cannot be brought back.
func (a *Admin) apiClientRevokeConfirm(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "API client")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	c, err := a.Users.APIClient(r.Context(), web.PrincipalFrom(r.Context()), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if c.Disabled {
		a.fail(w, r, ims.Errorf(ims.Conflict, "API client %s is already revoked.", c.Name))
		return
	}
	base := "/admin/api-clients/" + strconv.FormatInt(id, 10)
	a.render(w, r, http.StatusOK, "admin-apiclients-revoke", "Revoke API client "+c.Name, revokePage{Client: c, Action: base + "/revoke", Back: base})
}

// apiClientRevoke revokes the client: its token is refused from its next request.
func (a *Admin) apiClientRevoke(w http.ResponseWriter, r *http.Request) {
	p := web.PrincipalFrom(r.Context())
	id, err := pathID(r, "API client")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	c, err := a.Users.APIClient(r.Context(), p, id)
	if err == nil {
		err = a.Users.RevokeAPIClient(r.Context(), p, id)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.flash(r, "API client "+c.Name+" revoked. Its token no longer works.")
	http.Redirect(w, r, "/admin/api-clients", http.StatusSeeOther)
}
