package admin

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// maxHolderUpload is the largest account holder file the back office accepts: a million holders
// with long addresses fit. The file goes straight into the database, never wholly into memory.
const maxHolderUpload = 512 << 20

// holderImportsPage lists past imports under the upload form.
type holderImportsPage struct {
	Imports []holderImportRow
	Error   string
}

type holderImportRow struct {
	Href, FileName, Who, When, State, Counts string
	Failed, Done                             bool
}

func (a *Admin) importRow(i ims.AccountHolderImport) holderImportRow {
	return holderImportRow{Href: fmt.Sprintf("/admin/account-holders/imports/%d", i.ID), FileName: i.FileName, Who: i.ActorName,
		When: ukTime(i.CreatedAt), State: importStateText(i), Failed: i.State == ims.ImportFailed, Done: i.State == ims.ImportDone,
		Counts: fmt.Sprintf("%d created, %d updated, %d unchanged, %d refused", i.Created, i.Updated, i.Unchanged, i.Refused)}
}

// importStateText says where an import is, as staff read it.
func importStateText(i ims.AccountHolderImport) string {
	switch i.State {
	case ims.ImportQueued:
		return "Waiting to start"
	case ims.ImportRunning:
		return "Importing"
	case ims.ImportDone:
		return "Done"
	}
	return "Failed"
}

// holderImports shows the upload form and the latest imports.
func (a *Admin) holderImports(w http.ResponseWriter, r *http.Request) {
	a.showImports(w, r, http.StatusOK, "")
}

func (a *Admin) showImports(w http.ResponseWriter, r *http.Request, status int, problem string) {
	list, err := a.AccountHolders.Imports(r.Context(), web.PrincipalFrom(r.Context()), 50)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v := holderImportsPage{Error: problem}
	for _, i := range list {
		v.Imports = append(v.Imports, a.importRow(i))
	}
	title := "Import account holders"
	if problem != "" {
		title = "Error: " + title
	}
	a.render(w, r, status, "admin-accountholders-imports", title, v)
}

// holderImportUpload takes an uploaded account holder file, streaming it into the database, and
// sends the user to the import's page, where its background job's progress shows.
func (a *Admin) holderImportUpload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxHolderUpload)
	part, err := uploadedFile(r, "file")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			a.showImports(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("The file must be smaller than %d MB", maxHolderUpload>>20))
			return
		}
		a.showImports(w, r, http.StatusUnprocessableEntity, ims.ErrorMessage(err))
		return
	}
	imp, err := a.AccountHolders.StartImport(r.Context(), web.PrincipalFrom(r.Context()), part.FileName(), part)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		a.showImports(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("The file must be smaller than %d MB", maxHolderUpload>>20))
		return
	case err != nil:
		a.fail(w, r, err)
		return
	}
	a.flash(r, "File uploaded: the import has started")
	http.Redirect(w, r, fmt.Sprintf("/admin/account-holders/imports/%d", imp.ID), http.StatusSeeOther)
}

// uploadedFile returns the part of a multipart form holding the file field, to read as it
// arrives; a form without a chosen file is an Invalid error asking for one.
func uploadedFile(r *http.Request, field string) (*multipart.Part, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, ims.FieldError(field, "Choose a CSV file to import")
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil, ims.FieldError(field, "Choose a CSV file to import")
		}
		if err != nil {
			return nil, err
		}
		if part.FormName() == field {
			if part.FileName() == "" {
				return nil, ims.FieldError(field, "Choose a CSV file to import")
			}
			return part, nil
		}
	}
}

// holderImportPage is one import: its progress, counts and line outcomes, refused lines first.
type holderImportPage struct {
	Row        holderImportRow
	Import     ims.AccountHolderImport
	Percent    int64
	Lines      []ims.AccountHolderImportLine
	Prev, Next string
	Refresh    string
}

// importLinesPage is how many line outcomes a page of an import shows.
const importLinesPage = 100

// holderImport shows an import's progress and outcomes. While it runs, a Refresh link reloads the
// page: it does not reload by itself, which would move a screen reader user back to the top.
func (a *Admin) holderImport(w http.ResponseWriter, r *http.Request) {
	p := web.PrincipalFrom(r.Context())
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		a.fail(w, r, ims.Errorf(ims.NotFound, "There is no account holder import %q", r.PathValue("id")))
		return
	}
	imp, err := a.AccountHolders.Import(r.Context(), p, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	lines, err := a.AccountHolders.ImportLines(r.Context(), p, id, (page-1)*importLinesPage, importLinesPage+1)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	self := fmt.Sprintf("/admin/account-holders/imports/%d", id)
	v := holderImportPage{Row: a.importRow(imp), Import: imp, Lines: lines}
	if imp.RowsTotal > 0 {
		v.Percent = imp.RowsDone * 100 / imp.RowsTotal
	}
	if len(lines) > importLinesPage {
		v.Lines = lines[:importLinesPage]
		v.Next = fmt.Sprintf("%s?page=%d", self, page+1)
	}
	if page > 1 {
		v.Prev = fmt.Sprintf("%s?page=%d", self, page-1)
	}
	if !imp.Finished() {
		v.Refresh = self
	}
	a.render(w, r, http.StatusOK, "admin-accountholders-import", "Account holder import "+strconv.FormatInt(id, 10), v)
}
