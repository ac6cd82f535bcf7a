package payments_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/ims-council/ims/internal/api/apitest"
)

// doAPI sends an API request and checks it and its response against openapi.yaml, so the payment
// and refund endpoints cannot drift from the contract callers build against.
func (r *rig) doAPI(t *testing.T, req *http.Request) (int, map[string]any) {
	t.Helper()
	res, body := apitest.Do(t, r.contract, req)
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("%d %s is not JSON", res.StatusCode, body)
	}
	return res.StatusCode, m
}
