package admin

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/imports"
	"github.com/ims-council/ims/internal/web"
)

// maxPaymentUpload is the largest payment or bank file the back office accepts: a year of a busy
// council's bank statements fits. An import streams into the database; only a check of the file
// (a dry run) holds it in memory, as the imports service reads it.
const maxPaymentUpload = 200 << 20

// paymentImportNewPage is the upload form: what was chosen, its problems, and the report of a
// check; after a refused duplicate, the form to import the file again with a reason.
type paymentImportNewPage struct {
	Type    string
	Types   []selectOption
	Summary govukfrontend.ErrorSummary
	Errors  map[string]string
	Report  *dryRunView
	// Again shows the form to import the same file again with a reason, after the import of
	// DuplicateOf (0 when the refusal came from that form itself) refused it.
	Again               bool
	DuplicateOf         int64
	DuplicateHref       string
	Reason, ReasonError string
}

// dryRunView is a check's report as the page shows it.
type dryRunView struct {
	File, Format string
	Warnings     []string
	Totals       []totalRow
	Lines        linesTable
	Shown, Count int
}

// totalRow is one outcome's line count and value.
type totalRow struct {
	Outcome, TagClass, Value string
	Count                    int
}

// importLineRow is one line of an import, checked or posted.
type importLineRow struct {
	N, Statement                  int
	Date, Fund, Reference, Amount string
	Narrative, Outcome, TagClass  string
	Reason, Rule                  string
	Changes                       []string
	SuspenseHref                  string
	SuspenseItem                  int64
}

// linesTable is the lines table with its caption.
type linesTable struct {
	Caption string
	Lines   []importLineRow
}

// dryRunLinesShown is how many lines a check shows: enough for any file a person reads line by
// line; the totals count them all.
const dryRunLinesShown = 1000

// lineRow is how a line of an import reads.
func lineRow(l imports.Line) importLineRow {
	text, class := outcomeTag(l.Outcome)
	row := importLineRow{N: l.N, Statement: l.Statement, Date: l.Date, Fund: l.Fund, Reference: l.Reference,
		Amount: pounds(l.Pence), Narrative: l.Narrative, Outcome: text, TagClass: class, Reason: l.Reason, Rule: l.Rule}
	if l.Currency != "" && l.Currency != "GBP" {
		row.Amount = l.Currency + " " + l.AmountText
	}
	for _, c := range l.Changes {
		row.Changes = append(row.Changes, fmt.Sprintf("%s: %s → %s (rule %s)", c.Field, orNone(c.Old), orNone(c.New), c.Rule))
	}
	return row
}

func orNone(s string) string {
	if s == "" {
		return "(blank)"
	}
	return s
}

// totalRows are an import's totals by outcome, in the order the pages list outcomes.
func totalRows(t ims.ImportTotals) []totalRow {
	row := func(o imports.Outcome, c ims.ImportCount) totalRow {
		text, class := outcomeTag(o)
		return totalRow{Outcome: text, TagClass: class, Count: c.Count, Value: pounds(c.Pence)}
	}
	notPosted := row(imports.NotPosted, ims.ImportCount{Count: t.NotPosted})
	notPosted.Value = "not added up: it may be in other currencies"
	return []totalRow{row(imports.ToLedger, t.Ledger), row(imports.ToSuspense, t.Suspense), row(imports.Skipped, t.Skipped),
		row(imports.Debit, t.Debits), notPosted, row(imports.Held, t.Held)}
}

// paymentImportNew shows the upload form, the import type chosen in the address kept.
func (a *Admin) paymentImportNew(w http.ResponseWriter, r *http.Request) {
	a.showImportForm(w, r, http.StatusOK, paymentImportNewPage{Type: r.URL.Query().Get("type")})
}

// showImportForm renders the upload form with the enabled import types to choose from.
func (a *Admin) showImportForm(w http.ResponseWriter, r *http.Request, status int, v paymentImportNewPage) {
	setup, err := a.ImportSetup.ImportSetup(r.Context(), web.PrincipalFrom(r.Context()))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	for _, t := range setup.Types {
		if !t.Disabled {
			v.Types = append(v.Types, selectOption{Value: t.Code, Text: t.Code + " – " + t.Name, Selected: t.Code == v.Type})
		}
	}
	if v.Errors == nil {
		v.Errors = map[string]string{}
	}
	title := "Import a payment or bank file"
	if len(v.Summary.Errors) > 0 {
		title = "Error: " + title
	}
	a.render(w, r, status, "admin-imports-new", title, v)
}

// paymentUpload is what the upload form sent: its fields before the file, and the file to read as
// it arrives.
type paymentUpload struct {
	Type, Force, Reason string
	File                *multipart.Part
}

// readPaymentUpload reads the form's fields up to its file, which the form places last so the
// file can be streamed; a form without a chosen file is an Invalid error asking for one.
func readPaymentUpload(w http.ResponseWriter, r *http.Request) (paymentUpload, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxPaymentUpload)
	var up paymentUpload
	mr, err := r.MultipartReader()
	if err != nil {
		return up, ims.FieldError("file", "Choose the file to import")
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return up, ims.FieldError("file", "Choose the file to import")
		}
		if err != nil {
			return up, err
		}
		if part.FormName() == "file" {
			if part.FileName() == "" {
				return up, ims.FieldError("file", "Choose the file to import")
			}
			up.File = part
			return up, nil
		}
		value, err := io.ReadAll(io.LimitReader(part, 4<<10))
		if err != nil {
			return up, err
		}
		switch part.FormName() {
		case "type":
			up.Type = strings.TrimSpace(string(value))
		case "force":
			up.Force = string(value)
		case "reason":
			up.Reason = string(value)
		}
	}
}

