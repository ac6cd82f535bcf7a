package admin

import (
	"context"
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
)

// The import types' pages (SPEC §7.1): the list, the form a SystemAdmin creates and changes a type
// with, and for Finance the type in words; each type's page lists the rules that apply to it.

func (a *Admin) importTypeRoutes(read []ims.Role) []web.Route {
	return []web.Route{
		a.page("/admin/import-types", a.importTypesList, read...),
		a.page("/admin/import-types/new", a.importTypeNew, ims.SystemAdmin),
		a.action("/admin/import-types/new", a.importTypeSave, ims.SystemAdmin),
		a.page("/admin/import-types/{code}", a.importTypeShow, read...),
		a.action("/admin/import-types/{code}", a.importTypeSave, ims.SystemAdmin),
		a.action("/admin/import-types/{code}/enabled", a.importTypeEnable, ims.SystemAdmin),
	}
}

// allpayChannels are the channel letters of an allpay file (SPEC §7.2), each with what it means.
var allpayChannels = []struct{ letter, name string }{
	{"P", "Post Office"}, {"C", "cash adjustment"}, {"Q", "returned cheque"}, {"T", "PayPoint"},
	{"Z", "Payzone"}, {"N", "IVR"}, {"B", "bills online"},
}

func typeHref(code string) string { return "/admin/import-types/" + url.PathEscape(code) }

// formatText is how a type's format reads: "bankcsv (barclays)".
func formatText(t ims.ImportType) string {
	if t.BankCSVProfile != "" {
		return t.Format + " (" + t.BankCSVProfile + ")"
	}
	return t.Format
}

type typesListPage struct {
	Table     govukfrontend.Table
	CanChange bool
}

func (a *Admin) importTypesList(w http.ResponseWriter, r *http.Request) {
	setup, err := a.ImportSetup.ImportSetup(r.Context(), web.PrincipalFrom(r.Context()))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	t := govukfrontend.Table{Caption: "Import types", CaptionSize: "m", FirstCellIsHeader: true}
	for _, h := range []string{"Code", "Name", "Format", "Default fund", "Method of payment", "Office", "Status"} {
		t.Head = append(t.Head, govukfrontend.TableHeader{Text: h})
	}
	for _, it := range setup.Types {
		fund := it.Fund
		if fund == "" {
			fund = "(none: to suspense)"
		}
		t.Rows = append(t.Rows, []govukfrontend.TableCell{{HTML: template.HTML(`<a class="govuk-link" href="` + template.HTMLEscapeString(typeHref(it.Code)) + `">` + template.HTMLEscapeString(it.Code) + `</a>`)}, {Text: it.Name},
			{Text: formatText(it)}, {Text: fund}, {Text: it.DefaultMOP}, {Text: it.DefaultOffice}, {Text: status(it.Disabled)}})
	}
	a.render(w, r, http.StatusOK, "admin-importtypes-list", "Import types", typesListPage{Table: t, CanChange: canChange(r)})
}

// typePage is an import type's page.
type typePage struct {
	Heading, Action string
	Creating        bool
	Summary         govukfrontend.ErrorSummary
	Fields          []field
	About           []fieldValue // Finance: the type in words
	Rules           []ruleRow    // the rules that apply to it, in order
	EnableAction    string
	Disabled        bool
	Saved           bool
}

