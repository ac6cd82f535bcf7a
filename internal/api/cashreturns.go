package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/ims-council/ims"
)

// CashReturnService is what the API needs of the cash returns service (internal/cashreturns): it
// checks the cash-returns scope and leaves out returns touching funds outside the client's groups.
type CashReturnService interface {
	Get(ctx context.Context, p ims.Principal, id int64) (ims.CashReturn, error)
	List(ctx context.Context, p ims.Principal, q ims.CashReturnQuery) ([]ims.CashReturn, int64, error)
}

type cashReturnLineJSON struct {
	Fund            string `json:"fund_code"`
	Reference       string `json:"reference"`
	Description     string `json:"description"`
	VATCode         string `json:"vat_code,omitempty"`
	Amount          string `json:"amount"`
	SubmittedAmount string `json:"submitted_amount"`
	AdjustReason    string `json:"adjust_reason,omitempty"`
}

type cashCountJSON struct {
	Denomination string `json:"denomination"`
	Amount       string `json:"amount"`
}

type chequeJSON struct {
	Number string `json:"number"`
	Drawer string `json:"drawer"`
	Amount string `json:"amount"`
}

type cashReturnNoteJSON struct {
	Text      string    `json:"text"`
	By        string    `json:"by"`
	CreatedAt time.Time `json:"created_at"`
}

type cashReturnJSON struct {
	ID            int64                `json:"id"`
	Template      string               `json:"template_code"`
	TemplateName  string               `json:"template_name"`
	Kind          ims.CashReturnKind   `json:"kind"`
	Status        ims.CashReturnStatus `json:"status"`
	Office        string               `json:"office_code"`
	BagNumber     string               `json:"bag_number,omitempty"`
	Total         string               `json:"total"`
	Banked        string               `json:"banked_total"`
	Lines         []cashReturnLineJSON `json:"lines"`
	Cash          []cashCountJSON      `json:"cash,omitempty"`
	Cheques       []chequeJSON         `json:"cheques,omitempty"`
	Notes         []cashReturnNoteJSON `json:"notes,omitempty"`
	CreatedBy     string               `json:"created_by"`
	CreatedAt     time.Time            `json:"created_at"`
	SubmittedBy   string               `json:"submitted_by,omitempty"`
	SubmittedAt   *time.Time           `json:"submitted_at,omitempty"`
	AuthorisedBy  string               `json:"authorised_by,omitempty"`
	AuthorisedAt  *time.Time           `json:"authorised_at,omitempty"`
	ReceiptNumber string               `json:"receipt_number,omitempty"`
	ClosedBy      string               `json:"closed_by,omitempty"`
	ClosedAt      *time.Time           `json:"closed_at,omitempty"`
	CloseReason   string               `json:"close_reason,omitempty"`
}

func utcOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func cashReturnOut(r ims.CashReturn) cashReturnJSON {
	out := cashReturnJSON{ID: r.ID, Template: r.Template, TemplateName: r.TemplateName, Kind: r.Kind, Status: r.Status, Office: r.Office,
		BagNumber: r.BagNumber, Total: r.LinesTotal().String(), Banked: r.BankedTotal().String(), Lines: []cashReturnLineJSON{},
		CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC(), SubmittedBy: r.SubmittedBy, SubmittedAt: utcOrNil(r.SubmittedAt),
		AuthorisedBy: r.AuthorisedBy, AuthorisedAt: utcOrNil(r.AuthorisedAt), ReceiptNumber: r.Receipt, ClosedBy: r.ClosedBy,
		ClosedAt: utcOrNil(r.ClosedAt), CloseReason: r.CloseReason}
	for _, l := range r.Lines {
		out.Lines = append(out.Lines, cashReturnLineJSON{Fund: l.Fund, Reference: l.Reference, Description: l.Description, VATCode: l.VATCode,
			Amount: l.Amount.String(), SubmittedAmount: l.Submitted.String(), AdjustReason: l.AdjustReason})
	}
	for _, c := range r.Cash {
		out.Cash = append(out.Cash, cashCountJSON{Denomination: c.Denomination.String(), Amount: c.Amount.String()})
	}
	for _, c := range r.Cheques {
		out.Cheques = append(out.Cheques, chequeJSON{Number: c.Number, Drawer: c.Drawer, Amount: c.Amount.String()})
	}
	for _, n := range r.Notes {
		out.Notes = append(out.Notes, cashReturnNoteJSON{Text: n.Text, By: n.By, CreatedAt: n.CreatedAt.UTC()})
	}
	return out
}

// listCashReturns answers GET /api/v1/cash-returns: a page of the returns the client may see,
// newest first, by status and by the business date they were started, with the next page's cursor.
func (a *API) listCashReturns(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	problems := ims.Problems{}
	q := ims.CashReturnQuery{Status: ims.CashReturnStatus(v.Get("status")), Limit: 50}
	date := func(name string) time.Time { return queryDate(v, problems, name) }
	q.From, q.To = date("from"), date("to")
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100 {
			problems.Add("limit", "limit must be a whole number from 1 to 100")
		}
		q.Limit = n
	}
	if s := v.Get("cursor"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1 {
			problems.Add("cursor", "cursor must be a next_cursor this API gave")
		}
		q.Before = n
	}
	if err := problems.Err("The search is not valid"); err != nil {
		a.problem(w, r, err)
		return
	}
	list, next, err := a.CashReturns.List(r.Context(), principal(r.Context()), q)
	if err != nil {
		a.problem(w, r, err)
		return
	}
	out := struct {
		CashReturns []cashReturnJSON `json:"cash_returns"`
		NextCursor  string           `json:"next_cursor,omitempty"`
	}{CashReturns: []cashReturnJSON{}}
	for _, cr := range list {
		out.CashReturns = append(out.CashReturns, cashReturnOut(cr))
	}
	if next != 0 {
		out.NextCursor = strconv.FormatInt(next, 10)
	}
	writeJSON(w, http.StatusOK, out)
}

// getCashReturn answers GET /api/v1/cash-returns/{id}: one return with its notes.
func (a *API) getCashReturn(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		a.problem(w, r, ims.Errorf(ims.NotFound, "There is no cash return %q", r.PathValue("id")))
		return
	}
	cr, err := a.CashReturns.Get(r.Context(), principal(r.Context()), id)
	if err != nil {
		a.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, cashReturnOut(cr))
}
