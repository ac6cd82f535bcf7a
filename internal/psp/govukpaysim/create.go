package govukpaysim

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/ims-council/ims/money"
)

// idempotencyKey identifies a create request by its account and Idempotency-Key header.
type idempotencyKey struct {
	account int
	key     string
}

// idempotentCreate remembers what a key created: the request, to tell a retry from a different
// request reusing the key, and the payment.
type idempotentCreate struct {
	request   string // the checked request as canonical JSON
	paymentID string
}

// maxIdempotencyKey is the longest Idempotency-Key the simulator takes.
const maxIdempotencyKey = 255

// createPayment serves POST /v1/payments. With an Idempotency-Key, the same key and the same request
// return the payment the first one created (200), and the same key with a different request is
// refused with 409 P0191, as GOV.UK Pay does. Keys are remembered for the simulator's lifetime
// rather than GOV.UK Pay's 24 hours.
func (s *Simulator) createPayment(w http.ResponseWriter, r *http.Request, account int) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeError(w, http.StatusBadRequest, "P0197", "Unable to parse JSON")
		return
	}
	key := r.Header.Get("Idempotency-Key")
	if !idempotencyKeyValid(key) {
		writeJSON(w, http.StatusUnprocessableEntity, errorJSON{Code: "P0102", Header: "Idempotency-Key",
			Description: "Invalid header value: Idempotency-Key. Must be 1 to 255 letters, digits and hyphens"})
		return
	}
	req, problem := parseCreateRequest(body)
	if problem != nil {
		writeJSON(w, problem.status, problem.body)
		return
	}
	canonical, err := json.Marshal(req) // map keys are sorted, so equal requests compare equal
	if err != nil {
		writeError(w, http.StatusInternalServerError, "P0198", "Downstream system error")
		return
	}

	s.mu.Lock()
	defer s.unlock()
	if key != "" {
		if prev, ok := s.idempotent[idempotencyKey{account, key}]; ok {
			if prev.request != string(canonical) {
				writeJSON(w, http.StatusConflict, errorJSON{Code: "P0191", Header: "Idempotency-Key",
					Description: "The Idempotency-Key you sent in the request header has already been used to create a payment."})
				return
			}
			p := s.lookup(account, prev.paymentID)
			writeJSON(w, http.StatusOK, s.paymentJSON(p))
			return
		}
	}
	p := s.newPayment(account, req)
	if key != "" {
		s.idempotent[idempotencyKey{account, key}] = idempotentCreate{request: string(canonical), paymentID: p.id}
	}
	w.Header().Set("Location", s.paymentURL(p.id))
	writeJSON(w, http.StatusCreated, s.paymentJSON(p))
}

// idempotencyKeyValid reports whether an Idempotency-Key header is absent or has the form the
// official description allows.
func idempotencyKeyValid(key string) bool {
	if len(key) > maxIdempotencyKey {
		return false
	}
	for _, c := range key {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// newPayment records a new payment in the created state. The caller holds s.mu.
func (s *Simulator) newPayment(account int, req createRequest) *payment {
	now := s.opts.Clock.Now()
	p := &payment{
		id:          s.newID(),
		token:       s.newToken(),
		account:     account,
		amount:      money.Pence(req.Amount),
		description: req.Description,
		reference:   req.Reference,
		returnURL:   req.ReturnURL,
		language:    req.Language,
		email:       req.Email,
		moto:        req.Moto,
		metadata:    req.Metadata,
		created:     now,
	}
	p.move(stateOf(statusCreated), now)
	s.payments[p.id] = p
	s.tokens[p.token] = p
	return p
}
