package admin

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// paymentImportListPage is the list of payment imports: the filters and a page of imports.
type paymentImportListPage struct {
	Type, State string
	Types       []selectOption
	States      []selectOption
	Rows        []paymentImportRow
	Next, First string
}

// A selectOption is one option of a select.
type selectOption struct {
	Value, Text string
	Selected    bool
}

type paymentImportRow struct {
	ID                                  int64
	Href, Type, File, Source, Who, When string
	State, TagClass                     string
	Ledger, Suspense, Skipped, Held     string
	LedgerN, SuspenseN, SkippedN, HeldN int
}

// paymentImportPageSize is how many imports a page of the list shows.
const paymentImportPageSize = 50

// sourceText says where an import came from.
func sourceText(s string) string {
	switch s {
	case ims.ImportSourceUpload:
		return "Upload"
	case ims.ImportSourceAPI:
		return "API"
	case ims.ImportSourceCLI:
		return "Command line"
	case ims.ImportSourceFolder:
		return "Drop folder"
	}
	return s
}

// paymentImportList lists imports newest first, filtered by type and state. A GET form, so a
// listing can be bookmarked; pages follow the id of the last import shown ("before").
func (a *Admin) paymentImportList(w http.ResponseWriter, r *http.Request) {
	p := web.PrincipalFrom(r.Context())
	q := r.URL.Query()
	v := paymentImportListPage{Type: q.Get("type"), State: q.Get("state")}
	setup, err := a.ImportSetup.ImportSetup(r.Context(), p)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	for _, t := range setup.Types {
		v.Types = append(v.Types, selectOption{Value: t.Code, Text: t.Code + " – " + t.Name, Selected: t.Code == v.Type})
	}
	for _, s := range paymentImportStates {
		text, _ := paymentImportState(s)
		v.States = append(v.States, selectOption{Value: s, Text: text, Selected: s == v.State})
	}
	if v.State != "" && !slices.Contains(paymentImportStates, v.State) {
		a.fail(w, r, ims.Errorf(ims.Invalid, "There is no import state %q", v.State))
		return
	}
	f := ims.ImportFilter{ImportType: v.Type, State: v.State, Limit: paymentImportPageSize + 1}
	if before, err := strconv.ParseInt(q.Get("before"), 10, 64); err == nil && before > 0 {
		f.Before = before
	}
	list, err := a.Imports.List(r.Context(), p, f)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	at := func(before int64) string {
		u := url.Values{}
		if v.Type != "" {
			u.Set("type", v.Type)
		}
		if v.State != "" {
			u.Set("state", v.State)
		}
		if before != 0 {
			u.Set("before", strconv.FormatInt(before, 10))
		}
		if len(u) == 0 {
			return "/admin/imports"
		}
		return "/admin/imports?" + u.Encode()
	}
	if len(list) > paymentImportPageSize {
		list = list[:paymentImportPageSize]
		v.Next = at(list[len(list)-1].ID)
	}
	if f.Before != 0 {
		v.First = at(0)
	}
	for _, i := range list {
		state, class := paymentImportState(i.State)
		t := i.Totals
		v.Rows = append(v.Rows, paymentImportRow{ID: i.ID, Href: paymentImportPath(i.ID), Type: i.ImportType, File: i.FileName,
			Source: sourceText(i.Source), Who: i.ActorName, When: ukTime(i.CreatedAt), State: state, TagClass: class,
			Ledger: pounds(t.Ledger.Pence), Suspense: pounds(t.Suspense.Pence), Skipped: pounds(t.Skipped.Pence), Held: pounds(t.Held.Pence),
			LedgerN: t.Ledger.Count, SuspenseN: t.Suspense.Count, SkippedN: t.Skipped.Count, HeldN: t.Held.Count})
	}
	a.render(w, r, http.StatusOK, "admin-imports-list", "Payment imports", v)
}
