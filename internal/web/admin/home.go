package admin

import (
	"net/http"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

func (a *Admin) homeRoutes() []web.Route {
	return []web.Route{a.ownPage(Home, a.home)}
}

// homePage is the staff home page's content: who is signed in and the sections their roles open.
type homePage struct {
	Name     string
	Roles    []ims.Role
	Sections []section
	AllFunds bool
	Funds    []string
}

// home greets the signed-in user and links only to what their roles allow.
func (a *Admin) home(w http.ResponseWriter, r *http.Request) {
	p := web.PrincipalFrom(r.Context())
	home := homePage{Name: p.Name, Roles: p.Roles, Sections: sectionsFor(p), AllFunds: p.SeesAllFunds(), Funds: p.Funds}
	if a.showsDashboard(p) {
		a.dashboard(w, r, home) // the finance roles' home is their dashboard (SPEC §10)
		return
	}
	a.render(w, r, http.StatusOK, "admin-home", "Home", home)
}
