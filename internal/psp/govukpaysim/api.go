package govukpaysim

import (
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strings"
)

// maxBody caps an API request body; GOV.UK Pay's largest (a payment with ten metadata entries) is
// a few kilobytes.
const maxBody = 64 << 10

// apiHandler serves one API operation for the account the bearer key belongs to.
type apiHandler func(w http.ResponseWriter, r *http.Request, account int)

// api authenticates an API request by its bearer key, as GOV.UK Pay does, before handing it on.
// A missing or unknown key is answered 401.
func (s *Simulator) api(h apiHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		account, ok := s.authenticate(r.Header.Get("Authorization"))
		if !ok {
			w.Header().Set("WWW-Authenticate", "Bearer")
			writeJSON(w, http.StatusUnauthorized, errorJSON{Description: "Credentials are required to access this resource."})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		h(w, r, account)
	}
}

// authenticate returns the account whose API key the Authorization header carries. Every key is
// compared in constant time, so the answer's timing does not tell how much of a key was right.
func (s *Simulator) authenticate(header string) (int, bool) {
	scheme, key, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return 0, false
	}
	key = strings.TrimSpace(key)
	found := -1
	for i, a := range s.accounts {
		if subtle.ConstantTimeCompare([]byte(key), []byte(a.APIKey)) == 1 && found < 0 {
			found = i
		}
	}
	return found, found >= 0
}

// lookup returns the account's payment with the id, first expiring it if its 90 minutes are up,
// or nil when the account has no such payment: another account's payment is not found either, as
// in GOV.UK Pay. The caller holds s.mu.
func (s *Simulator) lookup(account int, id string) *payment {
	p := s.payments[id]
	if p == nil || p.account != account {
		return nil
	}
	s.expireIfDue(p)
	return p
}

// writeJSON sends v as the JSON body of a response with the status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		// Only the simulator's own types are sent, and they all marshal.
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeError sends GOV.UK Pay's error body.
func writeError(w http.ResponseWriter, status int, code, description string) {
	writeJSON(w, status, errorJSON{Code: code, Description: description})
}

// notFound sends GOV.UK Pay's answer for an unknown payment, with the operation's code.
func notFound(w http.ResponseWriter, code string) {
	writeError(w, http.StatusNotFound, code, "Not found")
}
