package admin_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// A user administrator resets a user's second factor from the user's page: the button shows only
// for a user who has one, and afterwards the page says it is not set up. A cross-site POST to the
// same action is refused and changes nothing.
func TestUserAdministratorResetsSecondFactor(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := serve(t, db, config.Config{})
		s.addUser("ua@council.example", ims.UserAdmin)
		u := s.addUser("clerk@council.example", ims.TransactionList)
		b := s.browser()
		b.signIn("ua@council.example", "/admin")
		page := "/admin/users/" + itoa(u.ID)
		if r := b.get(page); strings.Contains(r.body, "Reset second factor") || !strings.Contains(r.body, "Not set up") {
			t.Errorf("a user without a second factor:\n%s", r.body)
		}
		s.enrolTOTP(u)
		b.get(page).want(t, http.StatusOK, "Authenticator app set up", "Reset second factor")

		req, _ := http.NewRequest(http.MethodPost, s.url+page+"/reset-two-factor", nil)
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		b.do(req).want(t, http.StatusForbidden, "sent from another website")
		b.get(page).want(t, http.StatusOK, "Authenticator app set up")

		b.post(page+"/reset-two-factor", nil).want(t, http.StatusSeeOther)
		r := b.get(page)
		r.want(t, http.StatusOK, "Second factor reset", "Not set up")
		if strings.Contains(r.body, "Reset second factor") {
			t.Errorf("the reset button is still offered")
		}
	})
}
