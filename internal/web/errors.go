package web

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/ims-council/ims"
)

// Status maps an error code to its HTTP status. It is the one table for the API's problem+json
// answers and the HTML pages alike.
func Status(code ims.Code) int {
	switch code {
	case "":
		return http.StatusOK
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

// Problem is an RFC 9457 problem details body, with the field errors of an Invalid request.
type Problem struct {
	Type      string            `json:"type"`
	Title     string            `json:"title"`
	Status    int               `json:"status"`
	Detail    string            `json:"detail"`
	Errors    map[string]string `json:"errors,omitempty"`
	RequestID string            `json:"request_id"`
}

// Problem writes err as application/problem+json with the status of its code. Internal and
// Unavailable errors are logged with the request id; an internal error is described to the caller
// only by that id.
func (s *Server) Problem(w http.ResponseWriter, r *http.Request, err error) {
	WriteProblem(w, r, s.Log, err)
}

// WriteProblem writes err as application/problem+json with the status of its code, logging
// Internal and Unavailable errors to log with the request id. An internal error is described to the
// caller only by that id, which they quote to the service desk.
func WriteProblem(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	code := ims.ErrorCode(err)
	status := Status(code)
	id := RequestID(r.Context())
	if code == ims.Internal || code == ims.Unavailable {
		log.ErrorContext(r.Context(), "api error", "request_id", id, "err", err)
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

// ErrorPage answers err with the GOV.UK error page and the status the one table (Status) gives its
// code: "Page not found" for NotFound, otherwise the error page with the error's message and the
// request id to quote. An internal error's message is not shown; it and Unavailable errors are
// logged with the request id.
func (p *Pages) ErrorPage(w http.ResponseWriter, r *http.Request, err error) {
	code := ims.ErrorCode(err)
	message := ""
	if code != ims.Internal {
		message = ims.ErrorMessage(err)
	}
	if code == ims.Internal || code == ims.Unavailable {
		p.Log.ErrorContext(r.Context(), "request failed", "request_id", RequestID(r.Context()), "err", err)
	}
	p.Error(w, r, Status(code), message)
}

// ErrorPage answers err with the site's GOV.UK error page (see Pages.ErrorPage).
func (s *Server) ErrorPage(w http.ResponseWriter, r *http.Request, err error) {
	s.pages().ErrorPage(w, r, err)
}
