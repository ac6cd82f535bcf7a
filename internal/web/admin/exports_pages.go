package admin

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

type exportTargetRow struct {
	Code, Name, Kind, Funds, Format string
	Disabled                        bool
}

type exportBatchRow struct {
	ID, Target, FileName, Made, Who, Total string
	Lines, Entries                         int64
	Download, Rewrite                      string
}

// exportsList shows the targets and the latest batches p may see, with "run now" for Finance.
func (a *Admin) exportsList(w http.ResponseWriter, r *http.Request) {
	p := web.PrincipalFrom(r.Context())
	targets, err := a.Exports.Targets(r.Context(), p)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	batches, err := a.Exports.Batches(r.Context(), p, "", 100)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v := struct {
		Targets []exportTargetRow
		Batches []exportBatchRow
		CanRun  bool
	}{CanRun: p.HasRole(ims.Finance)}
	for _, t := range targets {
		kind := "Ledger journal"
		if t.Kind == ims.ExportAccountPostings {
			kind = "Account postings"
		}
		funds := strings.Join(t.Funds, ", ")
		if t.Kind == ims.ExportJournal {
			funds = "All"
		}
		v.Targets = append(v.Targets, exportTargetRow{Code: t.Code, Name: t.Name, Kind: kind, Funds: funds,
			Format: strings.ToUpper(t.Layout.Format), Disabled: t.Disabled})
	}
	for _, b := range batches {
		row := exportBatchRow{ID: b.ID, Target: b.Target, FileName: b.FileName, Made: ukTime(b.CreatedAt),
			Who: b.Actor, Total: b.Total.Display(), Lines: b.Lines, Entries: b.Entries, Download: exportBatchPath(b.ID, "file")}
		if v.CanRun {
			row.Rewrite = exportBatchPath(b.ID, "rewrite")
		}
		v.Batches = append(v.Batches, row)
	}
	a.render(w, r, http.StatusOK, "admin-exports", "Exports", v)
}

func exportBatchPath(id, what string) string {
	return "/admin/exports/batches/" + url.PathEscape(id) + "/" + what
}

// exportDownload answers a batch's file, byte for byte as it was first written.
func (a *Admin) exportDownload(w http.ResponseWriter, r *http.Request) {
	b, content, err := a.Exports.Batch(r.Context(), web.PrincipalFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", b.FileName))
	h.Set("Cache-Control", "no-store")
	w.Write(content)
}

// exportRun makes the batches due now and says which, or that nothing was new.
func (a *Admin) exportRun(w http.ResponseWriter, r *http.Request) {
	made, err := a.Exports.Run(r.Context(), web.PrincipalFrom(r.Context()), r.PostFormValue("target"))
	if err != nil && len(made) == 0 {
		a.fail(w, r, err)
		return
	}
	switch {
	case err != nil:
		a.flash(r, fmt.Sprintf("Made %s, but: %s", batchIDs(made), ims.ErrorMessage(err)))
	case len(made) == 0:
		a.flash(r, "Nothing new to export: every entry is in a batch already")
	default:
		a.flash(r, "Made "+batchIDs(made))
	}
	http.Redirect(w, r, "/admin/exports", http.StatusSeeOther)
}

func batchIDs(bs []ims.ExportBatch) string {
	ids := make([]string, len(bs))
	for i, b := range bs {
		ids[i] = b.ID
	}
	return strings.Join(ids, ", ")
}

// exportRewrite writes a batch's file to the export folder again.
func (a *Admin) exportRewrite(w http.ResponseWriter, r *http.Request) {
	b, err := a.Exports.Rewrite(r.Context(), web.PrincipalFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.flash(r, "Wrote "+b.FileName+" to the export folder again")
	http.Redirect(w, r, "/admin/exports", http.StatusSeeOther)
}
