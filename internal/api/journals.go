package api

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/ims-council/ims"
)

// JournalService is the journals service (internal/journals) as the API uses it; it checks the
// journals scope and the client's fund groups itself.
type JournalService interface {
	Journal(ctx context.Context, p ims.Principal, req ims.JournalRequest) (ims.JournalRecord, bool, error)
	Transfer(ctx context.Context, p ims.Principal, req ims.TransferRequest) (ims.JournalRecord, bool, error)
	Undo(ctx context.Context, p ims.Principal, id int64, reason, key string) (ims.JournalRecord, bool, error)
}

type journalLineJSON struct {
	FundCode  string          `json:"fund_code"`
	Reference string          `json:"reference"`
	VATCode   string          `json:"vat_code,omitempty"`
	Narrative string          `json:"narrative,omitempty"`
	Amount    json.RawMessage `json:"amount"`
}

// journalLines reads one side of a request (field names it), each amount a problem on its line.
func journalLines(field string, in []journalLineJSON, problems ims.Problems) []ims.JournalLine {
	var out []ims.JournalLine
	for i, l := range in {
		amount, msg := parseAmount(l.Amount)
		if msg != "" {
			problems.Add(field+"["+itoa(i)+"].amount", "%s", msg)
		}
		out = append(out, ims.JournalLine{Fund: l.FundCode, Reference: l.Reference, VATCode: l.VATCode, Narrative: l.Narrative, Amount: amount})
	}
	return out
}

// journalJSON is a journal or transfer as the API shows it.
type journalJSON struct {
	ID          int64            `json:"id"`
	Kind        string           `json:"kind"`
	Reason      string           `json:"reason"`
	Amount      string           `json:"amount"`
	Receipt     string           `json:"receipt_number"`
	CreatedAt   time.Time        `json:"created_at"`
	UndoReceipt string           `json:"undo_receipt_number,omitempty"`
	UndoneAt    *time.Time       `json:"undone_at,omitempty"`
	Lines       []journalLineOut `json:"lines"`
}

type journalLineOut struct {
	Kind      string `json:"kind"`
	EntryID   int64  `json:"entry_id"`
	FundCode  string `json:"fund_code"`
	Reference string `json:"reference"`
	MOP       string `json:"mop_code"`
	VATCode   string `json:"vat_code"`
	Narrative string `json:"narrative"`
	Amount    string `json:"amount"`
	Links     int64  `json:"links_entry,omitempty"`
}

func journalOut(j ims.JournalRecord) journalJSON {
	out := journalJSON{ID: j.ID, Kind: string(j.Kind), Reason: j.Reason, Amount: j.Amount.String(), Receipt: j.Receipt,
		CreatedAt: j.CreatedAt, UndoReceipt: j.UndoReceipt, Lines: []journalLineOut{}}
	if j.Undone() {
		at := j.UndoneAt
		out.UndoneAt = &at
	}
	for _, e := range j.Entries {
		out.Lines = append(out.Lines, journalLineOut{Kind: string(e.Kind), EntryID: e.ID, FundCode: e.Fund, Reference: e.Reference,
			MOP: e.MOP, VATCode: e.VATCode, Narrative: e.Narrative, Amount: e.Amount.String(), Links: e.LinksEntry})
	}
	return out
}

// answerJournal writes a journal: 201 when this request made it, 200 for a repeat.
func (a *API) answerJournal(w http.ResponseWriter, r *http.Request, j ims.JournalRecord, created bool, err error) {
	if err != nil {
		a.problem(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, journalOut(j))
}

// createJournal answers POST /api/v1/journals.
func (a *API) createJournal(w http.ResponseWriter, r *http.Request) {
	key, err := idempotencyKey(r, "make the journal")
	if err != nil {
		a.problem(w, r, err)
		return
	}
	var body struct {
		Sources []struct {
			EntryID int64           `json:"entry_id"`
			Amount  json.RawMessage `json:"amount"`
		} `json:"sources"`
		Targets []journalLineJSON `json:"targets"`
		Reason  string            `json:"reason"`
	}
	if err := decode(r, &body); err != nil {
		a.problem(w, r, err)
		return
	}
	problems := ims.Problems{}
	req := ims.JournalRequest{Reason: body.Reason, IdempotencyKey: key, Targets: journalLines("targets", body.Targets, problems)}
	for i, s := range body.Sources {
		amount, msg := parseAmount(s.Amount)
		if msg != "" {
			problems.Add("sources["+itoa(i)+"].amount", "%s", msg)
		}
		req.Sources = append(req.Sources, ims.JournalSource{EntryID: s.EntryID, Amount: amount})
	}
	if err := problems.Err("The journal is not valid"); err != nil {
		a.problem(w, r, err)
		return
	}
	j, created, err := a.Journals.Journal(r.Context(), principal(r.Context()), req)
	a.answerJournal(w, r, j, created, err)
}

// createTransfer answers POST /api/v1/transfers.
func (a *API) createTransfer(w http.ResponseWriter, r *http.Request) {
	key, err := idempotencyKey(r, "make the transfer")
	if err != nil {
		a.problem(w, r, err)
		return
	}
	var body struct {
		From   []journalLineJSON `json:"from"`
		To     []journalLineJSON `json:"to"`
		Reason string            `json:"reason"`
	}
	if err := decode(r, &body); err != nil {
		a.problem(w, r, err)
		return
	}
	problems := ims.Problems{}
	req := ims.TransferRequest{Reason: body.Reason, IdempotencyKey: key, From: journalLines("from", body.From, problems),
		To: journalLines("to", body.To, problems)}
	if err := problems.Err("The transfer is not valid"); err != nil {
		a.problem(w, r, err)
		return
	}
	j, created, err := a.Journals.Transfer(r.Context(), principal(r.Context()), req)
	a.answerJournal(w, r, j, created, err)
}

// undoJournal answers POST /api/v1/journals/{id}/undo.
func (a *API) undoJournal(w http.ResponseWriter, r *http.Request) {
	key, err := idempotencyKey(r, "undo the journal")
	if err != nil {
		a.problem(w, r, err)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		a.problem(w, r, ims.Errorf(ims.NotFound, "There is no journal or transfer %q", r.PathValue("id")))
		return
	}
	var body struct {
		Reason string `json:"reason,omitempty"`
	}
	// The body is optional; a chunked request carries no length, so look for its first byte.
	buffered := bufio.NewReader(r.Body)
	r.Body = struct {
		io.Reader
		io.Closer
	}{buffered, r.Body}
	if _, err := buffered.Peek(1); err == nil {
		if err := decode(r, &body); err != nil {
			a.problem(w, r, err)
			return
		}
	}
	j, undone, err := a.Journals.Undo(r.Context(), principal(r.Context()), id, body.Reason, key)
	a.answerJournal(w, r, j, undone, err)
}
