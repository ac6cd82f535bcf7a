package payments_test

import (
	"strings"
	"testing"

	"github.com/ims-council/ims/internal/psp/govukpaysim"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// A payment request with several mistakes is answered with every one of them, each under its
// field, so the caller corrects them all at once instead of one per request.
func TestPaymentRequestReportsEveryProblem(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		wrongCheckDigit := strings.Replace(basket, "BJ99518409", "BJ99518408", 1)
		cases := map[string]struct {
			body   string
			fields []string
		}{
			"return URL and reference": {strings.Replace(wrongCheckDigit, "https://shop", "http://shop", 1),
				[]string{"return_url", "lines[0].reference"}},
			"unreadable amount and another line's reference": {strings.Replace(strings.Replace(basket, "35.00", "35.001", 1), "SI/26/00401", "4444333322221111", 1),
				[]string{"lines[0].amount", "lines[1].reference"}},
			"amount over the fund's maximum and reference of the same line": {strings.Replace(wrongCheckDigit, "35.00", "5000.01", 1),
				[]string{"lines[0].amount", "lines[0].reference"}},
			"reference and email": {strings.Replace(wrongCheckDigit, "payer@example.com", "not an email", 1),
				[]string{"lines[0].reference", "payer.email"}},
		}
		for name, c := range cases {
			status, body := r.apiCreate(t, "every-"+strings.ReplaceAll(name, " ", "-"), c.body)
			errs, _ := body["errors"].(map[string]any)
			if status != 422 || len(errs) != len(c.fields) {
				t.Errorf("%s: %d %v; want 422 naming %v", name, status, body, c.fields)
				continue
			}
			for _, f := range c.fields {
				if msg, _ := errs[f].(string); msg == "" {
					t.Errorf("%s: no error for %s in %v", name, f, errs)
				}
			}
		}
		var n int
		must(t, db.SQL.QueryRow(`SELECT COUNT(*) FROM pending_payments`).Scan(&n))
		if n != 0 {
			t.Errorf("%d pending payments recorded from refused requests", n)
		}
	})
}
