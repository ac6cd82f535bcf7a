package sqldb_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// A fund's Welsh texts and a stop message's public texts are stored and read back, and the
// reference check tells the public the public text in its language and staff the staff text.
func TestWelshTextsAndPublicStopMessage(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		must(t, db.VATCodes().Put(ctx, admin, ims.VATCode{Code: "E0", Name: "Exempt"}))
		f := ims.Fund{Code: "5", Name: "Housing Rents", VATCode: "E0", AccountMustExist: true, Portal: true,
			PortalLabel: "Council home rent", PortalHelp: "On your rent statement", ReferenceLabel: "Rent account number",
			NameCy: "Rhent", PortalLabelCy: "Rhent cartref cyngor", PortalHelpCy: "Ar eich datganiad rhent",
			ReferenceLabelCy: "Rhif cyfrif rhent"}
		must(t, db.Funds().Put(ctx, admin, f))
		got, err := db.Funds().Get(ctx, "5")
		must(t, err)
		if diff := cmp.Diff(f, got); diff != "" {
			t.Errorf("fund read back differs (-put +got):\n%s", diff)
		}
		m := ims.FundMessage{Fund: "5", Code: "EA", Text: "Account with enforcement agent",
			TextPublic: "Please call the rents team", TextPublicCy: "Ffoniwch y tîm rhenti"}
		must(t, db.FundMessages().Put(ctx, admin, m))
		must(t, db.FundMessages().Put(ctx, admin, ims.FundMessage{Fund: "5", Code: "BK", Text: "Bankrupt: refer to legal"}))
		gotM, err := db.FundMessages().Get(ctx, "5", "EA")
		must(t, err)
		if gotM != m {
			t.Errorf("message read back = %+v, want %+v", gotM, m)
		}
		must(t, db.AccountHolders().Put(ctx, admin, ims.AccountHolder{Fund: "5", Reference: "1", Name: "A", StopMessage: "EA"}))
		must(t, db.AccountHolders().Put(ctx, admin, ims.AccountHolder{Fund: "5", Reference: "2", Name: "B", StopMessage: "BK"}))

		portal := ims.Principal{Name: "portal"}
		clerk := ims.Principal{UserID: 9, Funds: []string{"5"}}
		checker := db.NewReferenceChecker()
		for _, c := range []struct {
			name, ref, lang string
			p               ims.Principal
			want            string
		}{
			{"the public in English", "1", "en", portal, "Please call the rents team"},
			{"the public in Welsh", "1", "cy", portal, "Ffoniwch y tîm rhenti"},
			{"the public, no public text", "2", "en", portal, ims.NeutralStopText},
			{"the public in Welsh, no public text", "2", "cy", portal, ims.NeutralStopTextCy},
			{"staff", "1", "cy", clerk, "Account with enforcement agent"},
			{"staff, no public text", "2", "", clerk, "Bankrupt: refer to legal"},
			{"an import", "1", "", ims.System(), "Account with enforcement agent"},
		} {
			check := ims.ReferenceCheck{Fund: "5", Reference: c.ref, Lang: c.lang}
			res, err := db.CheckReference(ctx, c.p, check)
			must(t, err)
			cached, err := checker.Check(ctx, c.p, check)
			must(t, err)
			for _, r := range []ims.ReferenceResult{res, cached} {
				if r.Valid || len(r.Errors) != 1 || r.Errors[0] != c.want {
					t.Errorf("%s: answer %+v, want refused with %q", c.name, r, c.want)
				}
			}
		}
	})
}