// uploadProblem fills the page's error summary from err: each field's message linked to its field,
// or the message's lines (a file's every parse error) linked to the file input. It reports false
// when err is not one the form can show.
func uploadProblem(v *paymentImportNewPage, err error) (int, bool) {
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		v.Errors["file"] = fmt.Sprintf("The file must be smaller than %d MB", maxPaymentUpload>>20)
		v.Summary.Errors = append(v.Summary.Errors, govukfrontend.ErrorLink{Text: v.Errors["file"], Href: "#f-file"})
		return http.StatusRequestEntityTooLarge, true
	case ims.ErrorCode(err) != ims.Invalid:
		return 0, false
	}
	fields := ims.ErrorFields(err)
	if len(fields) == 0 {
		fields = map[string]string{"file": ims.ErrorMessage(err)}
	}
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		target := name
		if name != "type" && name != "reason" {
			target = "file"
		}
		for _, line := range strings.Split(fields[name], "\n") {
			if line = strings.TrimSpace(line); line != "" {
				v.Summary.Errors = append(v.Summary.Errors, govukfrontend.ErrorLink{Text: line, Href: "#f-" + target})
			}
		}
		if target == "reason" {
			v.ReasonError = fields[name]
		} else if v.Errors[target] == "" {
			v.Errors[target] = strings.SplitN(fields[name], "\n", 2)[0]
		}
	}
	return http.StatusUnprocessableEntity, true
}

// paymentImportCheck reads the uploaded file as its import type would, and shows what each line
// would do, writing nothing. The file is not kept: importing it means choosing it again.
func (a *Admin) paymentImportCheck(w http.ResponseWriter, r *http.Request) {
	up, err := readPaymentUpload(w, r)
	v := paymentImportNewPage{Type: up.Type, Errors: map[string]string{}}
	var rep imports.Report
	if err == nil && up.Type == "" {
		err = ims.FieldError("type", "Choose the import type")
	}
	if err == nil {
		rep, err = a.Imports.DryRun(r.Context(), web.PrincipalFrom(r.Context()), up.Type, up.File.FileName(), up.File)
	}
	if err != nil {
		status, ok := uploadProblem(&v, err)
		if !ok {
			a.fail(w, r, err)
			return
		}
		a.showImportForm(w, r, status, v)
		return
	}
	view := &dryRunView{File: rep.File, Format: rep.Format, Warnings: rep.Warnings, Totals: totalRows(rep.Totals), Count: rep.Totals.Lines}
	for i, l := range rep.Lines {
		if i == dryRunLinesShown {
			break
		}
		view.Lines.Lines = append(view.Lines.Lines, lineRow(l))
	}
	view.Lines.Caption = "What each line would do"
	view.Shown = len(view.Lines.Lines)
	v.Report = view
	a.showImportForm(w, r, http.StatusOK, v)
}

// paymentImportStart stores the uploaded file as an import and sends the user to its page, where
// its background job's progress shows. A file imported before is refused, naming the first import,
// with a form to import it again giving the reason.
func (a *Admin) paymentImportStart(w http.ResponseWriter, r *http.Request) {
	up, err := readPaymentUpload(w, r)
	v := paymentImportNewPage{Type: up.Type, Reason: up.Reason, Errors: map[string]string{}}
	var imp ims.Import
	if err == nil && up.Type == "" {
		err = ims.FieldError("type", "Choose the import type")
	}
	if err == nil {
		imp, _, err = a.Imports.Start(r.Context(), web.PrincipalFrom(r.Context()), imports.Request{ImportType: up.Type,
			FileName: up.File.FileName(), Source: ims.ImportSourceUpload, Force: up.Force == "yes", ForceReason: up.Reason}, up.File)
	}
	if dup := ims.ErrorFields(err)["duplicate_of"]; ims.ErrorCode(err) == ims.Conflict && dup != "" {
		v.Again = true
		v.DuplicateOf, _ = strconv.ParseInt(dup, 10, 64)
		v.DuplicateHref = paymentImportPath(v.DuplicateOf)
		v.Summary.Errors = []govukfrontend.ErrorLink{{Text: ims.ErrorMessage(err), Href: v.DuplicateHref}}
		a.showImportForm(w, r, http.StatusConflict, v)
		return
	}
	if err != nil {
		status, ok := uploadProblem(&v, err)
		if !ok {
			a.fail(w, r, err)
			return
		}
		// Refused while importing again (no reason given): the reason form stays in front of the person.
		v.Again = up.Force == "yes"
		a.showImportForm(w, r, status, v)
		return
	}
	a.flash(r, "File uploaded: import "+strconv.FormatInt(imp.ID, 10)+" has started")
	http.Redirect(w, r, paymentImportPath(imp.ID), http.StatusSeeOther)
}