// typeFields are the form's questions filled from t.
func (a *Admin) typeFields(ctx context.Context, p ims.Principal, t ims.ImportType, creating bool) ([]field, error) {
	funds, err := a.RefData.Funds().List(ctx, p)
	if err != nil {
		return nil, err
	}
	mops, err := a.RefData.MOPs().List(ctx, p)
	if err != nil {
		return nil, err
	}
	offices, err := a.RefData.Offices().List(ctx, p)
	if err != nil {
		return nil, err
	}
	var fc, fn, mc, mn, oc, on []string
	for _, f := range funds {
		fc, fn = append(fc, f.Code), append(fn, f.Name)
	}
	for _, m := range mops {
		mc, mn = append(mc, m.Code), append(mn, m.Name)
	}
	for _, o := range offices {
		oc, on = append(oc, o.Code), append(on, o.Name)
	}
	format := t.Format
	if t.BankCSVProfile != "" {
		format += ":" + t.BankCSVProfile
	}
	var fcodes, fnames []string
	for _, f := range ims.ImportFormats() {
		fcodes, fnames = append(fcodes, f), append(fnames, formatNames[f])
		if f == ims.FormatBankCSV {
			for _, pr := range ims.BankCSVProfiles() {
				fcodes, fnames = append(fcodes, f+":"+pr), append(fnames, "bank CSV, "+pr+" profile")
			}
		}
	}
	var fs []field
	if creating {
		fs = append(fs, field{Name: "code", Label: "Code", Hint: "Up to 20 letters, digits, '-' or '_', such as ALLPAY", Kind: textField, Value: t.Code, Width: govukfrontend.WidthChars20})
	}
	fs = append(fs,
		field{Name: "name", Label: "Name", Kind: textField, Value: t.Name, Width: govukfrontend.WidthTwoThirds},
		field{Name: "format", Label: "Format", Hint: "How its files are read. A bank CSV without a profile is told from the file's header.", Kind: selectField, Options: choices(format, creating, fcodes, fnames)},
		field{Name: "fund", Label: "Fund its lines go to", Hint: "The account a bank statement belongs to, or the fund of a payment file. None: lines that name no fund and meet no rule go to suspense.", Kind: selectField, Options: choices(t.Fund, true, fc, fn), Autocomplete: true},
		field{Name: "default_mop", Label: "Method of payment", Hint: "Of lines whose file names none", Kind: selectField, Options: choices(t.DefaultMOP, true, mc, mn)},
		field{Name: "default_office", Label: "Office", Kind: selectField, Options: choices(t.DefaultOffice, true, oc, on)},
	)
	for i, ch := range allpayChannels {
		f := field{Name: "channel_" + ch.letter, Label: fmt.Sprintf("allpay channel %s (%s): method of payment", ch.letter, ch.name), Kind: selectField,
			Options: choices(t.ChannelMOPs[ch.letter], true, mc, mn)}
		if i == 0 {
			f.Hint = "allpay format only. A channel left at (none) takes the method of payment above."
		}
		fs = append(fs, f)
	}
	return append(fs,
		field{Name: "drop_folder", Label: "Drop folder (optional)", Hint: "A folder under the import directory watched for this type's files", Kind: textField, Value: t.DropFolder, Width: govukfrontend.WidthChars20},
		field{Name: "disabled", Label: "Disabled: no new imports of this type", Kind: checkboxField, Checked: t.Disabled},
	), nil
}

// formatNames say what each format is.
var formatNames = map[string]string{"camt053": "bank statement, ISO 20022 camt.053", "dwp": "DWP deductions schedule (Excel)",
	"bai2": "bank statement, BAI2", "mt940": "bank statement, SWIFT MT940", "imscsv": "IMS CSV", "allpay": "allpay daily file",
	"bankcsv": "bank CSV, profile told from the file"}

func parseImportType(f *form, code string) ims.ImportType {
	if code == "" {
		code = strings.ToUpper(f.text("code"))
	}
	format, profile, _ := strings.Cut(f.text("format"), ":")
	t := ims.ImportType{Code: code, Name: f.text("name"), Format: format, BankCSVProfile: profile, Fund: f.text("fund"),
		DefaultMOP: f.text("default_mop"), DefaultOffice: f.text("default_office"), DropFolder: f.text("drop_folder"), Disabled: f.check("disabled")}
	for _, ch := range allpayChannels {
		if m := f.text("channel_" + ch.letter); m != "" {
			if t.ChannelMOPs == nil {
				t.ChannelMOPs = map[string]string{}
			}
			t.ChannelMOPs[ch.letter] = m
		}
	}
	return t
}

// typeProblems puts a problem of the profile on the format question and one of the channels on
// the first channel's, where the form asks them.
func typeProblems(err error) error {
	fields := ims.ErrorFields(err)
	if len(fields) == 0 {
		return err
	}
	p := ims.Problems{}
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		to := name
		switch name {
		case "bank_csv_profile":
			to = "format"
		case "channel_mops":
			to = "channel_" + allpayChannels[0].letter
		}
		p.Add(to, "%s", fields[name])
	}
	return p.Err(ims.ErrorMessage(err))
}

