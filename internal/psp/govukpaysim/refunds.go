package govukpaysim

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/ims-council/ims/money"
)

// createRefund serves POST /v1/payments/{id}/refunds. As in GOV.UK Pay, a refund_amount_available
// that differs from what can really be refunded is refused with 412 P0604, which stops a retried
// refund being paid twice, and a refund of more than is available with 400 P0603. The refund is
// answered 202 with its JSON, as GOV.UK Pay answers. Like GOV.UK Pay it takes no Idempotency-Key:
// a request sent twice with the same refund_amount_available is refused the second time, and one
// sent twice without it is made twice.
func (s *Simulator) createRefund(w http.ResponseWriter, r *http.Request, account int) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeError(w, http.StatusBadRequest, "P0697", "Unable to parse JSON")
		return
	}
	amount, expected, problem := parseRefundRequest(body)
	if problem != nil {
		writeJSON(w, problem.status, problem.body)
		return
	}

	s.mu.Lock()
	defer s.unlock()
	p := s.lookup(account, r.PathValue("id"))
	if p == nil {
		notFound(w, "P0600")
		return
	}
	notAvailable := func(status string) {
		writeError(w, http.StatusBadRequest, "P0603", "The payment is not available for refund. Payment refund status: "+status)
	}
	if p.state.status != statusSuccess {
		notAvailable(p.refundStatus())
		return
	}
	available := p.refundable()
	switch {
	case expected != nil && money.Pence(*expected) != available:
		writeError(w, http.StatusPreconditionFailed, "P0604", "Refund amount available mismatch.")
		return
	case available == 0:
		notAvailable("full")
		return
	case amount > available:
		notAvailable("amount_not_available")
		return
	}
	rf := s.addRefund(p, amount, initialRefundStatus(s.opts.Refunds))
	if s.loseRefundAnswers > 0 {
		s.loseRefundAnswers--
		writeLostAnswer(w)
		return
	}
	writeJSON(w, http.StatusAccepted, s.refundJSON(p, rf))
}

// addRefund records a new refund of the payment, announcing it by webhook when it succeeded at
// once. The caller holds s.mu.
func (s *Simulator) addRefund(p *payment, amount money.Pence, status string) *refund {
	rf := &refund{id: s.newID(), amount: amount, created: s.opts.Clock.Now(), status: status}
	p.refunds = append(p.refunds, rf)
	if rf.status == refundSuccess {
		s.emit(p, eventRefunded)
	}
	return rf
}

// writeLostAnswer answers as a proxy in front of GOV.UK Pay does when the answer behind it was
// lost: 502 with a page that is not GOV.UK Pay's JSON.
func writeLostAnswer(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusBadGateway)
	_, _ = io.WriteString(w, "<html><body><h1>502 Bad Gateway</h1></body></html>\n")
}

// parseRefundRequest checks a refund body (PaymentRefundRequest): amount is required and, like
// refund_amount_available when it is sent, a whole number of pence from 1 to £100,000.
func parseRefundRequest(body []byte) (money.Pence, *int64, *requestError) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil || fields == nil {
		return 0, nil, &requestError{http.StatusBadRequest, errorJSON{Code: "P0697", Description: "Unable to parse JSON"}}
	}
	pence := func(name string) (int64, *requestError) {
		var n int64
		raw := fields[name]
		if raw[0] == '"' || strictDecode(raw, &n) != nil || n < 1 || n > maxAmount {
			return 0, &requestError{http.StatusBadRequest, errorJSON{Code: "P0602", Field: name,
				Description: "Invalid attribute value: " + name + ". Must be a whole number of pence from 1 to 10000000"}}
		}
		return n, nil
	}
	if _, ok := fields["amount"]; !ok {
		return 0, nil, &requestError{http.StatusBadRequest, errorJSON{Code: "P0601", Field: "amount",
			Description: "Missing mandatory attribute: amount"}}
	}
	amount, problem := pence("amount")
	if problem != nil {
		return 0, nil, problem
	}
	var expected *int64
	if _, ok := fields["refund_amount_available"]; ok {
		n, problem := pence("refund_amount_available")
		if problem != nil {
			return 0, nil, problem
		}
		expected = &n
	}
	return money.Pence(amount), expected, nil
}

// getRefund serves GET /v1/payments/{id}/refunds/{refund}.
func (s *Simulator) getRefund(w http.ResponseWriter, r *http.Request, account int) {
	s.mu.Lock()
	defer s.unlock()
	p := s.lookup(account, r.PathValue("id"))
	if p == nil {
		notFound(w, "P0700")
		return
	}
	rf := p.findRefund(r.PathValue("refund"))
	if rf == nil {
		notFound(w, "P0700")
		return
	}
	writeJSON(w, http.StatusOK, s.refundJSON(p, rf))
}

// listRefunds serves GET /v1/payments/{id}/refunds: every refund of the payment, oldest first
// (RefundForSearchResult).
func (s *Simulator) listRefunds(w http.ResponseWriter, r *http.Request, account int) {
	s.mu.Lock()
	defer s.unlock()
	p := s.lookup(account, r.PathValue("id"))
	if p == nil {
		notFound(w, "P0800")
		return
	}
	list := refundListJSON{PaymentID: p.id}
	list.Embedded.Refunds = []refundJSON{}
	for _, rf := range p.refunds {
		list.Embedded.Refunds = append(list.Embedded.Refunds, s.refundJSON(p, rf))
	}
	list.Links.Self = linkJSON{s.paymentURL(p.id, "/refunds"), "GET"}
	list.Links.Payment = linkJSON{s.paymentURL(p.id), "GET"}
	writeJSON(w, http.StatusOK, list)
}
