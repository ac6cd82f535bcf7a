package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// The list of users pages by 25, keeping the filter in the pages' links; an unknown role in the
// address is a clear error, not a 500.
func TestUsersListPagesKeepTheFilter(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := serve(t, db, config.Config{})
		ua := s.addUser("ua@council.example", ims.UserAdmin)
		for i := range 30 {
			_, err := users.New(db).CreateUser(context.Background(), ims.System(), ims.User{Email: fmt.Sprintf("c%02d@council.example", i),
				Name: fmt.Sprintf("Clerk %02d", i), Roles: []ims.Role{ims.Reporting}}, password, cheap)
			if err != nil {
				t.Fatal(err)
			}
		}
		b := s.browser()
		b.signIn("ua@council.example", "/admin")
		first := b.get("/admin/users?role=Reporting")
		first.want(t, http.StatusOK, "Showing 1 to 25 of 30 users", "Clerk 00", "Clerk 24", "Page 1 of 2",
			`href="/admin/users?page=2&amp;role=Reporting"`)
		if strings.Contains(first.body, "Clerk 25") || strings.Contains(first.body, `rel="prev"`) {
			t.Errorf("the first page shows the second's users or a previous link")
		}
		second := b.get("/admin/users?page=2&role=Reporting")
		second.want(t, http.StatusOK, "Showing 26 to 30 of 30 users", "Clerk 29", `rel="prev"`)
		if strings.Contains(second.body, fmt.Sprintf(`href="/admin/users/%d"`, ua.ID)) || strings.Contains(second.body, `rel="next"`) {
			t.Errorf("the filter was lost on page 2, or it offers a next page")
		}
		b.get("/admin/users?role=Boss").want(t, http.StatusUnprocessableEntity, "There is no role")
	})
}
