package admin

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/checkdigit"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/web"
)

// ReferenceData is the reference data service (internal/refdata) as the system administrators'
// pages use it. Every method checks the SystemAdmin role itself.
type ReferenceData interface {
	Funds() refdata.Records[ims.Fund]
	MOPs() refdata.Records[ims.MOP]
	VATCodes() refdata.Records[ims.VATCode]
	Offices() refdata.Records[ims.Office]
	FundGroups() refdata.Records[ims.FundGroup]
	ReferenceValidators() refdata.Records[ims.ReferenceValidator]
	CheckDigitSchemes() refdata.Records[checkdigit.Scheme]
	ProviderAccounts() refdata.Records[ims.ProviderAccount]
	SystemMessages() refdata.Records[ims.SystemMessage]
	FundMessages() refdata.Records[ims.FundMessage]
	MetadataKeys() refdata.Records[ims.MetadataKey]
	TestReference(ctx context.Context, p ims.Principal, fund, reference string) (refdata.ReferenceTest, error)
	ConfigurationProblems(ctx context.Context, p ims.Principal) ([]string, error)
	Organisation(ctx context.Context, p ims.Principal) (ims.Organisation, error)
	SetOrganisation(ctx context.Context, p ims.Principal, o ims.Organisation) error
}

// A kind is one kind of reference data as its pages show it: a list, a form to create a record, the
// same form to change one, and the delete (or disable) buttons.
type kind[T any] struct {
	slug, plural, one string // "funds", "Funds", "fund": the address, the list's title, in sentences
	intro             string // the list page's first paragraph
	records           func(ReferenceData) refdata.Records[T]
	key               func(T) string
	head              []string // the list's columns; the first is the key, linking to the record
	row               func(T) []string
	// fields returns the form's questions filled from v; creating asks for the key too.
	fields func(ctx context.Context, a *Admin, p ims.Principal, v T, creating bool) ([]field, error)
	// parse reads a posted form; key is the record's key when it is changed, "" when it is created.
	parse func(f *form, key string) T
	// tester, when set, adds the reference tester to the record's page (funds).
	tester bool
}

func (k kind[T]) base() string { return "/admin/" + k.slug }

// href is the address of the record with key: a check digit scheme's name may hold spaces.
func (k kind[T]) href(key string) string { return k.base() + "/" + url.PathEscape(key) }

// kindRoutes returns the routes of a kind's pages, all for the SystemAdmin role.
func kindRoutes[T any](a *Admin, k kind[T]) []web.Route {
	return []web.Route{
		a.page(k.base(), func(w http.ResponseWriter, r *http.Request) { listRecords(a, k, w, r) }, ims.SystemAdmin),
		a.page(k.base()+"/new", func(w http.ResponseWriter, r *http.Request) { newRecord(a, k, w, r) }, ims.SystemAdmin),
		a.action(k.base()+"/new", func(w http.ResponseWriter, r *http.Request) { saveRecord(a, k, w, r, "") }, ims.SystemAdmin),
		a.page(k.base()+"/{key}", func(w http.ResponseWriter, r *http.Request) { showRecord(a, k, w, r) }, ims.SystemAdmin),
		a.action(k.base()+"/{key}", func(w http.ResponseWriter, r *http.Request) { saveRecord(a, k, w, r, r.PathValue("key")) }, ims.SystemAdmin),
		a.action(k.base()+"/{key}/delete", func(w http.ResponseWriter, r *http.Request) { deleteRecord(a, k, w, r) }, ims.SystemAdmin),
		a.action(k.base()+"/{key}/disable", func(w http.ResponseWriter, r *http.Request) { disableRecord(a, k, w, r) }, ims.SystemAdmin),
	}
}

// listPage is a kind's list.
type listPage struct {
	Plural, One, Intro, NewHref string
	Table                       govukfrontend.Table
}

