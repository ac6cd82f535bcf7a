package payments_test

import (
	"testing"

	"github.com/ims-council/ims/internal/psp/govukpaysim"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// A request repeated with its Idempotency-Key (an integrator's retry after a timeout) is answered
// with the first payment even when its basket would no longer pass its checks — here its fund was
// disabled in between — and the key is looked up only after the new payment is refused.
func TestARepeatedRequestGetsItsPaymentAfterTheReferenceDataChanged(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		status, first := r.apiCreate(t, "order-9", basket)
		if status != 201 {
			t.Fatalf("create: %d %v", status, first)
		}
		_, err := db.SQL.Exec(`UPDATE funds SET disabled = TRUE WHERE code = '11'`)
		must(t, err)
		status, again := r.apiCreate(t, "order-9", basket)
		if status != 200 || again["id"] != first["id"] {
			t.Errorf("repeat after the fund was disabled: %d %v; want 200 and payment %v", status, again, first["id"])
		}
		if status, refused := r.apiCreate(t, "order-10", basket); status != 422 {
			t.Errorf("a new request for the disabled fund: %d %v; want 422", status, refused)
		}
	})
}
