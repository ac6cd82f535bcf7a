package admin

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/imports"
	"github.com/ims-council/ims/internal/web"
)

// paymentImportPage is one import: its progress, result and kept lines.
type paymentImportPage struct {
	Import                 ims.Import
	State, TagClass        string
	Source, Who, When      string
	Finished, Size         string
	Percent                int64
	Refresh                string
	Totals                 []totalRow
	HeldCount              int
	HeldValue, HeldHref    string
	Held                   []string // why lines are held, each with how many
	DuplicateHref          string
	SuspenseHref           string
	CanReverse             bool
	ReverseHref            string
	Outcome                string
	Outcomes               []selectOption
	Lines                  linesTable
	Prev, Next             string
	ShowResult, ShowFilter bool
	Stopped                bool // failed: the lines read before it stopped posted nothing
}

// heldStatements says why an import's lines are held for review (a statement whose figures
// disagree: every line of it shares the reason), each reason with its number of lines.
func (a *Admin) heldStatements(r *http.Request, id int64) ([]string, error) {
	held, err := a.Imports.Lines(r.Context(), web.PrincipalFrom(r.Context()), id, imports.Held, 0, heldLinesRead)
	if err != nil {
		return nil, err
	}
	var reasons []string
	count := map[string]int{}
	for _, l := range held {
		if count[l.Reason] == 0 {
			reasons = append(reasons, l.Reason)
		}
		count[l.Reason]++
	}
	out := make([]string, len(reasons))
	for i, reason := range reasons {
		out[i] = fmt.Sprintf("%s (%d %s)", reason, count[reason], map[bool]string{true: "line", false: "lines"}[count[reason] == 1])
	}
	if len(held) == heldLinesRead {
		out = append(out, fmt.Sprintf("Only the first %d held lines are counted here.", heldLinesRead))
	}
	return out, nil
}

// heldLinesRead bounds the held lines read to say why they are held.
const heldLinesRead = 1000

// paymentImportLinesPage is how many kept lines a page of an import shows.
const paymentImportLinesPage = 100

// paymentImportDetail shows an import's progress and, once it has run, what it posted. While it
// runs a Refresh button reloads the page: the page does not reload itself, which would move a
// screen reader user back to the top every few seconds (and axe-core's meta-refresh rule refuses).
func (a *Admin) paymentImportDetail(w http.ResponseWriter, r *http.Request) {
	p := web.PrincipalFrom(r.Context())
	id, err := pathID(r, "import")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	imp, err := a.Imports.Get(r.Context(), p, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	outcome := imports.Outcome(q.Get("outcome"))
	if outcome != "" && !slices.Contains(lineOutcomes, outcome) {
		a.fail(w, r, ims.Errorf(ims.Invalid, "There is no line outcome %q", outcome))
		return
	}
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	lines, err := a.Imports.Lines(r.Context(), p, id, outcome, (page-1)*paymentImportLinesPage, paymentImportLinesPage+1)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	self := paymentImportPath(id)
	v := paymentImportPage{Import: imp, Source: sourceText(imp.Source), Who: imp.ActorName, When: ukTime(imp.CreatedAt),
		Size: fmt.Sprintf("%d bytes", imp.Size), Outcome: string(outcome), Totals: totalRows(imp.Totals),
		HeldCount: imp.Totals.Held.Count, HeldValue: pounds(imp.Totals.Held.Pence), HeldHref: self + "?outcome=held#lines",
		SuspenseHref: "/admin/suspense?import=" + strconv.FormatInt(id, 10),
		ShowResult:   imp.State == ims.ImportPosted || imp.State == ims.ImportReversed}
	v.State, v.TagClass = paymentImportState(imp.State)
	if imp.FinishedAt != nil {
		v.Finished = ukTime(*imp.FinishedAt)
	}
	if imp.RowsTotal > 0 {
		v.Percent = imp.RowsDone * 100 / imp.RowsTotal
	}
	v.Stopped = imp.State == ims.ImportFailed
	if !imp.Finished() {
		v.Refresh = self
	}
	if v.ShowResult && v.HeldCount > 0 {
		if v.Held, err = a.heldStatements(r, id); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	if imp.DuplicateOf != 0 {
		v.DuplicateHref = paymentImportPath(imp.DuplicateOf)
	}
	if imp.State == ims.ImportPosted {
		v.CanReverse, v.ReverseHref = true, self+"/reverse"
	}
	for _, o := range lineOutcomes {
		text, _ := outcomeTag(o)
		if o == imports.ToLedger {
			text += " (changed by a rule)" // the only ledger lines kept
		}
		v.Outcomes = append(v.Outcomes, selectOption{Value: string(o), Text: text, Selected: o == outcome})
	}
	v.ShowFilter = v.ShowResult && (len(lines) > 0 || outcome != "" || page > 1)
	at := func(n int) string {
		u := url.Values{}
		if outcome != "" {
			u.Set("outcome", string(outcome))
		}
		if n > 1 {
			u.Set("page", strconv.Itoa(n))
		}
		if len(u) == 0 {
			return self + "#lines"
		}
		return self + "?" + u.Encode() + "#lines"
	}
	if len(lines) > paymentImportLinesPage {
		lines = lines[:paymentImportLinesPage]
		v.Next = at(page + 1)
	}
	if page > 1 {
		v.Prev = at(page - 1)
	}
	v.Lines.Caption = "Lines kept with the import"
	for _, l := range lines {
		row := lineRow(l.Line)
		if l.SuspenseItem != 0 {
			row.SuspenseItem, row.SuspenseHref = l.SuspenseItem, suspenseItemPath(l.SuspenseItem)
		}
		v.Lines.Lines = append(v.Lines.Lines, row)
	}
	a.render(w, r, http.StatusOK, "admin-imports-detail", "Import "+strconv.FormatInt(id, 10)+": "+imp.FileName, v)
}