func (a *Admin) showTypeForm(w http.ResponseWriter, r *http.Request, code int, t ims.ImportType, key string, err error) {
	p := web.PrincipalFrom(r.Context())
	pg := typePage{Heading: "New import type", Action: "/admin/import-types/new", Creating: key == ""}
	if canChange(r) {
		fields, ferr := a.typeFields(r.Context(), p, t, pg.Creating)
		if ferr != nil {
			a.fail(w, r, ferr)
			return
		}
		pg.Fields, pg.Summary = withProblems(fields, typeProblems(err))
	}
	if key != "" {
		setup, serr := a.ImportSetup.ImportSetup(r.Context(), p)
		if serr != nil {
			a.fail(w, r, serr)
			return
		}
		pg.Heading, pg.Action, pg.Saved = "Import type "+key, typeHref(key), true
		pg.EnableAction, pg.Disabled = typeHref(key)+"/enabled", t.Disabled
		for _, ru := range setup.Rules {
			if len(ru.ImportTypes) == 0 || slices.Contains(ru.ImportTypes, key) {
				pg.Rules = append(pg.Rules, ruleRow{Code: ru.Code, Name: ru.Name, When: ruleWhen(ru), Does: ruleDoes(ru),
					Enabled: ru.Enabled, Href: ruleHref(ru.Code), Types: ruleTypes(ru)})
			}
		}
		if !canChange(r) {
			channels := make([]string, 0, len(t.ChannelMOPs))
			for _, ch := range slices.Sorted(maps.Keys(t.ChannelMOPs)) {
				channels = append(channels, ch+" → "+t.ChannelMOPs[ch])
			}
			pg.About = []fieldValue{{"Name", t.Name}, {"Format", formatText(t)}, {"Fund", t.Fund}, {"Method of payment", t.DefaultMOP},
				{"Office", t.DefaultOffice}, {"allpay channels", strings.Join(channels, ", ")}, {"Drop folder", t.DropFolder}, {"Status", status(t.Disabled)}}
		}
	}
	title := pg.Heading
	if err != nil {
		title = "Error: " + title
	}
	a.render(w, r, code, "admin-importtypes-form", title, pg)
}

func (a *Admin) importTypeNew(w http.ResponseWriter, r *http.Request) {
	a.showTypeForm(w, r, http.StatusOK, ims.ImportType{}, "", nil)
}

// importTypeShow shows a type: its form to a SystemAdmin, the type in words to Finance. Finance
// cannot read one type through the SystemAdmin's records, so it is found in the setup.
func (a *Admin) importTypeShow(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	setup, err := a.ImportSetup.ImportSetup(r.Context(), web.PrincipalFrom(r.Context()))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	i := slices.IndexFunc(setup.Types, func(t ims.ImportType) bool { return t.Code == code })
	if i < 0 {
		a.fail(w, r, ims.Errorf(ims.NotFound, "Import type %s does not exist", code))
		return
	}
	a.showTypeForm(w, r, http.StatusOK, setup.Types[i], code, nil)
}

func (a *Admin) importTypeSave(w http.ResponseWriter, r *http.Request) {
	p, code := web.PrincipalFrom(r.Context()), r.PathValue("code")
	if err := r.ParseForm(); err != nil {
		a.fail(w, r, ims.Errorf(ims.Invalid, "The form could not be read"))
		return
	}
	t := parseImportType(newForm(r.PostForm), code)
	var err error
	if code == "" {
		err = a.ImportSetup.ImportTypes().Create(r.Context(), p, t)
	} else {
		err = a.ImportSetup.ImportTypes().Update(r.Context(), p, t)
	}
	if c := ims.ErrorCode(err); err != nil && c != ims.Invalid && c != ims.Conflict {
		a.fail(w, r, err)
		return
	}
	if err != nil {
		a.showTypeForm(w, r, http.StatusUnprocessableEntity, t, code, err)
		return
	}
	if code == "" {
		a.flash(r, "Import type "+t.Code+" created")
	} else {
		a.flash(r, "Import type "+code+" changed")
	}
	http.Redirect(w, r, typeHref(t.Code), http.StatusSeeOther)
}

// importTypeEnable enables or disables a type (enabled=yes or no).
func (a *Admin) importTypeEnable(w http.ResponseWriter, r *http.Request) {
	p, code := web.PrincipalFrom(r.Context()), r.PathValue("code")
	types := a.ImportSetup.ImportTypes()
	t, err := types.Get(r.Context(), p, code)
	if err == nil {
		t.Disabled = r.PostFormValue("enabled") != "yes"
		err = types.Update(r.Context(), p, t)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if t.Disabled {
		a.flash(r, "Import type "+code+" disabled")
	} else {
		a.flash(r, "Import type "+code+" enabled")
	}
	http.Redirect(w, r, typeHref(code), http.StatusSeeOther)
}
