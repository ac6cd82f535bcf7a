package admin

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// endOfDayCSVHeader names the CSV's columns: a section (income, or banking), then its figures. An
// income row has fund, MOP and VAT code; a banking row has channel and place.
var endOfDayCSVHeader = []string{"business_date", "section", "fund", "fund_name", "mop", "mop_name", "vat_code",
	"channel", "place", "place_name", "entries", "amount", "vat_amount"}

// endOfDayCSV answers the end of day of ?date= (today by default) as CSV: the same figures as the
// page, each cell guarded against formula injection.
func (a *Admin) endOfDayCSV(w http.ResponseWriter, r *http.Request) {
	today, err := a.today()
	if err != nil {
		a.fail(w, r, err)
		return
	}
	date, v := endOfDayDate(r.URL.Query(), today)
	if v.DateError != "" {
		a.fail(w, r, ims.FieldError("date", "%s", v.DateError))
		return
	}
	e, err := a.Reports.EndOfDay(r.Context(), web.PrincipalFrom(r.Context()), date)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	day := e.Date.Format(time.DateOnly)
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="end-of-day-`+day+`.csv"`)
	h.Set("Cache-Control", "no-store")
	rows := [][]string{endOfDayCSVHeader}
	for _, l := range e.Lines {
		rows = append(rows, []string{day, "income", l.Fund, l.FundName, l.MOP, l.MOPName, l.VATCode, "", "", "",
			strconv.FormatInt(l.Entries, 10), l.Amount.String(), l.VAT.String()})
	}
	for _, b := range e.Banking {
		rows = append(rows, []string{day, "banking", "", "", "", "", "", b.Channel, b.Place, b.PlaceName,
			strconv.FormatInt(b.Entries, 10), b.Amount.String(), ""})
	}
	cw := csv.NewWriter(w)
	for _, row := range rows {
		for i, cell := range row {
			row[i] = csvSafe(cell)
		}
		if err := cw.Write(row); err != nil {
			return // the client went away; nothing more to say to it
		}
	}
	cw.Flush()
}