func listRecords[T any](a *Admin, k kind[T], w http.ResponseWriter, r *http.Request) {
	p := web.PrincipalFrom(r.Context())
	list, err := k.records(a.RefData).List(r.Context(), p)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	t := govukfrontend.Table{Caption: k.plural, CaptionSize: "m", FirstCellIsHeader: true}
	for _, h := range k.head {
		t.Head = append(t.Head, govukfrontend.TableHeader{Text: h})
	}
	for _, v := range list {
		cells := k.row(v)
		row := make([]govukfrontend.TableCell, len(cells))
		for i, c := range cells {
			row[i] = govukfrontend.TableCell{Text: c}
		}
		href := k.href(k.key(v))
		row[0] = govukfrontend.TableCell{HTML: template.HTML(`<a class="govuk-link" href="` +
			template.HTMLEscapeString(href) + `">` + template.HTMLEscapeString(cells[0]) + `</a>`)}
		t.Rows = append(t.Rows, row)
	}
	a.render(w, r, http.StatusOK, "admin-refdata-list", k.plural, listPage{Plural: k.plural, One: k.one,
		Intro: k.intro, NewHref: k.base() + "/new", Table: t})
}

// recordPage is the page of one record, or of a new one: its form, and for an existing record the
// delete and disable buttons and, for a fund, the reference tester.
type recordPage struct {
	Heading, One, Action, Cancel string
	Creating                     bool
	Summary                      govukfrontend.ErrorSummary
	Fields                       []field
	// DeleteAction and DisableAction are the buttons' addresses; DisableAction is empty for a kind
	// that cannot be disabled or a record already disabled.
	DeleteAction, DisableAction string
	UsedBy                      []string // what uses the record, so that it cannot be deleted
	Tester                      *testerView
}

// recordForm returns the page of record v with its fields filled, and the problems of err (an
// ims.Error) on the fields they are about and in the error summary.
func recordForm[T any](ctx context.Context, a *Admin, k kind[T], p ims.Principal, v T, key string, err error) (recordPage, error) {
	creating := key == ""
	fields, ferr := k.fields(ctx, a, p, v, creating)
	if ferr != nil {
		return recordPage{}, ferr
	}
	page := recordPage{Heading: "New " + k.one, One: k.one, Action: k.base() + "/new", Cancel: k.base(), Creating: creating}
	if !creating {
		page.Heading = capitalised(k.one) + " " + key
		page.Action = k.href(key)
		page.DeleteAction = page.Action + "/delete"
	}
	page.Fields, page.Summary = withProblems(fields, err)
	return page, nil
}

// withProblems puts the field problems of err on fields and lists every problem for the summary,
// those of no field first-hand (a code already taken, a record in use) without a link.
func withProblems(fields []field, err error) ([]field, govukfrontend.ErrorSummary) {
	var s govukfrontend.ErrorSummary
	if err == nil {
		return fields, s
	}
	problems := ims.ErrorFields(err)
	used := map[string]bool{}
	for i := range fields {
		if msg, ok := problems[fields[i].Name]; ok {
			fields[i].Error = msg
			used[fields[i].Name] = true
			s.Errors = append(s.Errors, govukfrontend.ErrorLink{Text: msg, Href: "#" + fields[i].ID()})
		}
	}
	var rest []string
	for name, msg := range problems {
		if !used[name] {
			rest = append(rest, msg)
		}
	}
	slices.Sort(rest)
	for _, msg := range rest {
		s.Errors = append(s.Errors, govukfrontend.ErrorLink{Text: msg})
	}
	if len(problems) == 0 {
		s.Errors = append(s.Errors, govukfrontend.ErrorLink{Text: ims.ErrorMessage(err)})
	}
	return fields, s
}

func newRecord[T any](a *Admin, k kind[T], w http.ResponseWriter, r *http.Request) {
	var zero T
	page, err := recordForm(r.Context(), a, k, web.PrincipalFrom(r.Context()), zero, "", nil)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.render(w, r, http.StatusOK, "admin-refdata-record", page.Heading, page)
}

func showRecord[T any](a *Admin, k kind[T], w http.ResponseWriter, r *http.Request) {
	showRecordWith(a, k, w, r, http.StatusOK, nil, nil)
}

