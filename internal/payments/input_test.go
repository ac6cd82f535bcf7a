package payments_test

import (
	"strings"
	"testing"

	"github.com/ims-council/ims/internal/psp/govukpaysim"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// An amount in another currency is refused on its line, and nothing is recorded: "€35.00" was
// once taken as £35.00.
func TestPaymentInAnotherCurrencyIsRefused(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		for i, amount := range []string{"€35.00", "$35.00", "35.00 EUR"} {
			status, body := r.apiCreate(t, "currency-"+string(rune('a'+i)), strings.Replace(basket, `"35.00"`, `"`+amount+`"`, 1))
			errs, _ := body["errors"].(map[string]any)
			if msg, _ := errs["lines[0].amount"].(string); status != 422 || !strings.Contains(msg, "only pounds (£) are accepted") {
				t.Errorf("amount %s: %d %v; want 422 on lines[0].amount saying only pounds are accepted", amount, status, body)
			}
		}
		var n int
		must(t, db.SQL.QueryRow(`SELECT COUNT(*) FROM pending_payments`).Scan(&n))
		if n != 0 {
			t.Errorf("%d payments recorded in another currency", n)
		}
	})
}

// A reference typed in full-width characters is the same reference as its ASCII form (Unicode
// NFKC), also for a fund with no validator; one holding a control character or U+FFFD is refused.
func TestPaymentReferencesAreNormalised(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		status, got := r.apiCreate(t, "full-width", strings.Replace(basket, "SI/26/00401", "ＳＩ／２６／００４０１", 1))
		lines, _ := got["lines"].([]any)
		if status != 201 || len(lines) != 2 || lines[1].(map[string]any)["reference"] != "SI/26/00401" {
			t.Fatalf("full-width reference: %d %v; want it recorded as SI/26/00401", status, got)
		}
		for name, ref := range map[string]string{"NUL": `SI/26\u0000/00402`, "line break": `SI/26\n00402`, "U+FFFD": "SI/26/\uFFFD0402"} {
			status, body := r.apiCreate(t, "bad-"+strings.ReplaceAll(name, " ", "-"), strings.Replace(basket, "SI/26/00401", ref, 1))
			errs, _ := body["errors"].(map[string]any)
			if status != 422 || errs["lines[1].reference"] == nil {
				t.Errorf("%s in a reference: %d %v; want 422 on lines[1].reference", name, status, body)
			}
		}
	})
}
