package cashreturns_test

import (
	"context"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// Templates come in with the configuration document (ims config load), their lines in order; a line
// naming a fund that does not exist refuses the whole document, naming the template's line; a new
// template may not take an existing code; only a SystemAdmin keeps them.
func TestTemplatesAsReferenceData(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, ps := rig(t, db)
		doc := ims.ReferenceData{CashReturnTemplates: []ims.CashReturnTemplate{{Code: "POOL", Name: "Leisure pool", Office: "CO", Cash: true,
			Lines: []ims.CashReturnTemplateLine{{Reference: "POOL-SWIM", Description: "Swimming"}, {Fund: "19", Description: "Invoices", OverrideReference: true}}}}}
		if _, err := refdata.New(db).LoadReferenceData(ctx, ims.System(), doc); err != nil {
			t.Fatal(err)
		}
		got, err := s.Template(ctx, ims.System(), "POOL")
		must(t, err)
		if len(got.Lines) != 2 || got.Lines[1].Fund != "19" || !got.Lines[1].OverrideReference || got.Lines[0].Reference != "POOL-SWIM" {
			t.Errorf("loaded template: %+v", got)
		}
		doc.CashReturnTemplates[0].Lines[0].Fund = "NOPE"
		_, err = refdata.New(db).LoadReferenceData(ctx, ims.System(), doc)
		if ims.ErrorFields(err)["cash_return_templates[0].lines[0].fund_code"] == "" {
			t.Errorf("a template line of a fund that does not exist: %v %v", err, ims.ErrorFields(err))
		}
		if err := s.PutTemplate(ctx, ims.System(), got, true); ims.ErrorFields(err)["code"] == "" {
			t.Errorf("a new template with an existing code: %v", err)
		}
		if _, err := s.Templates(ctx, ps.boss); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("an authoriser listing templates: %v; want Forbidden", err)
		}
		if err := s.SetTemplateUsers(ctx, ims.System(), "POOL", []int64{987654}); ims.ErrorFields(err)["users"] == "" {
			t.Errorf("giving a template to nobody on record: %v", err)
		}
		if err := s.SetSettings(ctx, ims.System(), ims.CashReturnSettings{CashMOP: "2", ChequeMOP: "2"}); ims.ErrorFields(err)["cash_mop"] == "" {
			t.Errorf("a cheque MOP as the cash MOP: %v", err)
		}
	})
}

// Bulk authorise authorises what it may and names each return it may not, with the reason.
func TestAuthoriseMany(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, ps := rig(t, db)
		var clerks, own []int64
		for range 2 {
			r := filled(t, s, ps.clerk)
			_, err := s.Submit(ctx, ps.clerk, r.ID)
			must(t, err)
			clerks = append(clerks, r.ID)
		}
		mine := filled(t, s, ps.boss)
		_, err := s.Submit(ctx, ps.boss, mine.ID)
		must(t, err)
		own = append(own, mine.ID)
		draft := filled(t, s, ps.clerk)
		done, refused, err := s.AuthoriseMany(ctx, ps.boss, append(append(clerks, own...), draft.ID))
		must(t, err)
		if len(done) != 2 || done[0].Status != ims.CashReturnAuthorised || len(refused) != 2 ||
			ims.ErrorCode(refused[mine.ID]) != ims.Forbidden || ims.ErrorCode(refused[draft.ID]) != ims.Conflict {
			t.Errorf("bulk: %d done, refused %v", len(done), refused)
		}
		if _, _, err := s.AuthoriseMany(ctx, ps.clerk, clerks); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("bulk by a clerk: %v; want Forbidden", err)
		}
	})
}
