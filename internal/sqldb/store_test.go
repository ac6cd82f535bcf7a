package sqldb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/secretbox"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

func TestProviderSecretsAreSealedAtRest(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		acct := sqldb.ProviderAccount{ProviderAccount: ims.ProviderAccount{Name: "govukpay", Provider: "govukpay", APIKey: "api_test_secretkey123", WebhookSecret: "whsec_abc"}}
		if err := db.ProviderAccounts().Put(ctx, admin, acct); ims.ErrorCode(err) != ims.Invalid {
			t.Fatalf("storing a secret without IMS_SECRET_KEY: %v", err)
		}
		box, err := secretbox.New(strings.Repeat("k", 40))
		must(t, err)
		db.Secrets = box
		must(t, db.ProviderAccounts().Put(ctx, admin, acct))
		var sealed string
		must(t, db.SQL.QueryRow(`SELECT api_key_sealed FROM provider_accounts`).Scan(&sealed))
		if strings.Contains(sealed, "secretkey123") {
			t.Fatalf("API key stored in clear: %q", sealed)
		}
		acct.APIKey, acct.WebhookSecret = "", "" // blank on update keeps the stored secrets
		acct.BaseURL = "https://publicapi.payments.service.gov.uk"
		must(t, db.ProviderAccounts().Put(ctx, admin, acct))
		key, secret, err := db.ProviderSecrets(ctx, "govukpay")
		if err != nil || key != "api_test_secretkey123" || secret != "whsec_abc" {
			t.Fatalf("secrets = %q %q %v", key, secret, err)
		}
		events, err := db.AuditEvents(ctx, sqldb.AuditFilter{Entity: "payment provider account"})
		must(t, err)
		for _, e := range events {
			if strings.Contains(e.After+e.Before, "secretkey123") || strings.Contains(e.After+e.Before, "whsec_abc") {
				t.Errorf("audit trail holds a secret: %+v", e)
			}
		}
		got, err := db.ProviderAccounts().Get(ctx, "govukpay")
		if err != nil || !got.HasAPIKey || got.APIKey != "" {
			t.Errorf("read back %+v %v", got, err)
		}
	})
}

func TestCodesUsedByTheLedgerCanOnlyBeDisabled(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		seedLedgerData(t, db)
		ctx := context.Background()
		_, err := ledger.New(db).Post(ctx, system, payment("5.00"))
		must(t, err)
		if err := db.Funds().Delete(ctx, admin, "23"); ims.ErrorCode(err) != ims.Conflict || !strings.Contains(ims.ErrorMessage(err), "disable") {
			t.Fatalf("deleting a used fund: %v", err)
		}
		if err := db.MOPs().Delete(ctx, admin, "1"); ims.ErrorCode(err) != ims.Conflict {
			t.Fatalf("deleting a used MOP: %v", err)
		}
		must(t, db.Funds().Delete(ctx, admin, "11")) // never used
		f, err := db.Funds().Get(ctx, "23")
		must(t, err)
		f.Disabled = true
		must(t, db.Funds().Put(ctx, admin, f))
		if _, err := ledger.New(db).Post(ctx, system, payment("5.00")); ims.ErrorFields(err)["entries[0].fund_code"] == "" {
			t.Fatalf("posting to a disabled fund: %v", err)
		}
	})
}

func TestUsedVATCodeAndOfficeCannotBeDeleted(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		seedLedgerData(t, db)
		ctx := context.Background()
		must(t, db.Offices().Put(ctx, admin, ims.Office{Code: "CO", Name: "Cash office"}))
		np := payment("5.00")
		np.Office = "CO"
		_, err := ledger.New(db).Post(ctx, system, np)
		must(t, err)
		for name, del := range map[string]func() error{
			"VAT code": func() error { return db.VATCodes().Delete(ctx, admin, "M0") },
			"office":   func() error { return db.Offices().Delete(ctx, admin, "CO") },
		} {
			if err := del(); ims.ErrorCode(err) != ims.Conflict {
				t.Errorf("deleting a used %s: %v", name, err)
			}
		}
		must(t, db.Offices().Put(ctx, admin, ims.Office{Code: "PR", Name: "Post room"}))
		must(t, db.Offices().Delete(ctx, admin, "PR")) // never used
	})
}
