package admin

import (
	"context"
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
)

// Journals is the journals service (internal/journals) as the back office's pages use it. It checks
// the Journal and Transfer roles and the fund groups itself.
type Journals interface {
	Sources(ctx context.Context, p ims.Principal, receipt string) (ims.Posting, []ims.JournalEntry, error)
	Journal(ctx context.Context, p ims.Principal, req ims.JournalRequest) (ims.JournalRecord, bool, error)
	Transfer(ctx context.Context, p ims.Principal, req ims.TransferRequest) (ims.JournalRecord, bool, error)
	Undo(ctx context.Context, p ims.Principal, id int64, reason, key string) (ims.JournalRecord, bool, error)
	Get(ctx context.Context, p ims.Principal, id int64) (ims.JournalRecord, error)
	Funds(ctx context.Context, p ims.Principal) ([]ims.Fund, error)
	Recent(ctx context.Context, p ims.Principal, limit int) ([]ims.JournalRecord, error)
}

// journalRoutes are the journal and transfer pages (SPEC §6): a journal of a receipt's lines, a
// transfer, and a journal's or transfer's page with its undo.
func (a *Admin) journalRoutes() []web.Route {
	return []web.Route{
		a.page("/admin/journals", a.journalsHome, ims.Journal, ims.Transfer),
		a.page("/admin/journals/new", a.journalNew, ims.Journal),
		a.action("/admin/journals/new", a.journalCreate, ims.Journal),
		a.page("/admin/journals/{id}", a.journalDetail, ims.Journal, ims.Transfer),
		a.page("/admin/journals/{id}/undo", a.journalUndoConfirm, ims.Journal, ims.Transfer),
		a.action("/admin/journals/{id}/undo", a.journalUndo, ims.Journal, ims.Transfer),
		a.page("/admin/transfers/new", a.transferNew, ims.Transfer),
		a.action("/admin/transfers/new", a.transferCreate, ims.Transfer),
	}
}

// journalsHome offers what p's roles allow — a journal of a receipt's lines, a transfer — and lists
// the latest journals and transfers p may see, to open one (and undo it).
func (a *Admin) journalsHome(w http.ResponseWriter, r *http.Request) {
	p := web.PrincipalFrom(r.Context())
	recent, err := a.Journals.Recent(r.Context(), p, 50)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	type row struct{ Href, Title, Made, Reason, Amount, Receipt, Status string }
	pg := struct {
		Journal, Transfer bool
		Recent            []row
	}{Journal: p.HasRole(ims.Journal), Transfer: p.HasRole(ims.Transfer)}
	for _, j := range recent {
		status := "Made"
		if j.Undone() {
			status = "Undone"
		}
		pg.Recent = append(pg.Recent, row{Href: journalPath(j.ID), Title: fmt.Sprintf("%s %d", kindTitle(j.Kind), j.ID),
			Made: ukTime(j.CreatedAt), Reason: j.Reason, Amount: j.Amount.Display(), Receipt: j.Receipt, Status: status})
	}
	a.render(w, r, http.StatusOK, "admin-journals", "Journals", pg)
}

// journalPath is the address of a journal's or transfer's page.
func journalPath(id int64) string { return "/admin/journals/" + strconv.FormatInt(id, 10) }

// Without JavaScript a form offers this many blank lines a side; "Add another line" sends the form
// back to be shown with one more.
const blankJournalLines = 3

var journalLineFields = []string{"fund_code", "reference", "vat_code", "narrative", "amount"}

// readJournalLines reads the lines of one side of a posted form (prefix[i].field), count of them.
func readJournalLines(r *http.Request, prefix, countName string) []lineValues {
	n, _ := strconv.Atoi(r.PostFormValue(countName))
	n = min(max(n, 1), maxAllocationLines)
	lines := make([]lineValues, n)
	for i := range lines {
		lines[i] = lineValues{}
		for _, k := range journalLineFields {
			lines[i][k] = strings.TrimSpace(r.PostFormValue(fmt.Sprintf("%s[%d].%s", prefix, i, k)))
		}
	}
	return lines
}

// journalLines reads the typed lines of a side into the service's lines, leaving blank ones out,
// and returns where each came from on the form; an amount that is not money is a problem on it.
func journalLines(prefix string, lines []lineValues, problems ims.Problems) (out []ims.JournalLine, at []int) {
	for i, l := range lines {
		if l.blank() {
			continue
		}
		amount, ok := parsePounds(l["amount"])
		if !ok {
			problems.Add(fmt.Sprintf("%s[%d].amount", prefix, i), "Enter the amount in pounds and pence, like 125.50")
		}
		out = append(out, ims.JournalLine{Fund: l["fund_code"], Reference: l["reference"], VATCode: l["vat_code"],
			Narrative: l["narrative"], Amount: amount})
		at = append(at, i)
	}
	return out, at
}

var indexedField = regexp.MustCompile(`^([a-z_]+)\[(\d+)\]\.(.+)$`)

// formFields renames the service's problems from its request's lines to the form's (at maps each
// side's request index to the form's), so a problem lands on the field that was typed.
func formFields(err error, at map[string][]int) error {
	fields := ims.ErrorFields(err)
	if ims.ErrorCode(err) != ims.Invalid || len(fields) == 0 {
		return err
	}
	problems := ims.Problems{}
	for name, msg := range fields {
		if m := indexedField.FindStringSubmatch(name); m != nil {
			i, _ := strconv.Atoi(m[2])
			if side, ok := at[m[1]]; ok && i < len(side) {
				name = fmt.Sprintf("%s[%d].%s", m[1], side[i], m[3])
			}
		}
		problems.Add(name, "%s", msg)
	}
	return problems.Err(ims.ErrorMessage(err))
}

// buildJournalLines makes the form's lines of one side, each with its problems.
func buildJournalLines(prefix, legend string, lines []lineValues, funds []ims.Fund, problems map[string]string) []allocLine {
	var out []allocLine
	for i, l := range lines {
		field := func(k, label string) allocField {
			name := fmt.Sprintf("%s[%d].%s", prefix, i, k)
			return allocField{ID: fieldID(name), Name: name, Label: label, Value: l[k], Error: problems[name]}
		}
		fund := field("fund_code", "Fund")
		fund.Select, fund.Autocomplete = true, true
		fund.Options = []allocOption{{Value: "", Text: "Choose a fund"}}
		for _, fd := range funds {
			fund.Options = append(fund.Options, allocOption{Value: fd.Code, Text: fd.Code + " " + fd.Name, Selected: fd.Code == l["fund_code"]})
		}
		vat := field("vat_code", "VAT code (optional: the fund's)")
		vat.Width = "govuk-input--width-4"
		amount := field("amount", "Amount in pounds")
		amount.Width = "govuk-input--width-10"
		out = append(out, allocLine{Legend: fmt.Sprintf("%s %d", legend, i+1),
			Fields: []allocField{fund, field("reference", "Reference"), vat, field("narrative", "Narrative (optional)"), amount}})
	}
	return out
}

// journalSummary lists the problems, each linking to its field where the page has one (onPage).
func journalSummary(err error, onPage map[string]bool) govukfrontend.ErrorSummary {
	var s govukfrontend.ErrorSummary
	fields := ims.ErrorFields(err)
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		l := govukfrontend.ErrorLink{Text: fields[name]}
		if onPage[name] {
			l.Href = "#" + fieldID(name)
		}
		s.Errors = append(s.Errors, l)
	}
	if len(s.Errors) == 0 {
		s.Errors = append(s.Errors, govukfrontend.ErrorLink{Text: ims.ErrorMessage(err)})
	}
	return s
}
