package api

import (
	"net/http"
	"strconv"

	"github.com/ims-council/ims"
)

// importListJSON is a page of imports, newest first; next_before continues it.
type importListJSON struct {
	Items      []ims.Import `json:"items"`
	NextBefore int64        `json:"next_before,omitempty"`
}

// importStates are the values the list's status filter takes.
var importStates = map[string]bool{ims.ImportQueued: true, ims.ImportRunning: true, ims.ImportPosted: true,
	ims.ImportFailed: true, ims.ImportReversed: true}

// listImports answers GET /api/v1/imports: the imports this client started, newest first, filtered
// by status and import type, a page at a time (send next_before back as before).
func (a *API) listImports(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	problems := ims.Problems{}
	f := ims.ImportFilter{ImportType: v.Get("import_type"), State: v.Get("status"), Limit: 50}
	if f.State != "" && !importStates[f.State] {
		problems.Add("status", "status must be one of queued, running, posted, failed or reversed")
	}
	if s := v.Get("before"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1 {
			problems.Add("before", "before must be an import id, a whole number from 1")
		}
		f.Before = n
	}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 200 {
			problems.Add("limit", "limit must be a whole number from 1 to 200")
		}
		f.Limit = n
	}
	if len(problems) > 0 {
		a.problem(w, r, problems.Err("The query is not valid"))
		return
	}
	limit := f.Limit
	f.Limit++ // one more than asked for says whether there is a next page
	list, err := a.Imports.List(r.Context(), principal(r.Context()), f)
	if err != nil {
		a.problem(w, r, err)
		return
	}
	out := importListJSON{Items: list}
	if len(list) > limit {
		out.Items = list[:limit]
		out.NextBefore = list[limit-1].ID
	}
	writeJSON(w, http.StatusOK, out)
}
