package admin

import (
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
	"github.com/ims-council/ims/money"
)

// Without JavaScript the form offers this many blank allocation lines and credit notes; "Add
// another" sends the form back to be shown with one more.
const (
	blankAllocationLines = 5
	blankCreditNotes     = 1
	maxAllocationLines   = 100
)

// allocatePage is the form that allocates the chosen items to lines, less credit notes.
type allocatePage struct {
	Summary                govukfrontend.ErrorSummary
	Conflict               string // someone allocated from an item meanwhile: what to do now
	Items                  []allocateItem
	Left                   string
	Lines, CreditNotes     []allocLine
	LineCount, CreditCount int
	Narrative, Key         string
}

type allocateItem struct {
	ID, Version                                  int64
	Href, Received, Reference, Amount, Remaining string
}

// An allocLine is one line or credit note of the form: its fields, named as the service names
// their problems ("lines[2].reference"), so a problem lands on its field.
type allocLine struct {
	Legend string
	Fields []allocField
}

type allocField struct {
	ID, Name, Label, Value, Error string
	Select                        bool
	Autocomplete                  bool
	Options                       []allocOption
	Width                         string
}

type allocOption struct {
	Value, Text string
	Selected    bool
}

// lineValues are what was typed on one line.
type lineValues map[string]string

var lineFields = []string{"fund_code", "reference", "mop_code", "vat_code", "narrative", "amount"}

// allocateForm are the values of a posted (or first shown) allocation form.
type allocateForm struct {
	Takes       []ims.SuspenseTake
	Lines       []lineValues
	CreditNotes []lineValues
	Narrative   string
	Key         string
}

// suspenseAllocateForm shows the allocation form for the items ticked on the list (?item=3&item=4).
func (a *Admin) suspenseAllocateForm(w http.ResponseWriter, r *http.Request) {
	f := allocateForm{Key: newFormKey(), Lines: make([]lineValues, blankAllocationLines), CreditNotes: make([]lineValues, blankCreditNotes)}
	for _, s := range r.URL.Query()["item"] {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			a.fail(w, r, ims.Errorf(ims.NotFound, "There is no suspense item %q", s))
			return
		}
		f.Takes = append(f.Takes, ims.SuspenseTake{ID: id}) // the version is read with the item
	}
	if len(f.Takes) == 0 {
		a.fail(w, r, ims.Errorf(ims.Invalid, "Choose at least one suspense item to allocate: go back and tick the items"))
		return
	}
	a.showAllocateForm(w, r, http.StatusOK, f, true, nil, false)
}

// suspenseAllocate allocates, or shows the form again with one more line ("add"), with the
// problems named on their lines, or — when someone allocated from an item since the form was
// shown — with the items as they are now and everything typed kept.
func (a *Admin) suspenseAllocate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		a.fail(w, r, ims.Errorf(ims.Invalid, "The form could not be read. Go back and try again."))
		return
	}
	f := readAllocateForm(r)
	switch r.PostFormValue("add") {
	case "line":
		if len(f.Lines) < maxAllocationLines {
			f.Lines = append(f.Lines, lineValues{})
		}
		a.showAllocateForm(w, r, http.StatusOK, f, false, nil, false)
		return
	case "credit":
		if len(f.CreditNotes) < maxAllocationLines {
			f.CreditNotes = append(f.CreditNotes, lineValues{})
		}
		a.showAllocateForm(w, r, http.StatusOK, f, false, nil, false)
		return
	}
	req, err := f.request()
	if err == nil {
		var res ims.AllocationResult
		res, _, err = a.Suspense.Allocate(r.Context(), web.PrincipalFrom(r.Context()), req.SuspenseAllocationRequest)
		if err == nil {
			a.flash(r, allocatedMessage(res))
			http.Redirect(w, r, suspenseItemPath(res.Items[0].ID), http.StatusSeeOther)
			return
		}
		err = req.formProblems(err)
	}
	switch ims.ErrorCode(err) {
	case ims.Invalid:
		a.showAllocateForm(w, r, http.StatusUnprocessableEntity, f, false, err, false)
	case ims.Conflict:
		// The items are read again and their new versions carried on: the person sees what is
		// left now and allocates again from those figures, with the lines they typed, under a new
		// key (the old one may belong to an allocation this form already made).
		f.Key = newFormKey()
		a.showAllocateForm(w, r, http.StatusConflict, f, true, nil, true)
	default:
		a.fail(w, r, err)
	}
}

// allocatedMessage is the success banner: how much went, from which items, and the receipt.
func allocatedMessage(res ims.AllocationResult) string {
	var parts []string
	for _, it := range res.Items {
		status, _ := statusTag(it.Status())
		parts = append(parts, fmt.Sprintf("item %d %s (%s left)", it.ID, strings.ToLower(status), it.Remaining().Display()))
	}
	return fmt.Sprintf("%s allocated, receipt %s: %s", res.Amount.Display(), res.Receipt, strings.Join(parts, "; "))
}

