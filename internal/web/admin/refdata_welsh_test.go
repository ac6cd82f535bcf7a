package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// A system administrator gives a fund its Welsh texts and a stop message its texts for payers, in
// English and Welsh, through the reference data pages; the forms show them again to change.
func TestWelshAndPublicTextsThroughThePages(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := serve(t, db, config.Config{})
		s.addUser("admin@example.gov.uk", ims.SystemAdmin)
		b := s.browser()
		b.signIn("admin@example.gov.uk", "/admin")
		b.post("/admin/vat-codes/new", url.Values{"code": {"E0"}, "name": {"Exempt"}, "rate_bp": {"0"}}).want(t, http.StatusSeeOther)
		b.post("/admin/funds/new", url.Values{"code": {"5"}, "name": {"Housing Rents"}, "vat_code": {"E0"},
			"portal_label": {"Council home rent"}, "name_cy": {"Rhent"}, "portal_label_cy": {"Rhent cartref cyngor"},
			"portal_help_cy": {"Ar eich datganiad rhent"}, "reference_label_cy": {"Rhif cyfrif rhent"}}).want(t, http.StatusSeeOther)
		f, err := db.Funds().Get(context.Background(), "5")
		if err != nil {
			t.Fatal(err)
		}
		if f.NameCy != "Rhent" || f.PortalLabelCy != "Rhent cartref cyngor" || f.PortalHelpCy != "Ar eich datganiad rhent" ||
			f.ReferenceLabelCy != "Rhif cyfrif rhent" {
			t.Errorf("fund saved = %+v, want its Welsh texts", f)
		}
		b.get("/admin/funds/5").want(t, http.StatusOK, `value="Rhent cartref cyngor"`, "Ar eich datganiad rhent", `value="Rhif cyfrif rhent"`)

		b.get("/admin/fund-messages/new").want(t, http.StatusOK, "Message for staff", "Message for payers, in Welsh (optional)",
			"This account cannot be paid online; please contact the council")
		b.post("/admin/fund-messages/new", url.Values{"fund_code": {"5"}, "code": {"EA"}, "text": {"With enforcement agent"},
			"text_public": {"Please call the rents team"}, "text_public_cy": {"Ffoniwch y tîm rhenti"}}).want(t, http.StatusSeeOther)
		m, err := db.FundMessages().Get(context.Background(), "5", "EA")
		if err != nil {
			t.Fatal(err)
		}
		if m.Text != "With enforcement agent" || m.TextPublic != "Please call the rents team" || m.TextPublicCy != "Ffoniwch y tîm rhenti" {
			t.Errorf("message saved = %+v", m)
		}
		b.get("/admin/fund-messages/5:EA").want(t, http.StatusOK, "With enforcement agent", "Please call the rents team", "Ffoniwch y tîm rhenti")
	})
}
