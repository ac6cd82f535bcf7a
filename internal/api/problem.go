package api

import (
	"encoding/json"
	"net/http"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// Problem is an RFC 9457 problem details body, with the field errors of an Invalid request.
type Problem struct {
	Type      string            `json:"type"`
	Title     string            `json:"title"`
	Status    int               `json:"status"`
	Detail    string            `json:"detail"`
	Errors    map[string]string `json:"errors,omitempty"`
	RequestID string            `json:"request_id"`
}

// Status maps an error code to its HTTP status. It is the one table for the whole API.
func Status(code ims.Code) int {
	switch code {
	case ims.Invalid:
		return http.StatusUnprocessableEntity
	case ims.NotFound:
		return http.StatusNotFound
	case ims.Conflict:
		return http.StatusConflict
	case ims.Unauthorized:
		return http.StatusUnauthorized
	case ims.Forbidden:
		return http.StatusForbidden
	case ims.Unavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// problem writes err as problem+json. Internal errors are logged with the request id and described
// to the caller only by that id.
func (a *API) problem(w http.ResponseWriter, r *http.Request, err error) {
	code := ims.ErrorCode(err)
	status := Status(code)
	id := web.RequestID(r.Context())
	if code == ims.Internal || code == ims.Unavailable {
		a.Log.ErrorContext(r.Context(), "api error", "request_id", id, "err", err)
	}
	p := Problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: ims.ErrorMessage(err),
		Errors: ims.ErrorFields(err), RequestID: id}
	if code == ims.Internal {
		p.Detail = "An internal error occurred. Quote reference " + id + " to the service desk."
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(p)
}

// writeJSON writes v as a JSON response.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
