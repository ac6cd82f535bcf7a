package suspense_test

import (
	"context"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/money"
)

func TestAgeingCountsOpenItemsByAgeAndValue(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		clock := db.Clock.(*sqldbtest.Clock)
		clock.Set(time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC))
		s := rig(t, db)
		received := func(y int, m time.Month, d int, amount money.Pence) ims.SuspenseItem {
			it, _, err := s.Create(ctx, finance, ims.NewSuspenseItem{Amount: amount, Received: time.Date(y, m, d, 0, 0, 0, 0, time.UTC),
				Reference: "X", Narrative: "BGC", MOP: "BK", Reason: "Unknown"})
			must(t, err)
			return it
		}
		received(2026, 6, 30, 999)    // today, under £10
		received(2026, 6, 23, 1000)   // 7 days, £10 exactly: £10 to £100
		received(2026, 5, 31, 9999)   // 30 days
		received(2026, 5, 30, 10000)  // 31 days, £100 exactly
		received(2025, 6, 30, 100001) // 365 days, over £1,000
		received(2025, 6, 29, 250)    // 366 days: over a year
		part := received(2026, 6, 1, 5000)
		full := received(2026, 6, 1, 7000)
		_, _, err := s.Allocate(ctx, finance, ims.SuspenseAllocationRequest{Items: take(full, part),
			Lines: []ims.AllocationLine{line("19", "SI/26/00412", 7000+4000)}})
		must(t, err)

		r, err := s.Ageing(ctx, finance)
		must(t, err)
		c := func(age, value int) ims.AgeingCell { return r.Cells[age][value] }
		cell := func(n int64, left money.Pence) ims.AgeingCell { return ims.AgeingCell{Count: n, Remaining: left} }
		want := map[[2]int]ims.AgeingCell{
			{0, 0}: cell(1, 999), {0, 1}: cell(1, 1000),
			{1, 1}: cell(2, 9999+1000), // 30 days, and the part-allocated item's £10 left
			{2, 2}: cell(1, 10000), {3, 3}: cell(1, 100001), {4, 0}: cell(1, 250),
		}
		for a := range ims.SuspenseAgeBands {
			for v := range ims.SuspenseValueBands {
				if got := c(a, v); got != want[[2]int{a, v}] {
					t.Errorf("%s, %s: %+v; want %+v", ims.SuspenseAgeBands[a].Label, ims.SuspenseValueBands[v].Label, got, want[[2]int{a, v}])
				}
			}
		}
		if r.Total != (ims.AgeingCell{Count: 7, Remaining: 999 + 1000 + 9999 + 1000 + 10000 + 100001 + 250}) {
			t.Errorf("total %+v (the fully allocated item must not count)", r.Total)
		}
		if r.AgeTotals[1] != (ims.AgeingCell{Count: 2, Remaining: 10999}) || r.ValueTotals[1] != (ims.AgeingCell{Count: 3, Remaining: 11999}) {
			t.Errorf("band totals: ages %+v values %+v", r.AgeTotals, r.ValueTotals)
		}

		// Half past midnight in London (BST) is still the 30th in UTC: the business date is
		// London's, so the item received on the 23rd is now 8 days old (and the one of 31 May 31).
		clock.Set(time.Date(2026, 6, 30, 23, 30, 0, 0, time.UTC))
		r, err = s.Ageing(ctx, finance)
		must(t, err)
		if got := r.Cells[0][1]; got.Count != 0 || r.Cells[1][1] != (ims.AgeingCell{Count: 2, Remaining: 2000}) {
			t.Errorf("after midnight in London: 0-7 days %+v, 8-30 days %+v", got, r.Cells[1][1])
		}

		if _, err := s.Ageing(ctx, auditor); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("an auditor's ageing report: %v; want Forbidden", err)
		}
	})
}
