package portal_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/web/portal"
)

// The error summary lists the problems in the order of the fields on the page (the reference, then
// the amount), as the GOV.UK error summary pattern asks, so a screen reader user meets them in the
// order they will correct them.
func TestErrorSummaryFollowsThePage(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db, portal.RateLimit{})
		b := s.browser()
		for _, amount := range []string{"ten pounds", "", "600"} {
			p := b.post("/pay/details", "fund", "11", "reference", "BJ99518408", "amount", amount)
			if p.status != http.StatusUnprocessableEntity {
				t.Fatalf("amount %q: status %d, want 422", amount, p.status)
			}
			ref, amt := strings.Index(p.body, `<a href="#reference">`), strings.Index(p.body, `<a href="#amount">`)
			if ref < 0 || amt < 0 || ref > amt {
				t.Errorf("amount %q: the summary links the reference at %d and the amount at %d; want both, the reference first", amount, ref, amt)
			}
		}
	})
}
