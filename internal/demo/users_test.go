package demo_test

import (
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// The demo's finance officer, refunders, journal and transfer users can find and open the receipts
// their work is about; the cashier cannot (their job is taking payments).
func TestDemoUsersCanDoTheirJobs(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		creds := load(t, db)
		roles := map[string][]ims.Role{}
		for _, c := range creds {
			roles[c.Email] = c.Roles
		}
		has := func(email string, r ims.Role) bool {
			p := ims.Principal{Roles: roles[email]}
			return p.HasRole(r)
		}
		for _, email := range []string{"finance@demo.example", "refund@demo.example", "partialrefund@demo.example",
			"refundapprover@demo.example", "journal@demo.example", "transfer@demo.example"} {
			if !has(email, ims.TransactionList) || !has(email, ims.TransactionDetails) {
				t.Errorf("%s holds %v; want TransactionList and TransactionDetails too", email, roles[email])
			}
		}
		if !has("finance@demo.example", ims.Reporting) || !has("partialrefund@demo.example", ims.Refund) {
			t.Errorf("finance holds %v, partial refund %v", roles["finance@demo.example"], roles["partialrefund@demo.example"])
		}
		if has("payments@demo.example", ims.TransactionList) {
			t.Errorf("the cashier holds %v; want no transaction search", roles["payments@demo.example"])
		}
	})
}
