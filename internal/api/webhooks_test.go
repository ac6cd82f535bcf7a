package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/api/apitest"
	"github.com/ims-council/ims/internal/app/apptest"
	"github.com/ims-council/ims/internal/secretbox"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
	"github.com/ims-council/ims/internal/webhooks"
)

// A client with scope webhooks adds a subscriber (a plain-http URL elsewhere than localhost is
// named on its field), gets its secret once, changes and lists it, reads a delivery that was given
// up and sends it again; a client without the scope is refused; every answer matches the contract.
func TestWebhooksOverTheAPI(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		box, err := secretbox.New(apptest.SecretKey) // as ims serve does with IMS_SECRET_KEY
		if err != nil {
			t.Fatal(err)
		}
		db.Secrets = box
		token := func(scope ims.Scope) string {
			_, tok, err := users.New(db).CreateAPIClient(ctx, ims.System(), ims.APIClient{Name: "hooks " + string(scope), Scopes: []ims.Scope{scope}})
			if err != nil {
				t.Fatal(err)
			}
			return tok
		}
		client, other := token(ims.ScopeWebhooks), token(ims.ScopePayments)
		_, srv := apptest.Serve(t, db)
		contract := apitest.Contract(t)
		call := func(method, path, tok, body string) (int, map[string]any) {
			t.Helper()
			req, _ := http.NewRequest(method, srv.URL+path, bytes.NewBufferString(body))
			if body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			req.Header.Set("Authorization", "Bearer "+tok)
			res, b := apitest.Do(t, contract, req)
			var out map[string]any
			_ = json.Unmarshal(b, &out)
			return res.StatusCode, out
		}
		if status, _ := call("GET", "/api/v1/webhooks", other, ""); status != http.StatusForbidden {
			t.Errorf("without scope webhooks: %d; want 403", status)
		}
		status, bad := call("POST", "/api/v1/webhooks", client, `{"name":"Rents","url":"http://rents.example.gov.uk/","events":["payment.succeeded"]}`)
		if errs, _ := bad["errors"].(map[string]any); status != http.StatusUnprocessableEntity || !strings.Contains(fmt.Sprint(errs["url"]), "https://") {
			t.Errorf("plain http elsewhere: %d %v; want 422 naming url", status, bad)
		}
		status, created := call("POST", "/api/v1/webhooks", client, `{"name":"Rents","url":"https://rents.example.gov.uk/ims","events":["payment.succeeded","import.completed"]}`)
		secret, _ := created["secret"].(string)
		if status != http.StatusCreated || !strings.HasPrefix(secret, "whsec_") || created["enabled"] != true {
			t.Fatalf("create: %d %v", status, created)
		}
		id := fmt.Sprint(created["id"])
		status, got := call("GET", "/api/v1/webhooks/"+id, client, "")
		if _, shown := got["secret"]; status != http.StatusOK || shown {
			t.Errorf("read back: %d %v; want the subscriber without its secret", status, got)
		}
		status, changed := call("PUT", "/api/v1/webhooks/"+id, client, `{"name":"Rents system","url":"https://rents.example.gov.uk/ims","events":["refund.failed"],"enabled":false}`)
		if status != http.StatusOK || changed["name"] != "Rents system" || changed["enabled"] != false {
			t.Errorf("update: %d %v", status, changed)
		}
		if status, list := call("GET", "/api/v1/webhooks", client, ""); status != http.StatusOK || len(list["webhooks"].([]any)) != 1 {
			t.Errorf("list: %d %v", status, list)
		}
		if status, rotated := call("POST", "/api/v1/webhooks/"+id+"/secret", client, ""); status != http.StatusOK || rotated["secret"] == secret {
			t.Errorf("new secret: %d %v", status, rotated)
		}

		// A delivery given up on: its subscriber was disabled before it was sent.
		if status, _ := call("PUT", "/api/v1/webhooks/"+id, client, `{"name":"Rents system","url":"https://rents.example.gov.uk/ims","events":["refund.failed"]}`); status != http.StatusOK {
			t.Fatalf("enabling: %d", status)
		}
		if err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			return webhooks.Enqueue(ctx, tx, ims.WebhookEvent{Type: ims.EventRefundFailed, Data: map[string]string{"refund_id": "rf_1"}})
		}); err != nil {
			t.Fatal(err)
		}
		status, ds := call("GET", "/api/v1/webhooks/"+id+"/deliveries", client, "")
		deliveries, _ := ds["deliveries"].([]any)
		if status != http.StatusOK || len(deliveries) != 1 {
			t.Fatalf("deliveries: %d %v", status, ds)
		}
		delivery := fmt.Sprint(deliveries[0].(map[string]any)["id"])
		if status, _ := call("POST", "/api/v1/webhook-deliveries/"+delivery+"/resend", client, ""); status != http.StatusConflict {
			t.Errorf("re-send of a pending delivery: %d; want 409", status)
		}
		if status, _ := call("PUT", "/api/v1/webhooks/"+id, client, `{"name":"Rents system","url":"https://rents.example.gov.uk/ims","events":["refund.failed"],"enabled":false}`); status != http.StatusOK {
			t.Fatalf("disabling: %d", status)
		}
		did := int64(deliveries[0].(map[string]any)["id"].(float64))
		if err := webhooks.New(db, nil).Deliver(ctx, did, false); err != nil {
			t.Fatal(err)
		}
		status, one := call("GET", "/api/v1/webhook-deliveries/"+delivery, client, "")
		log, _ := one["log"].([]any)
		if status != http.StatusOK || one["state"] != "failed" || len(log) != 1 || !strings.Contains(fmt.Sprint(log[0]), "disabled") {
			t.Errorf("given-up delivery: %d %v", status, one)
		}
		if status, again := call("POST", "/api/v1/webhook-deliveries/"+delivery+"/resend", client, ""); status != http.StatusAccepted || again["state"] != "pending" {
			t.Errorf("re-send: %d %v", status, again)
		}
		if status, _ := call("GET", "/api/v1/webhook-deliveries/999999", client, ""); status != http.StatusNotFound {
			t.Errorf("unknown delivery: %d; want 404", status)
		}
	})
}
