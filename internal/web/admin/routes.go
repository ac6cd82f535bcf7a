package admin

import (
	"net/http"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// page declares a GET route of the back office for users holding any of roles. The server loads
// the staff session and checks the roles before h runs (no roles: the server refuses to start).
func (a *Admin) page(path string, h http.HandlerFunc, roles ...ims.Role) web.Route {
	return web.Route{Pattern: "GET " + path, Access: web.StaffRoles(roles...), Handler: h}
}

// action declares a POST route of the back office for users holding any of roles, refusing a
// request from another site (cross-site request forgery) before h runs.
func (a *Admin) action(path string, h http.HandlerFunc, roles ...ims.Role) web.Route {
	return web.Route{Pattern: "POST " + path, Access: web.StaffRoles(roles...), Handler: a.sameOrigin(h)}
}

// ownPage and ownAction declare the routes every signed-in user has whatever their roles: the home
// page, signing out, their own authenticator app.
func (a *Admin) ownPage(path string, h http.HandlerFunc) web.Route {
	return web.Route{Pattern: "GET " + path, Access: web.StaffSignedIn(), Handler: h}
}

func (a *Admin) ownAction(path string, h http.HandlerFunc) web.Route {
	return web.Route{Pattern: "POST " + path, Access: web.StaffSignedIn(), Handler: a.sameOrigin(h)}
}

// publicPage and publicAction declare the routes used before signing in (sign-in, the invitation
// link): anyone may call them; they load the session themselves, and the action is rate limited
// per client address and refused from another site.
func (a *Admin) publicPage(path string, h http.HandlerFunc) web.Route {
	return web.Route{Pattern: "GET " + path, Access: web.Public(), Handler: a.sessions.LoadAndSave(h)}
}

func (a *Admin) publicAction(path string, h http.HandlerFunc) web.Route {
	return web.Route{Pattern: "POST " + path, Access: web.Public(),
		Handler: a.limitedByAddress(a.sameOrigin(a.sessions.LoadAndSave(h)))}
}

// sameOrigin refuses cross-origin POSTs (Go's CrossOriginProtection: Sec-Fetch-Site, else Origin
// against Host) with the back office's 403 page.
func (a *Admin) sameOrigin(h http.Handler) http.Handler {
	c := http.NewCrossOriginProtection()
	c.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.Log.WarnContext(r.Context(), "admin: cross-origin request refused", "request_id", web.RequestID(r.Context()),
			"path", r.URL.Path, "origin", r.Header.Get("Origin"))
		a.fail(w, r, ims.Errorf(ims.Forbidden, "This form was sent from another website, so it was not accepted. Go back, reload the page and try again."))
	}))
	return c.Handler(h)
}
