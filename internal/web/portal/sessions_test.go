package portal_test

import (
	"net/http"
	"testing"

	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/web/portal"
)

// sessionRows counts the sessions stored in the database.
func (s *site) sessionRows() int {
	s.t.Helper()
	var n int
	if err := s.db.SQL.QueryRow(`SELECT COUNT(*) FROM sessions`).Scan(&n); err != nil {
		s.t.Fatal(err)
	}
	return n
}

// Reading pages, in either language, stores no session: only a basket does. Otherwise every visit
// by a crawler or a monitor (each without cookies) would leave a row behind.
func TestReadingPagesStoresNoSession(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db, portal.RateLimit{})
		for i := range 300 {
			path := "/pay"
			if i%2 == 0 {
				path = "/pay?lang=cy"
			}
			if p := s.browser().get(path); p.status != http.StatusOK {
				t.Fatalf("GET %s: %d", path, p.status)
			}
		}
		if n := s.sessionRows(); n != 0 {
			t.Fatalf("300 GETs of /pay and /pay?lang=cy stored %d sessions; want none", n)
		}

		// One payer: the language chosen is remembered on the next pages without a session, and a
		// session starts with the first thing put in the basket.
		b := s.browser()
		b.get("/pay?lang=cy")
		b.get("/pay/basket").mustContain(t, "basket after choosing Welsh", `<html lang="cy"`, "Eich basged")
		if n := s.sessionRows(); n != 0 {
			t.Fatalf("choosing Welsh and reading the basket stored %d sessions; want none", n)
		}
		b.add("23", s.ref("Council tax", "40012345"), "10")
		if n := s.sessionRows(); n != 1 {
			t.Errorf("adding to the basket stored %d sessions; want 1", n)
		}
		b.get("/pay/basket").mustContain(t, "basket with a payment", `<html lang="cy"`, "400123451")
		b.checkout("")
		if p := b.post("/pay/check"); p.status != http.StatusSeeOther {
			t.Fatalf("Pay: %d", p.status)
		}
		if lang := s.provider.lastRequest().Language; lang != "cy" {
			t.Errorf("provider asked for its pages in %q, want cy", lang)
		}
	})
}
