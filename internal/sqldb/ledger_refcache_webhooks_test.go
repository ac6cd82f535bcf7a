package sqldb_test

import (
	"context"
	"testing"

	"github.com/ims-council/ims/internal/sqldb"
)

// The webhook subscribers a ledger batch sends its events to are kept by the writer across batches
// (a card payment's outcome asks for them while holding the chain heads), and a subscriber added,
// disabled or deleted through another instance or by hand in SQL is seen by the next batch: those
// changes advance the reference data version (migration 00033). A change that does not advance it
// is not seen, which shows the batches do keep them.
func TestBatchesSeeWebhookSubscribersChangedElsewhere(t *testing.T) {
	onTwoInstances(t, func(t *testing.T, a, b *sqldb.DB) {
		ctx := context.Background()
		subscribers := func() []string {
			t.Helper()
			var names []string
			if err := a.InLedgerTx(ctx, func(tx *sqldb.Tx) error {
				subs, err := tx.EnabledWebhookSubscribers(ctx)
				names = nil
				for _, s := range subs {
					names = append(names, s.Name)
				}
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return names
		}
		exec := func(query string) {
			t.Helper()
			if _, err := b.SQL.ExecContext(ctx, query); err != nil {
				t.Fatal(err)
			}
		}
		want := func(got []string, want ...string) {
			t.Helper()
			if len(got) != len(want) {
				t.Fatalf("subscribers %q; want %q", got, want)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("subscribers %q; want %q", got, want)
				}
			}
		}
		want(subscribers())
		exec(`INSERT INTO webhook_subscribers (name, url, events, secret_sealed, enabled, created_at, updated_at)
		VALUES ('finance-system', 'https://finance.example.org/hooks', 'payment.succeeded', '', TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`)
		want(subscribers(), "finance-system")
		want(subscribers(), "finance-system") // from the writer's cache
		exec(`INSERT INTO webhook_subscribers (name, url, events, secret_sealed, enabled, created_at, updated_at)
		VALUES ('crm', 'https://crm.example.org/hooks', 'payment.succeeded', '', TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`)
		want(subscribers(), "finance-system", "crm")
		exec(`UPDATE webhook_subscribers SET enabled = FALSE WHERE name = 'finance-system'`)
		want(subscribers(), "crm")

		// Without the version advancing, the batches keep what they read.
		if a.Engine == sqldb.Postgres {
			exec(`ALTER TABLE webhook_subscribers DISABLE TRIGGER webhook_subscribers_reference_data_version`)
		} else {
			exec(`DROP TRIGGER webhook_subscribers_reference_data_delete`)
		}
		exec(`DELETE FROM webhook_subscribers WHERE name = 'crm'`)
		want(subscribers(), "crm")
		exec(`UPDATE chain_heads SET seq = seq + 1 WHERE name = 'reference_data'`)
		want(subscribers())
	})
}
