package govukpaysim

import "net/http"

// getPayment serves GET /v1/payments/{id}.
func (s *Simulator) getPayment(w http.ResponseWriter, r *http.Request, account int) {
	s.mu.Lock()
	defer s.unlock()
	p := s.lookup(account, r.PathValue("id"))
	if p == nil {
		notFound(w, "P0200")
		return
	}
	writeJSON(w, http.StatusOK, s.paymentJSON(p))
}

// getEvents serves GET /v1/payments/{id}/events: every state the payment has been in, oldest first.
func (s *Simulator) getEvents(w http.ResponseWriter, r *http.Request, account int) {
	s.mu.Lock()
	defer s.unlock()
	p := s.lookup(account, r.PathValue("id"))
	if p == nil {
		notFound(w, "P0300")
		return
	}
	writeJSON(w, http.StatusOK, s.eventsJSON(p))
}

// cancelPayment serves POST /v1/payments/{id}/cancel: an unfinished payment is cancelled by the
// service (cancelled, P0040) and the answer is 204; a finished one cannot be, 400 P0501.
func (s *Simulator) cancelPayment(w http.ResponseWriter, r *http.Request, account int) {
	s.mu.Lock()
	defer s.unlock()
	p := s.lookup(account, r.PathValue("id"))
	if p == nil {
		notFound(w, "P0500")
		return
	}
	if p.state.finished() {
		writeError(w, http.StatusBadRequest, "P0501", "Cancellation of payment failed")
		return
	}
	s.finish(p, stateOf(codeCancelledByAPI))
	w.WriteHeader(http.StatusNoContent)
}
