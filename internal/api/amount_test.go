package api_test

import (
	"strings"
	"testing"

	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// An amount in another currency is refused with the reason, never read as pounds: "€5.00" and
// "$5.00" were once checked as £5.00.
func TestAmountsInOtherCurrenciesAreRefused(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		for _, amount := range []string{`"€5.00"`, `"$5.00"`, `"5.00 EUR"`} {
			status, body := f.post(t, "/api/v1/reference-checks", f.token,
				`{"fund_code":"11","reference":"BJ99518409","amount":`+amount+`}`)
			errs, _ := body["errors"].(map[string]any)
			msg, _ := errs["amount"].(string)
			if status != 422 || !strings.Contains(msg, "only pounds (£) are accepted") {
				t.Errorf("amount %s: %d %v; want 422 saying only pounds are accepted", amount, status, body)
			}
		}
		if status, body := f.post(t, "/api/v1/reference-checks", f.token,
			`{"fund_code":"11","reference":"BJ99518409","amount":"5.00"}`); status != 200 || body["valid"] != true {
			t.Errorf("amount 5.00: %d %v; want it accepted", status, body)
		}
	})
}
