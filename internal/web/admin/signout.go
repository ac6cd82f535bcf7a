package admin

import (
	"net/http"

	"github.com/ims-council/ims/internal/web"
)

// signOut ends the session (deleted from the store, so its cookie is worth nothing even if copied)
// and audits it.
func (a *Admin) signOut(w http.ResponseWriter, r *http.Request) {
	if err := a.SignIn.SignOut(r.Context(), web.PrincipalFrom(r.Context())); err != nil {
		a.Log.ErrorContext(r.Context(), "admin: auditing a sign-out", "request_id", web.RequestID(r.Context()), "err", err)
	}
	a.endSession(r.Context())
	http.Redirect(w, r, "/admin/sign-in?signed-out", http.StatusSeeOther)
}
