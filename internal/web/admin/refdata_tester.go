package admin

import (
	"maps"
	"net/http"
	"slices"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// testerView is the reference tester on a fund's page: a GET form (it reads only), and after a
// test each rule of the fund's validator with its outcome.
type testerView struct {
	Action    string
	Reference string // as typed
	Tested    bool
	Recorded  string // the reference as it would be recorded
	Steps     []ims.ReferenceStep
	Problem   string // what a payer would be told; "" when accepted
	Broken    string // the validator or scheme is set up wrongly
}

// testReference shows the fund's page with the steps of the reference in ?reference= (GET
// /admin/funds/{key}/test), using the same rules as the portal and the API.
func (a *Admin) testReference(w http.ResponseWriter, r *http.Request) {
	p, key := web.PrincipalFrom(r.Context()), r.PathValue("key")
	ref := r.URL.Query().Get("reference")
	t, err := a.RefData.TestReference(r.Context(), p, key, ref)
	view := &testerView{Reference: ref, Tested: true}
	switch {
	case ims.ErrorCode(err) == ims.Invalid:
		view.Broken = ims.ErrorMessage(err)
		fields := ims.ErrorFields(err)
		for _, name := range slices.Sorted(maps.Keys(fields)) {
			view.Broken += " (" + name + ": " + fields[name] + ")"
		}
	case err != nil:
		a.fail(w, r, err)
		return
	default:
		view.Recorded, view.Steps, view.Problem = t.Reference, t.Steps, t.Problem
	}
	showRecordWith(a, fundKind(), w, r, http.StatusOK, nil, view)
}