// showRecordWith shows an existing record's page with status, the problem of err (nil for none)
// and tester (nil when no reference was tested).
func showRecordWith[T any](a *Admin, k kind[T], w http.ResponseWriter, r *http.Request, status int, problem error, tester *testerView) {
	p, key := web.PrincipalFrom(r.Context()), r.PathValue("key")
	records := k.records(a.RefData)
	v, err := records.Get(r.Context(), p, key)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	page, err := recordForm(r.Context(), a, k, p, v, key, nil)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if problem != nil {
		_, page.Summary = withProblems(nil, problem)
	}
	if page.UsedBy, err = records.Uses(r.Context(), p, key); err != nil {
		a.fail(w, r, err)
		return
	}
	if records.Disableable() && !isDisabled(page.Fields) {
		page.DisableAction = k.href(key) + "/disable"
	}
	if k.tester {
		if tester == nil {
			tester = &testerView{}
		}
		tester.Action = k.href(key) + "/test"
		page.Tester = tester
	}
	title := page.Heading
	if problem != nil {
		title = "Error: " + title
	}
	a.render(w, r, status, "admin-refdata-record", title, page)
}

// isDisabled reports whether the form's "disabled" box is ticked.
func isDisabled(fields []field) bool {
	for _, f := range fields {
		if f.Name == "disabled" {
			return f.Checked
		}
	}
	return false
}

// saveRecord creates (key "") or changes a record from the posted form; a form with problems is
// shown again with them, as it was filled in.
func saveRecord[T any](a *Admin, k kind[T], w http.ResponseWriter, r *http.Request, key string) {
	p := web.PrincipalFrom(r.Context())
	if err := r.ParseForm(); err != nil {
		a.fail(w, r, ims.Errorf(ims.Invalid, "The form could not be read"))
		return
	}
	f := newForm(r.PostForm)
	v := k.parse(f, key)
	if len(f.problems) > 0 {
		// Show the record's own problems too, not only the values that did not parse.
		if vd, ok := any(v).(interface{ Validate() error }); ok {
			for name, msg := range ims.ErrorFields(vd.Validate()) {
				f.problems.Add(name, "%s", msg)
			}
		}
	}
	err := f.problems.Err("The " + k.one + " has problems")
	records := k.records(a.RefData)
	if err == nil && key == "" {
		err = records.Create(r.Context(), p, v)
	} else if err == nil {
		err = records.Update(r.Context(), p, v)
	}
	if err == nil {
		if key == "" {
			a.flash(r, capitalised(k.one)+" "+k.key(v)+" created")
		} else {
			a.flash(r, capitalised(k.one)+" "+key+" changed")
		}
		http.Redirect(w, r, k.href(k.key(v)), http.StatusSeeOther)
		return
	}
	if c := ims.ErrorCode(err); c != ims.Invalid && c != ims.Conflict {
		a.fail(w, r, err)
		return
	}
	page, ferr := recordForm(r.Context(), a, k, p, v, key, err)
	if ferr != nil {
		a.fail(w, r, ferr)
		return
	}
	a.render(w, r, http.StatusUnprocessableEntity, "admin-refdata-record", "Error: "+page.Heading, page)
}

// deleteRecord deletes a record; one in use is refused on its page, saying what uses it and
// offering to disable it instead.
func deleteRecord[T any](a *Admin, k kind[T], w http.ResponseWriter, r *http.Request) {
	p, key := web.PrincipalFrom(r.Context()), r.PathValue("key")
	err := k.records(a.RefData).Delete(r.Context(), p, key)
	if ims.ErrorCode(err) == ims.Conflict {
		showRecordWith(a, k, w, r, http.StatusConflict, err, nil)
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.flash(r, capitalised(k.one)+" "+key+" deleted")
	http.Redirect(w, r, k.base(), http.StatusSeeOther)
}

func disableRecord[T any](a *Admin, k kind[T], w http.ResponseWriter, r *http.Request) {
	p, key := web.PrincipalFrom(r.Context()), r.PathValue("key")
	if err := k.records(a.RefData).Disable(r.Context(), p, key); err != nil {
		a.fail(w, r, err)
		return
	}
	a.flash(r, capitalised(k.one)+" "+key+" disabled")
	http.Redirect(w, r, k.href(key), http.StatusSeeOther)
}

func capitalised(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
