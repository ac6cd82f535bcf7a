package imports_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/imports"
	"github.com/ims-council/ims/internal/secretbox"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/webhooks"
)

// A posted import tells the subscribers to import.completed, once, with its totals, in the
// transaction that posts it.
func TestAPostedImportEnqueuesImportCompleted(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		demotest.Council(t, db)
		box, err := secretbox.New(strings.Repeat("k", 40))
		if err != nil {
			t.Fatal(err)
		}
		db.Secrets = box
		admin := ims.Principal{UserID: 1, Roles: []ims.Role{ims.SystemAdmin}}
		if _, _, err := webhooks.New(db, nil).Create(context.Background(), admin, ims.WebhookSubscriber{Name: "Finance",
			URL: "https://finance.example.gov.uk/ims", Events: []ims.WebhookEventType{ims.EventImportCompleted}, Enabled: true}); err != nil {
			t.Fatal(err)
		}
		imp, err := importNow(t, imports.New(db), ims.System(), "IMSCSV", councilCSV, imports.Request{})
		if err != nil {
			t.Fatal(err)
		}
		var payloads []string
		rows, err := db.SQL.Query(`SELECT e.payload FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var p string
			if err := rows.Scan(&p); err != nil {
				t.Fatal(err)
			}
			payloads = append(payloads, p)
		}
		if len(payloads) != 1 {
			t.Fatalf("%d deliveries after one import; want 1", len(payloads))
		}
		var got struct {
			Type string              `json:"type"`
			Data webhooks.ImportData `json:"data"`
		}
		if err := json.Unmarshal([]byte(payloads[0]), &got); err != nil {
			t.Fatal(err)
		}
		if got.Type != "import.completed" || got.Data.ImportID != imp.ID || got.Data.State != ims.ImportPosted ||
			got.Data.ReceiptNumber != imp.Receipt || got.Data.Totals != imp.Totals {
			t.Errorf("payload %s; want import %d posted with receipt %s and its totals", payloads[0], imp.ID, imp.Receipt)
		}
	})
}
