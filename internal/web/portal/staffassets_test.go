package portal_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/web/portal"
)

// The public portal's pages load GOV.UK Frontend only: the staff screens' MOJ Frontend stylesheet
// and scripts (internal/govukfrontend/assets) would make every payer download CSS and JavaScript
// that only council staff need.
func TestPortalPagesLoadNoStaffAssets(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db, portal.RateLimit{})
		b := s.browser()
		b.add("23", s.ref("Council tax", "40012345"), "125.50")
		b.checkout("")
		for _, path := range []string{"/pay", "/pay/details?fund=23", "/pay/basket", "/pay/email", "/pay/check", "/pay/no-such-page"} {
			p := b.get(path)
			if p.status != http.StatusOK && p.status != http.StatusNotFound {
				t.Errorf("GET %s: status %d", path, p.status)
				continue
			}
			// A page that loads no stylesheet at all would pass the checks below without meaning it.
			if !strings.Contains(p.body, `href="/assets/ims.css?v=`) {
				t.Errorf("GET %s does not load ims.css", path)
			}
			for _, staff := range []string{
				"ims-staff.css", "staff-init.js", "moj-add-another.js", "moj-sortable-table.js",
				"moj-filter-toggle-button.js", "accessible-autocomplete.min.js", "accessible-autocomplete.min.css",
			} {
				if strings.Contains(p.body, staff) {
					t.Errorf("GET %s loads %s, a staff-only asset", path, staff)
				}
			}
		}
	})
}
