package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/users"
	"github.com/ims-council/ims/internal/web"
)

// usersListPage is the list of users with its filter and pagination.
type usersListPage struct {
	Text, Role, Status string
	Roles              []ims.Role
	Page               users.UserPage
	Rows               []userRow
	Prev, Next         string // addresses of the neighbouring pages; empty at either end
	From, To           int    // the numbers of the first and last user shown
}

type userRow struct {
	ID                         int64
	Name, Email, Roles, Status string
	LastSignIn                 string
	Disabled                   bool
}

// usersList lists users, filtered by part of the name or email, a role and enabled or disabled,
// sorted by name, a page at a time. The filter is a GET form, so a filtered list can be bookmarked.
func (a *Admin) usersList(w http.ResponseWriter, r *http.Request) {
	p := web.PrincipalFrom(r.Context())
	q := r.URL.Query()
	v := usersListPage{Text: strings.TrimSpace(q.Get("q")), Role: q.Get("role"), Status: q.Get("status"), Roles: ims.AllRoles()}
	f := users.UserFilter{Text: v.Text}
	if v.Role != "" {
		role, err := ims.ParseRole(v.Role)
		if err != nil {
			a.fail(w, r, ims.Errorf(ims.Invalid, "There is no role %q to filter by.", v.Role))
			return
		}
		f.Role, v.Role = role, string(role)
	}
	switch v.Status {
	case "enabled", "disabled":
		disabled := v.Status == "disabled"
		f.Disabled = &disabled
	default:
		v.Status = ""
	}
	page, _ := strconv.Atoi(q.Get("page"))
	list, err := a.Users.ListUsers(r.Context(), p, f, page)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v.Page = list
	for _, u := range list.Users {
		row := userRow{ID: u.ID, Name: u.Name, Email: u.Email, Roles: rolesText(u.Roles), Status: "Active", Disabled: u.Disabled,
			LastSignIn: "Never"}
		if u.Disabled {
			row.Status = "Disabled"
		}
		if !u.LastLogin.IsZero() {
			row.LastSignIn = a.when(u.LastLogin)
		}
		v.Rows = append(v.Rows, row)
	}
	if len(list.Users) > 0 {
		v.From = (list.Page-1)*users.PageSize + 1
		v.To = v.From + len(list.Users) - 1
	}
	at := func(n int) string {
		q := url.Values{}
		for k, val := range map[string]string{"q": v.Text, "role": v.Role, "status": v.Status} {
			if val != "" {
				q.Set(k, val)
			}
		}
		q.Set("page", strconv.Itoa(n))
		return "/admin/users?" + q.Encode()
	}
	if list.Page > 1 {
		v.Prev = at(list.Page - 1)
	}
	if list.Page < list.Pages {
		v.Next = at(list.Page + 1)
	}
	a.render(w, r, http.StatusOK, "admin-users-list", "Users", v)
}

// rolesText lists roles for a table cell.
func rolesText(roles []ims.Role) string {
	if len(roles) == 0 {
		return "None"
	}
	parts := make([]string, len(roles))
	for i, r := range roles {
		parts[i] = string(r)
	}
	return strings.Join(parts, ", ")
}

// when writes a time as staff in the UK read it, in UK time: "3 December 2026 at 14:05".
func (a *Admin) when(t time.Time) string {
	if london, err := ims.LondonLocation(); err == nil {
		t = t.In(london)
	}
	return t.Format("2 January 2006 at 15:04")
}