func readAllocateForm(r *http.Request) allocateForm {
	f := allocateForm{Narrative: strings.TrimSpace(r.PostFormValue("narrative")), Key: r.PostFormValue("key")}
	for _, s := range r.PostForm["item"] {
		id, _ := strconv.ParseInt(s, 10, 64)
		version, _ := strconv.ParseInt(r.PostFormValue("version_"+s), 10, 64)
		f.Takes = append(f.Takes, ims.SuspenseTake{ID: id, Version: version})
	}
	read := func(prefix, countName string) []lineValues {
		n, _ := strconv.Atoi(r.PostFormValue(countName))
		n = min(max(n, 1), maxAllocationLines)
		lines := make([]lineValues, n)
		for i := range lines {
			lines[i] = lineValues{}
			for _, k := range lineFields {
				lines[i][k] = strings.TrimSpace(r.PostFormValue(fmt.Sprintf("%s[%d].%s", prefix, i, k)))
			}
		}
		return lines
	}
	f.Lines, f.CreditNotes = read("lines", "line_count"), read("credit_notes", "credit_count")
	return f
}

// allocateRequest is the service's request with where each of its lines came from on the form:
// blank lines are left out, so the service's lines[1] may be the form's third.
type allocateRequest struct {
	ims.SuspenseAllocationRequest
	lineAt, creditAt []int
}

// request reads the typed lines into the service's request; an amount that is not money is
// reported on its field.
func (f allocateForm) request() (allocateRequest, error) {
	req := allocateRequest{SuspenseAllocationRequest: ims.SuspenseAllocationRequest{Items: f.Takes, Narrative: f.Narrative,
		IdempotencyKey: f.Key}}
	problems := ims.Problems{}
	read := func(prefix string, lines []lineValues, to *[]ims.AllocationLine, at *[]int) {
		for i, l := range lines {
			if l.blank() {
				continue
			}
			amount, ok := parsePounds(l["amount"])
			if !ok {
				problems.Add(fmt.Sprintf("%s[%d].amount", prefix, i), "Enter the amount in pounds and pence, like 125.50")
			}
			*to = append(*to, ims.AllocationLine{Fund: l["fund_code"], Reference: l["reference"], MOP: l["mop_code"],
				VATCode: l["vat_code"], Narrative: l["narrative"], Amount: amount})
			*at = append(*at, i)
		}
	}
	read("lines", f.Lines, &req.Lines, &req.lineAt)
	read("credit_notes", f.CreditNotes, &req.CreditNotes, &req.creditAt)
	return req, problems.Err("The allocation cannot be made")
}

func (l lineValues) blank() bool {
	for _, v := range l {
		if v != "" {
			return false
		}
	}
	return true
}

var lineField = regexp.MustCompile(`^(lines|credit_notes)\[(\d+)\]\.(.+)$`)

// formProblems renames the service's problems from its request's lines to the form's lines.
func (req allocateRequest) formProblems(err error) error {
	fields := ims.ErrorFields(err)
	if ims.ErrorCode(err) != ims.Invalid || len(fields) == 0 {
		return err
	}
	problems := ims.Problems{}
	for name, msg := range fields {
		if m := lineField.FindStringSubmatch(name); m != nil {
			i, _ := strconv.Atoi(m[2])
			at := req.lineAt
			if m[1] == "credit_notes" {
				at = req.creditAt
			}
			if i < len(at) {
				name = fmt.Sprintf("%s[%d].%s", m[1], at[i], m[3])
			}
		}
		problems.Add(name, "%s", msg)
	}
	return problems.Err(ims.ErrorMessage(err))
}

// fieldID is the id of a form field: the name without the brackets and dots of the line fields.
func fieldID(name string) string {
	return "f-" + strings.NewReplacer("[", "-", "]", "", ".", "-").Replace(name)
}

