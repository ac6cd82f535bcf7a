package api

import (
	"encoding/json"
	"net/http"

	"github.com/ims-council/ims/internal/web"
)

// problem writes err as problem+json, with the status web.Status gives its code.
func (a *API) problem(w http.ResponseWriter, r *http.Request, err error) {
	web.WriteProblem(w, r, a.Log, err)
}

// writeJSON writes v as a JSON response.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
