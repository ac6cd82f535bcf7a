package admin

import (
	"net/http"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// ageingPage is the suspense ageing report: open items by age (rows) and value left (columns).
type ageingPage struct {
	Today   string
	Columns []string
	Rows    []ageingRow
	Totals  ageingRow
}

type ageingRow struct {
	Label string
	Cells []ageingCell // one per value band, then the row's total
}

type ageingCell struct {
	Count     int64
	Remaining string
}

// suspenseAgeing shows how long the money still in suspense has waited, and how much it is.
func (a *Admin) suspenseAgeing(w http.ResponseWriter, r *http.Request) {
	rep, err := a.Suspense.Ageing(r.Context(), web.PrincipalFrom(r.Context()))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	cell := func(c ims.AgeingCell) ageingCell { return ageingCell{Count: c.Count, Remaining: c.Remaining.Display()} }
	v := ageingPage{Today: ukDate(rep.Today)}
	for _, b := range ims.SuspenseValueBands {
		v.Columns = append(v.Columns, b.Label)
	}
	for i, b := range ims.SuspenseAgeBands {
		row := ageingRow{Label: b.Label}
		for _, c := range rep.Cells[i] {
			row.Cells = append(row.Cells, cell(c))
		}
		row.Cells = append(row.Cells, cell(rep.AgeTotals[i]))
		v.Rows = append(v.Rows, row)
	}
	v.Totals = ageingRow{Label: "All ages"}
	for _, c := range rep.ValueTotals {
		v.Totals.Cells = append(v.Totals.Cells, cell(c))
	}
	v.Totals.Cells = append(v.Totals.Cells, cell(rep.Total))
	a.render(w, r, http.StatusOK, "admin-suspense-ageing", "Suspense ageing", v)
}
