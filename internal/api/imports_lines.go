package api

import (
	"net/http"
	"strconv"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/imports"
)

type importChangeJSON struct {
	Rule  string `json:"rule"`
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

type importLineJSON struct {
	N             int                `json:"n"`
	FileLine      int                `json:"file_line,omitempty"`
	Statement     int                `json:"statement"`
	Date          string             `json:"date,omitempty"`
	Fund          string             `json:"fund"`
	Reference     string             `json:"reference"`
	MOP           string             `json:"mop"`
	VATCode       string             `json:"vat_code,omitempty"`
	Office        string             `json:"office"`
	Narrative     string             `json:"narrative,omitempty"`
	BankReference string             `json:"bank_reference,omitempty"`
	Channel       string             `json:"channel,omitempty"`
	Currency      string             `json:"currency"`
	Amount        string             `json:"amount"`
	Pence         int64              `json:"pence"`
	Outcome       imports.Outcome    `json:"outcome"`
	Reason        string             `json:"reason,omitempty"`
	Rule          string             `json:"rule,omitempty"`
	Changes       []importChangeJSON `json:"changes,omitempty"`
	Notes         []string           `json:"notes,omitempty"`
	SuspenseItem  int64              `json:"suspense_item_id,omitempty"`
}

type importLinesJSON struct {
	Items      []importLineJSON `json:"items"`
	NextOffset int              `json:"next_offset,omitempty"`
}

// outcomes are the values the lines' outcome filter takes.
var outcomes = map[imports.Outcome]bool{imports.ToLedger: true, imports.ToSuspense: true, imports.Skipped: true,
	imports.Debit: true, imports.NotPosted: true, imports.Held: true}

// importLines answers GET /api/v1/imports/{id}/lines: a page of the lines the import kept (every
// line but those posted to the ledger unchanged), with what became of each and why.
func (a *API) importLines(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		a.problem(w, r, ims.Errorf(ims.NotFound, "There is no import %s", r.PathValue("id")))
		return
	}
	v := r.URL.Query()
	problems := ims.Problems{}
	outcome := imports.Outcome(v.Get("outcome"))
	if outcome != "" && !outcomes[outcome] {
		problems.Add("outcome", "outcome must be one of ledger, suspense, skip, debit, not_posted or held")
	}
	number := func(name string, def, min, max int) int {
		s := v.Get(name)
		if s == "" {
			return def
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < min || n > max {
			problems.Add(name, "%s must be a whole number from %d to %d", name, min, max)
		}
		return n
	}
	offset, limit := number("offset", 0, 0, 1<<30), number("limit", 100, 1, 1000)
	if len(problems) > 0 {
		a.problem(w, r, problems.Err("The query is not valid"))
		return
	}
	// One line more than asked for says whether there is a next page.
	lines, err := a.Imports.Lines(r.Context(), principal(r.Context()), id, outcome, offset, limit+1)
	if err != nil {
		a.problem(w, r, err)
		return
	}
	out := importLinesJSON{Items: []importLineJSON{}}
	if len(lines) > limit {
		lines, out.NextOffset = lines[:limit], offset+limit
	}
	for _, l := range lines {
		j := importLineJSON{N: l.N, FileLine: l.FileLine, Statement: l.Statement, Date: l.Date, Fund: l.Fund,
			Reference: l.Reference, MOP: l.MOP, VATCode: l.VATCode, Office: l.Office, Narrative: l.Narrative,
			BankReference: l.BankRef, Channel: l.Channel, Currency: l.Currency, Amount: l.AmountText, Pence: l.Pence,
			Outcome: l.Outcome, Reason: l.Reason, Rule: l.Rule, Notes: l.Notes, SuspenseItem: l.SuspenseItem}
		for _, c := range l.Changes {
			j.Changes = append(j.Changes, importChangeJSON{Rule: c.Rule, Field: c.Field, Old: c.Old, New: c.New})
		}
		out.Items = append(out.Items, j)
	}
	writeJSON(w, http.StatusOK, out)
}