func (a *Admin) showAllocateForm(w http.ResponseWriter, r *http.Request, status int, f allocateForm, freshVersions bool, err error, conflict bool) {
	p := web.PrincipalFrom(r.Context())
	choices, cerr := a.Suspense.Choices(r.Context(), p)
	if cerr != nil {
		a.fail(w, r, cerr)
		return
	}
	pg := allocatePage{Narrative: f.Narrative, Key: f.Key, LineCount: len(f.Lines), CreditCount: len(f.CreditNotes)}
	var left money.Pence
	var moved []string // items allocated since the form was shown
	for _, take := range f.Takes {
		it, gerr := a.Suspense.Get(r.Context(), p, take.ID)
		if gerr != nil {
			a.fail(w, r, gerr)
			return
		}
		version := take.Version
		if freshVersions {
			version = it.Version
		}
		if conflict && it.Version != take.Version {
			moved = append(moved, itemNumber(it.ID))
		}
		left += it.Remaining()
		pg.Items = append(pg.Items, allocateItem{ID: it.ID, Version: version, Href: suspenseItemPath(it.ID), Received: ukDate(it.Received),
			Reference: it.Reference, Amount: it.Amount.Display(), Remaining: it.Remaining().Display()})
	}
	pg.Left = left.Display()
	switch {
	case !conflict:
	case len(moved) > 0:
		pg.Conflict = "Money was allocated from item " + strings.Join(moved, ", ") + " after you opened this form, so nothing was allocated now. " +
			"The items below show what is left now and your lines are kept: check them, then allocate again."
	default:
		pg.Conflict = "Nothing was allocated: this form was already used, or the items changed meanwhile. " +
			"The items below show what is left now and your lines are kept: check them, then allocate again."
	}
	problems := ims.ErrorFields(err)
	fundOptions := func(funds []ims.Fund, chosen string) []allocOption {
		opts := []allocOption{{Value: "", Text: "Choose a fund"}}
		for _, fd := range funds {
			opts = append(opts, allocOption{Value: fd.Code, Text: fd.Code + " " + fd.Name, Selected: fd.Code == chosen})
		}
		return opts
	}
	mopOptions := func(chosen string) []allocOption {
		opts := []allocOption{{Value: "", Text: "As the item arrived"}}
		for _, m := range choices.MOPs {
			opts = append(opts, allocOption{Value: m.Code, Text: m.Name + " (" + m.Code + ")", Selected: m.Code == chosen})
		}
		return opts
	}
	vatOptions := func(chosen string) []allocOption {
		opts := []allocOption{{Value: "", Text: "The fund's"}}
		for _, v := range choices.VATCodes {
			opts = append(opts, allocOption{Value: v.Code, Text: v.Code + " " + v.Name, Selected: v.Code == chosen})
		}
		return opts
	}
	build := func(prefix, legend string, lines []lineValues, funds []ims.Fund, full bool) []allocLine {
		var out []allocLine
		for i, l := range lines {
			field := func(k, label string) allocField {
				name := fmt.Sprintf("%s[%d].%s", prefix, i, k)
				return allocField{ID: fieldID(name), Name: name, Label: label, Value: l[k], Error: problems[name]}
			}
			fund := field("fund_code", "Fund")
			fund.Select, fund.Autocomplete, fund.Options = true, true, fundOptions(funds, l["fund_code"])
			ref := field("reference", "Reference")
			amount := field("amount", "Amount in pounds")
			amount.Width = "govuk-input--width-10"
			narrative := field("narrative", "Narrative (optional)")
			line := allocLine{Legend: fmt.Sprintf("%s %d", legend, i+1), Fields: []allocField{fund, ref}}
			if full {
				mop := field("mop_code", "Method of payment")
				mop.Select, mop.Options = true, mopOptions(l["mop_code"])
				vat := field("vat_code", "VAT code")
				vat.Select, vat.Options = true, vatOptions(l["vat_code"])
				line.Fields = append(line.Fields, mop, vat)
			}
			line.Fields = append(line.Fields, narrative, amount)
			out = append(out, line)
		}
		return out
	}
	pg.Lines = build("lines", "Line", f.Lines, choices.Funds, true)
	pg.CreditNotes = build("credit_notes", "Credit note", f.CreditNotes, choices.CreditNoteFunds, false)
	title := "Allocate suspense"
	if err != nil {
		pg.Summary = allocateSummary(err, pg)
		title = "Error: " + title
	} else if pg.Conflict != "" {
		pg.Summary = govukfrontend.ErrorSummary{Errors: []govukfrontend.ErrorLink{{Text: pg.Conflict, Href: "#items"}}}
		title = "Error: " + title
	}
	a.render(w, r, status, "admin-suspense-allocate", title, pg)
}

// allocateSummary lists the problems in the form's order, each linking to its field; a problem
// of no one field (the lines together, an item) comes first, linking to the items or the lines.
func allocateSummary(err error, pg allocatePage) govukfrontend.ErrorSummary {
	var s govukfrontend.ErrorSummary
	problems := ims.ErrorFields(err)
	used := map[string]bool{}
	for _, name := range []string{"items", "lines", "credit_notes"} {
		if msg, ok := problems[name]; ok {
			s.Errors = append(s.Errors, govukfrontend.ErrorLink{Text: msg, Href: "#" + strings.ReplaceAll(name, "_", "-")})
			used[name] = true
		}
	}
	names := slices.Sorted(maps.Keys(problems))
	for _, name := range names {
		if msg := problems[name]; strings.HasPrefix(name, "items[") {
			s.Errors = append(s.Errors, govukfrontend.ErrorLink{Text: msg, Href: "#items"})
			used[name] = true
		}
	}
	for _, group := range [][]allocLine{pg.Lines, pg.CreditNotes} {
		for _, l := range group {
			for _, f := range l.Fields {
				if f.Error != "" {
					s.Errors = append(s.Errors, govukfrontend.ErrorLink{Text: l.Legend + ": " + f.Error, Href: "#" + f.ID})
					used[f.Name] = true
				}
			}
		}
	}
	if msg, ok := problems["narrative"]; ok {
		s.Errors = append(s.Errors, govukfrontend.ErrorLink{Text: msg, Href: "#f-narrative"})
		used["narrative"] = true
	}
	for _, name := range names {
		if !used[name] {
			s.Errors = append(s.Errors, govukfrontend.ErrorLink{Text: problems[name]})
		}
	}
	if len(s.Errors) == 0 {
		s.Errors = append(s.Errors, govukfrontend.ErrorLink{Text: ims.ErrorMessage(err)})
	}
	return s
}
