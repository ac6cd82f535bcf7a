package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

// SuspenseService is what the API needs of the suspense service (internal/suspense).
type SuspenseService interface {
	Create(ctx context.Context, p ims.Principal, n ims.NewSuspenseItem) (ims.SuspenseItem, bool, error)
	List(ctx context.Context, p ims.Principal, f ims.SuspenseFilter) (ims.SuspensePage, error)
	Get(ctx context.Context, p ims.Principal, id int64) (ims.SuspenseItem, error)
	Allocate(ctx context.Context, p ims.Principal, req ims.SuspenseAllocationRequest) (ims.AllocationResult, bool, error)
}

type suspenseItemJSON struct {
	ID          int64                    `json:"id"`
	Version     int64                    `json:"version"`
	Status      ims.SuspenseStatus       `json:"status"`
	Amount      string                   `json:"amount"`
	Allocated   string                   `json:"allocated"`
	Remaining   string                   `json:"remaining"`
	Received    string                   `json:"received"`
	Reference   string                   `json:"reference"`
	Narrative   string                   `json:"narrative"`
	MOP         string                   `json:"mop_code"`
	Source      string                   `json:"source"`
	ImportID    int64                    `json:"import_id,omitempty"`
	Reason      string                   `json:"reason"`
	Receipt     string                   `json:"receipt_number"`
	CreatedAt   time.Time                `json:"created_at"`
	Notes       []ims.SuspenseNote       `json:"notes,omitempty"`
	Allocations []suspenseAllocationJSON `json:"allocations,omitempty"`
}

type suspenseAllocationJSON struct {
	ID      int64     `json:"id"`
	Amount  string    `json:"amount"`
	Receipt string    `json:"receipt_number"`
	At      time.Time `json:"at"`
}

func suspenseItemOut(it ims.SuspenseItem) suspenseItemJSON {
	out := suspenseItemJSON{ID: it.ID, Version: it.Version, Status: it.Status(), Amount: it.Amount.String(),
		Allocated: it.Allocated.String(), Remaining: it.Remaining().String(), Received: it.Received.Format(time.DateOnly),
		Reference: it.Reference, Narrative: it.Narrative, MOP: it.MOP, Source: it.Source, ImportID: it.ImportID,
		Reason: it.Reason, Receipt: it.Receipt, CreatedAt: it.CreatedAt, Notes: it.Notes}
	for _, a := range it.Allocations {
		out.Allocations = append(out.Allocations, suspenseAllocationJSON{ID: a.ID, Amount: a.Amount.String(), Receipt: a.Receipt, At: a.At})
	}
	return out
}

// listSuspenseItems answers GET /api/v1/suspense-items: one page of the items the query chooses,
// with the totals of all of them.
func (a *API) listSuspenseItems(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	problems := ims.Problems{}
	f := ims.SuspenseFilter{Reference: v.Get("reference"), Narrative: v.Get("narrative"), Status: ims.SuspenseStatus(v.Get("status")), Limit: 100}
	date := func(name string) time.Time { return queryDate(v, problems, name) }
	number := func(name string, max int64) int64 {
		s := v.Get(name)
		if s == "" {
			return 0
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1 || n > max {
			problems.Add(name, "%s must be a whole number from 1 to %d", name, max)
		}
		return n
	}
	f.From, f.To = date("from"), date("to")
	f.ImportID, f.After = number("import_id", 1<<62), number("cursor", 1<<62)
	if l := number("limit", 100); l > 0 {
		f.Limit = int(l)
	}
	if s := v.Get("amount"); s != "" {
		amount, err := money.Parse(s)
		if err != nil || amount <= 0 {
			problems.Add("amount", "amount must be pounds and pence above 0, for example 12.34")
		}
		f.Amount = amount
	}
	if err := problems.Err("The search is not valid"); err != nil {
		a.problem(w, r, err)
		return
	}
	page, err := a.Suspense.List(r.Context(), principal(r.Context()), f)
	if err != nil {
		a.problem(w, r, err)
		return
	}
	out := struct {
		Items      []suspenseItemJSON `json:"items"`
		Count      int64              `json:"count"`
		Value      string             `json:"value"`
		Remaining  string             `json:"remaining"`
		NextCursor string             `json:"next_cursor,omitempty"`
	}{Items: []suspenseItemJSON{}, Count: page.Totals.Count, Value: page.Totals.Value.String(), Remaining: page.Totals.Remaining.String()}
	for _, it := range page.Items {
		out.Items = append(out.Items, suspenseItemOut(it))
	}
	if page.Next != 0 {
		out.NextCursor = strconv.FormatInt(page.Next, 10)
	}
	writeJSON(w, http.StatusOK, out)
}

// getSuspenseItem answers GET /api/v1/suspense-items/{id}.
func (a *API) getSuspenseItem(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		a.problem(w, r, ims.Errorf(ims.NotFound, "There is no suspense item %s", r.PathValue("id")))
		return
	}
	it, err := a.Suspense.Get(r.Context(), principal(r.Context()), id)
	if err != nil {
		a.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, suspenseItemOut(it))
}

