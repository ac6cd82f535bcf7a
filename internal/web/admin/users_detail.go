package admin

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
)

// userDetailPage is one user's page: what they have, and the buttons that act on them.
type userDetailPage struct {
	ID       int64
	Name     string
	Self     bool // the user administrator's own account: no disable, roles changed by another
	Disabled bool
	TOTP     bool
	Pending  bool // an invitation or reset link waits to be used
	Summary  govukfrontend.SummaryList
	Base     string // the user's address, which the actions' addresses start with
}

// userDetail shows one user: their details, roles, fund groups, methods of payment, status, last
// sign-in, second factor and any link waiting to be used, with the actions as POST buttons.
func (a *Admin) userDetail(w http.ResponseWriter, r *http.Request) {
	p := web.PrincipalFrom(r.Context())
	id, err := pathID(r, "user")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	d, err := a.Users.User(r.Context(), p, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	pg := userDetailPage{ID: d.ID, Name: d.Name, Self: p.UserID == d.ID, Disabled: d.Disabled, TOTP: d.TOTP,
		Pending: d.Invitation != nil, Base: "/admin/users/" + strconv.FormatInt(d.ID, 10)}
	status, lastSignIn, factor, link := "Active", "Never", "Not set up", "None"
	if d.Disabled {
		status = "Disabled: they cannot sign in"
	}
	if !d.LastLogin.IsZero() {
		lastSignIn = a.when(d.LastLogin)
	}
	if d.TOTP {
		factor = "Authenticator app set up"
	}
	if inv := d.Invitation; inv != nil {
		what := "Invitation"
		if inv.Reset {
			what = "Password reset link"
		}
		link = what + " sent " + a.when(inv.Sent) + ", works until " + a.when(inv.Expires)
		if !a.Now().Before(inv.Expires) {
			link = what + " sent " + a.when(inv.Sent) + ", expired " + a.when(inv.Expires)
		}
	}
	change := []govukfrontend.SummaryAction{{Text: "Change", Href: pg.Base + "/edit", VisuallyHiddenText: "name, email and access"}}
	pg.Summary = govukfrontend.SummaryList{Rows: []govukfrontend.SummaryRow{
		{Key: "Name", Value: d.Name, Actions: change},
		{Key: "Email address", Value: d.Email},
		{Key: "Roles", Value: rolesText(d.Roles)},
		{Key: "Fund groups", Value: listOrNone(d.FundGroups)},
		{Key: "Methods of payment", Value: listOrNone(d.MOPs)},
		{Key: "Status", Value: status},
		{Key: "Last signed in", Value: lastSignIn},
		{Key: "Second factor", Value: factor},
		{Key: "Link waiting to be used", Value: link},
		{Key: "Created", Value: a.when(d.CreatedAt)},
	}}
	a.render(w, r, http.StatusOK, "admin-users-detail", d.Name, pg)
}

func listOrNone(codes []string) string {
	if len(codes) == 0 {
		return "None"
	}
	return strings.Join(codes, ", ")
}
