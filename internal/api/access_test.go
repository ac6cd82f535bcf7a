package api_test

import (
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/ims-council/ims/internal/api"
)

// TestRouteAccessMatchesTheContract: each API route declares the access its operation in
// openapi.yaml documents — `security: []` for a public route, "Needs scope `x`" for the scope a
// route needs — and every operation has a route, so the table the server enforces and the contract
// callers read cannot drift apart.
func TestRouteAccessMatchesTheContract(t *testing.T) {
	b, err := api.OpenAPIJSON()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(b)
	if err != nil {
		t.Fatal(err)
	}
	routed := map[string]bool{}
	for _, r := range (&api.API{}).Routes() {
		method, path, ok := strings.Cut(r.Pattern, " ")
		if !ok {
			continue // a catch-all, not an operation
		}
		routed[method+" "+path] = true
		item := doc.Paths.Value(path)
		if item == nil || item.GetOperation(method) == nil {
			t.Errorf("%s is routed but not in openapi.yaml", r.Pattern)
			continue
		}
		op := item.GetOperation(method)
		description := strings.Join(strings.Fields(op.Description), " ")
		public := op.Security != nil && len(*op.Security) == 0
		switch {
		case r.Access.IsPublic() != public:
			t.Errorf("%s is declared %s; openapi.yaml says public: %v", r.Pattern, r.Access, public)
		case !public && !strings.Contains(description, "Needs scope `"+string(r.Access.Scope())+"`"):
			t.Errorf("%s is declared %s; openapi.yaml's description does not say it needs that scope:\n%s", r.Pattern, r.Access, description)
		}
	}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			if !routed[method+" "+path] {
				t.Errorf("openapi.yaml documents %s %s, which no route serves", method, path)
			}
		}
	}
}
