package sqldb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// A receipt composed in a ledger batch names the council as it is now, though the writer keeps
// the organisation across batches: a change through another instance, or by hand in SQL, advances
// the reference data version (migration 00032), and the next batch reads it again.
func TestReceiptInABatchNamesTheOrganisationChangedElsewhere(t *testing.T) {
	onTwoInstances(t, func(t *testing.T, a, b *sqldb.DB) {
		ctx := context.Background()
		p := ims.System()
		n := 0
		receiptNames := func(want string) {
			t.Helper()
			n++
			pp := ims.PendingPayment{ID: "pay-" + strings.Repeat("x", n), Payer: ims.Payer{Email: "payer@example.org"}}
			if err := a.InLedgerTx(ctx, func(tx *sqldb.Tx) error {
				return tx.QueueReceiptEmail(ctx, pp, ims.Posting{ReceiptNumber: "R" + pp.ID}, "")
			}); err != nil {
				t.Fatal(err)
			}
			emails, err := a.OutboxEmails(ctx, 0, 1)
			if err != nil || len(emails) != 1 {
				t.Fatalf("outbox: %v %v", emails, err)
			}
			e, err := a.Email(ctx, emails[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(e.Payload, `"`+want+`"`) {
				t.Fatalf("receipt %d names %s; want %q", n, e.Payload, want)
			}
		}
		if err := b.SetOrganisation(ctx, p, ims.Organisation{Name: "Borough of Ayton"}); err != nil {
			t.Fatal(err)
		}
		receiptNames("Borough of Ayton")
		receiptNames("Borough of Ayton") // from the writer's cache
		if err := b.SetOrganisation(ctx, p, ims.Organisation{Name: "Borough of Beeston"}); err != nil {
			t.Fatal(err)
		}
		receiptNames("Borough of Beeston")
		if _, err := b.SQL.ExecContext(ctx, `UPDATE organisation SET body = $1 WHERE id = 1`,
			`{"name":"Borough of Cowling"}`); err != nil {
			t.Fatal(err)
		}
		receiptNames("Borough of Cowling")
	})
}