// idempotencyKey returns the request's Idempotency-Key, or a problem saying it is needed.
func idempotencyKey(r *http.Request, what string) (string, error) {
	key := strings.TrimSpace(r.Header.Get("Idempotency-Key"))
	if key == "" || len(key) > 255 {
		return "", ims.FieldError("Idempotency-Key", "Send an Idempotency-Key header (1–255 characters) so a retried request cannot %s twice", what)
	}
	return key, nil
}

// createSuspenseItem answers POST /api/v1/suspense-items: money received that cannot be allocated
// (unidentified cash) is posted into the suspense fund.
func (a *API) createSuspenseItem(w http.ResponseWriter, r *http.Request) {
	key, err := idempotencyKey(r, "record the money")
	if err != nil {
		a.problem(w, r, err)
		return
	}
	var body struct {
		Amount    json.RawMessage `json:"amount"`
		Received  string          `json:"received,omitempty"`
		Reference string          `json:"reference,omitempty"`
		Narrative string          `json:"narrative,omitempty"`
		MOP       string          `json:"mop_code"`
		Reason    string          `json:"reason"`
	}
	if err := decode(r, &body); err != nil {
		a.problem(w, r, err)
		return
	}
	n := ims.NewSuspenseItem{Reference: body.Reference, Narrative: body.Narrative, MOP: body.MOP, Reason: body.Reason, IdempotencyKey: key}
	problems := ims.Problems{}
	amount, msg := parseAmount(body.Amount)
	if msg != "" {
		problems.Add("amount", "%s", msg)
	}
	n.Amount = amount
	if body.Received != "" {
		if n.Received, err = time.Parse(time.DateOnly, body.Received); err != nil {
			problems.Add("received", "received must be a date, YYYY-MM-DD")
		}
	}
	if err := problems.Err("The suspense item is not valid"); err != nil {
		a.problem(w, r, err)
		return
	}
	it, created, err := a.Suspense.Create(r.Context(), principal(r.Context()), n)
	if err != nil {
		a.problem(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, suspenseItemOut(it))
}

type allocationLineJSON struct {
	FundCode  string          `json:"fund_code"`
	Reference string          `json:"reference"`
	MOP       string          `json:"mop_code,omitempty"`
	VATCode   string          `json:"vat_code,omitempty"`
	Narrative string          `json:"narrative,omitempty"`
	Amount    json.RawMessage `json:"amount"`
}

// allocateSuspense answers POST /api/v1/suspense-items/allocations.
func (a *API) allocateSuspense(w http.ResponseWriter, r *http.Request) {
	key, err := idempotencyKey(r, "allocate")
	if err != nil {
		a.problem(w, r, err)
		return
	}
	var body struct {
		Items []struct {
			ID      int64 `json:"id"`
			Version int64 `json:"version"`
		} `json:"items"`
		Lines       []allocationLineJSON `json:"lines"`
		CreditNotes []allocationLineJSON `json:"credit_notes,omitempty"`
		Narrative   string               `json:"narrative,omitempty"`
	}
	if err := decode(r, &body); err != nil {
		a.problem(w, r, err)
		return
	}
	req := ims.SuspenseAllocationRequest{Narrative: body.Narrative, IdempotencyKey: key}
	for _, it := range body.Items {
		req.Items = append(req.Items, ims.SuspenseTake{ID: it.ID, Version: it.Version})
	}
	problems := ims.Problems{}
	lines := func(field string, in []allocationLineJSON) []ims.AllocationLine {
		var out []ims.AllocationLine
		for i, l := range in {
			amount, msg := parseAmount(l.Amount)
			if msg != "" {
				problems.Add(field+"["+itoa(i)+"].amount", "%s", msg)
			}
			out = append(out, ims.AllocationLine{Fund: l.FundCode, Reference: l.Reference, MOP: l.MOP, VATCode: l.VATCode,
				Narrative: l.Narrative, Amount: amount})
		}
		return out
	}
	req.Lines, req.CreditNotes = lines("lines", body.Lines), lines("credit_notes", body.CreditNotes)
	if err := problems.Err("The allocation is not valid"); err != nil {
		a.problem(w, r, err)
		return
	}
	res, created, err := a.Suspense.Allocate(r.Context(), principal(r.Context()), req)
	if err != nil {
		a.problem(w, r, err)
		return
	}
	out := struct {
		ID      int64              `json:"id"`
		Amount  string             `json:"amount"`
		Receipt string             `json:"receipt_number"`
		Items   []suspenseItemJSON `json:"items"`
	}{ID: res.ID, Amount: res.Amount.String(), Receipt: res.Receipt, Items: []suspenseItemJSON{}}
	for _, it := range res.Items {
		out.Items = append(out.Items, suspenseItemOut(it))
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, out)
}
