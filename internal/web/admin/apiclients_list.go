package admin

import (
	"net/http"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// apiClientsPage lists the API clients.
type apiClientsPage struct{ Rows []apiClientRow }

type apiClientRow struct {
	ID                                   int64
	Name, Prefix, Scopes, Funds, Allowed string
	Revoked                              bool
}

// apiClientsList lists every API client, revoked ones marked, with its scopes, fund groups and
// allowed addresses.
func (a *Admin) apiClientsList(w http.ResponseWriter, r *http.Request) {
	list, err := a.Users.ListAPIClients(r.Context(), web.PrincipalFrom(r.Context()))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var pg apiClientsPage
	for _, c := range list {
		pg.Rows = append(pg.Rows, apiClientRow{ID: c.ID, Name: c.Name, Prefix: c.TokenPrefix, Scopes: scopesText(c.Scopes),
			Funds: fundGroupsText(c.FundGroups), Allowed: allowedText(c.IPAllow), Revoked: c.Disabled})
	}
	a.render(w, r, http.StatusOK, "admin-apiclients-list", "API clients", pg)
}

func scopesText(scopes []ims.Scope) string {
	parts := make([]string, len(scopes))
	for i, s := range scopes {
		parts[i] = string(s)
	}
	return strings.Join(parts, ", ")
}

func fundGroupsText(groups []string) string {
	if len(groups) == 0 {
		return "Every fund"
	}
	return strings.Join(groups, ", ")
}

func allowedText(cidrs []string) string {
	if len(cidrs) == 0 {
		return "Any address"
	}
	return strings.Join(cidrs, ", ")
}
