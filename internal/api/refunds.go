package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/ims-council/ims"
)

type refundRequestJSON struct {
	Lines  []refundLineJSON `json:"lines,omitempty"`
	Reason string           `json:"reason"`
}

type refundLineJSON struct {
	Line   int             `json:"line"`
	Amount json.RawMessage `json:"amount"`
}

type refundJSON struct {
	ID             string          `json:"id"`
	PaymentID      string          `json:"payment_id"`
	State          ims.RefundState `json:"state"`
	Amount         string          `json:"amount"`
	Reason         string          `json:"reason"`
	FailureMessage string          `json:"failure_message,omitempty"`
	ApprovedBy     string          `json:"approved_by,omitempty"`
	Lines          []refundLineOut `json:"lines"`
	CreatedAt      time.Time       `json:"created_at"`
	FinishedAt     *time.Time      `json:"finished_at,omitempty"`
}

type refundLineOut struct {
	EntryID int64  `json:"entry_id"`
	Amount  string `json:"amount"`
}

func refundOut(r ims.PaymentRefund) refundJSON {
	out := refundJSON{ID: r.ID, PaymentID: r.PaymentID, State: r.State, Amount: r.Amount.String(), Reason: r.Reason,
		FailureMessage: r.FailureMessage, ApprovedBy: r.ApprovedBy, CreatedAt: r.CreatedAt, Lines: []refundLineOut{}}
	if !r.FinishedAt.IsZero() {
		out.FinishedAt = &r.FinishedAt
	}
	for _, l := range r.Lines {
		out.Lines = append(out.Lines, refundLineOut{EntryID: l.EntryID, Amount: l.Amount.String()})
	}
	return out
}

// createRefund answers POST /api/v1/payments/{id}/refunds: no lines refunds everything still
// refundable. The Idempotency-Key header is required, so a retried request cannot refund twice.
func (a *API) createRefund(w http.ResponseWriter, r *http.Request) {
	key := strings.TrimSpace(r.Header.Get("Idempotency-Key"))
	if key == "" || len(key) > 255 {
		a.problem(w, r, ims.FieldError("Idempotency-Key", "Send an Idempotency-Key header (1–255 characters) so a retried request cannot refund twice"))
		return
	}
	var body refundRequestJSON
	if err := decode(r, &body); err != nil {
		a.problem(w, r, err)
		return
	}
	req := ims.RefundRequest{PaymentID: r.PathValue("id"), Reason: body.Reason, IdempotencyKey: key}
	problems := ims.Problems{}
	for i, l := range body.Lines {
		amount, msg := parseAmount(l.Amount)
		if msg != "" {
			problems.Add("lines["+itoa(i)+"].amount", "%s", msg)
		}
		req.Lines = append(req.Lines, ims.RefundLine{Line: l.Line, Amount: amount})
	}
	if err := problems.Err("The refund request is not valid"); err != nil {
		a.problem(w, r, err)
		return
	}
	refund, created, err := a.Refunds.Refund(r.Context(), principal(r.Context()), req)
	if err != nil {
		a.problem(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, refundOut(refund))
}

// getRefund answers GET /api/v1/refunds/{id}.
func (a *API) getRefund(w http.ResponseWriter, r *http.Request) {
	refund, err := a.Refunds.GetRefund(r.Context(), principal(r.Context()), r.PathValue("id"))
	if err != nil {
		a.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, refundOut(refund))
}

// approveRefund answers POST /api/v1/refunds/{id}/approve: a refund above the approval limit is
// released and sent. The approver must be another client or person than the requester.
func (a *API) approveRefund(w http.ResponseWriter, r *http.Request) {
	refund, err := a.Refunds.ApproveRefund(r.Context(), principal(r.Context()), r.PathValue("id"))
	if err != nil {
		a.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, refundOut(refund))
}

// rejectRefund answers POST /api/v1/refunds/{id}/reject with a reason: nothing is sent and the
// money stays refundable.
func (a *API) rejectRefund(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Reason string `json:"reason"`
	}
	if err := decode(r, &body); err != nil {
		a.problem(w, r, err)
		return
	}
	refund, err := a.Refunds.RejectRefund(r.Context(), principal(r.Context()), r.PathValue("id"), body.Reason)
	if err != nil {
		a.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, refundOut(refund))
}
