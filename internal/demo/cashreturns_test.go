package demo_test

import (
	"context"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/cashreturns"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// The demo has templates for a library, a car park and a cash office, and library returns in each
// state an authoriser meets: one posted yesterday, one waiting, one draft.
func TestDemoCashReturns(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		load(t, db)
		s := cashreturns.New(db)
		templates, err := s.Templates(ctx, ims.System())
		if err != nil || len(templates) != 3 {
			t.Fatalf("templates: %d %v; want library, car park and cash office", len(templates), err)
		}
		list, _, err := s.List(ctx, ims.System(), ims.CashReturnQuery{})
		if err != nil || len(list) != 3 {
			t.Fatalf("returns: %d %v", len(list), err)
		}
		got := []ims.CashReturnStatus{list[0].Status, list[1].Status, list[2].Status}
		if got[0] != ims.CashReturnDraft || got[1] != ims.CashReturnSubmitted || got[2] != ims.CashReturnAuthorised || list[2].Receipt == "" {
			t.Errorf("states newest first: %v; want draft, submitted, authorised with a receipt", got)
		}
		if list[2].LinesTotal() != 3100 || list[2].BankedTotal() != 3100 {
			t.Errorf("the posted return: lines %s, banked %s; want £31.00 both", list[2].LinesTotal(), list[2].BankedTotal())
		}
	})
}
