package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
)

// suspenseListPage is the suspense list: the filters, the totals of every item they choose, and a
// page of items to tick for allocation.
type suspenseListPage struct {
	From, To, Reference, Narrative, Amount, Import, Status string
	Errors                                                 map[string]string
	Summary                                                govukfrontend.ErrorSummary
	Filters                                                [][]govukfrontend.TextInput // rows of three
	Count                                                  int64
	Value, Remaining                                       string
	Rows                                                   []suspenseRow
	Next, First                                            string
}

type suspenseRow struct {
	ID                                   int64
	Href, Received, Reference, Narrative string
	Amount, Remaining, Status, TagClass  string
	Open                                 bool // money left: may be ticked for allocation
}

// suspensePageSize is how many items a page of the list shows.
const suspensePageSize = 50

// suspenseList lists suspense items by received date, reference, narrative, amount, import and
// status, with the count, value and money left of all of them. A GET form, so a listing can be
// bookmarked; pages follow the id of the last item shown ("after").
func (a *Admin) suspenseList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := suspenseListPage{From: q.Get("from"), To: q.Get("to"), Reference: strings.TrimSpace(q.Get("reference")),
		Narrative: strings.TrimSpace(q.Get("narrative")), Amount: strings.TrimSpace(q.Get("amount")),
		Import: strings.TrimSpace(q.Get("import")), Status: q.Get("status"), Errors: map[string]string{}}
	f := ims.SuspenseFilter{Reference: v.Reference, Narrative: v.Narrative, Status: ims.SuspenseStatus(v.Status), Limit: suspensePageSize}
	var ok bool
	if f.From, ok = parseUKDate(v.From); !ok {
		v.Errors["from"] = "Enter the start date as day/month/year, like 3/12/2026"
	}
	if f.To, ok = parseUKDate(v.To); !ok {
		v.Errors["to"] = "Enter the end date as day/month/year, like 31/12/2026"
	}
	if f.Amount, ok = parsePounds(v.Amount); !ok || f.Amount < 0 {
		v.Errors["amount"] = "Enter the amount in pounds and pence, like 125.50"
	}
	if v.Import != "" {
		n, err := strconv.ParseInt(v.Import, 10, 64)
		if err != nil || n <= 0 {
			v.Errors["import"] = "Enter the import's number, like 42"
		}
		f.ImportID = n
	}
	if after, err := strconv.ParseInt(q.Get("after"), 10, 64); err == nil {
		f.After = after
	}
	var page ims.SuspensePage
	err := error(nil)
	if len(v.Errors) == 0 {
		page, err = a.Suspense.List(r.Context(), web.PrincipalFrom(r.Context()), f)
	}
	if ims.ErrorCode(err) == ims.Invalid {
		for k, msg := range ims.ErrorFields(err) {
			v.Errors[k] = msg
		}
	} else if err != nil {
		a.fail(w, r, err)
		return
	}
	v.Filters = suspenseFilters(v)
	if len(v.Errors) > 0 {
		for _, name := range []string{"from", "to", "reference", "narrative", "amount", "import", "status"} {
			if msg, ok := v.Errors[name]; ok {
				v.Summary.Errors = append(v.Summary.Errors, govukfrontend.ErrorLink{Text: msg, Href: "#f-" + name})
			}
		}
		a.render(w, r, http.StatusUnprocessableEntity, "admin-suspense-list", "Error: Suspense", v)
		return
	}
	v.Count, v.Value, v.Remaining = page.Totals.Count, page.Totals.Value.Display(), page.Totals.Remaining.Display()
	for _, it := range page.Items {
		status, class := statusTag(it.Status())
		v.Rows = append(v.Rows, suspenseRow{ID: it.ID, Href: suspenseItemPath(it.ID), Received: ukDate(it.Received),
			Reference: it.Reference, Narrative: it.Narrative, Amount: it.Amount.Display(), Remaining: it.Remaining().Display(),
			Status: status, TagClass: class, Open: it.Remaining() > 0})
	}
	at := func(after int64) string {
		u := url.Values{}
		for k, val := range map[string]string{"from": v.From, "to": v.To, "reference": v.Reference, "narrative": v.Narrative,
			"amount": v.Amount, "import": v.Import, "status": v.Status} {
			if val != "" {
				u.Set(k, val)
			}
		}
		if after != 0 {
			u.Set("after", strconv.FormatInt(after, 10))
		}
		return "/admin/suspense?" + u.Encode()
	}
	if page.Next != 0 {
		v.Next = at(page.Next)
	}
	if f.After != 0 {
		v.First = at(0)
	}
	a.render(w, r, http.StatusOK, "admin-suspense-list", "Suspense", v)
}

// suspenseFilters are the filter form's text fields, in rows of three, with their problems.
func suspenseFilters(v suspenseListPage) [][]govukfrontend.TextInput {
	off := false
	in := func(name, label, hint, value string, width govukfrontend.InputWidth) govukfrontend.TextInput {
		return govukfrontend.TextInput{ID: "f-" + name, Name: name, Label: label, Hint: hint, Value: value, Error: v.Errors[name],
			Spellcheck: &off, Autocomplete: "off", Width: width}
	}
	return [][]govukfrontend.TextInput{
		{in("from", "Received on or after", "For example, 3/12/2026", v.From, govukfrontend.WidthChars10),
			in("to", "Received on or before", "For example, 31/12/2026", v.To, govukfrontend.WidthChars10),
			in("amount", "Amount in pounds", "For example, 125.50", v.Amount, govukfrontend.WidthChars10)},
		{in("reference", "Reference contains", "", v.Reference, ""),
			in("narrative", "Narrative contains", "", v.Narrative, ""),
			in("import", "Import number", "", v.Import, govukfrontend.WidthChars10)},
	}
}
