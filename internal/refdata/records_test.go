package refdata_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/checkdigit"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/secretbox"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
	"github.com/ims-council/ims/money"
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// seed creates a VAT code, two funds, a MOP and posts one payment to fund 13 by cash.
func seed(t *testing.T, db *sqldb.DB, svc *refdata.Service) {
	t.Helper()
	ctx := context.Background()
	must(t, svc.VATCodes().Create(ctx, admin, ims.VATCode{Code: "W0", Name: "Standard", Rate: 2000}))
	must(t, svc.Funds().Create(ctx, admin, ims.Fund{Code: "13", Name: "Misc cash", VATCode: "W0"}))
	must(t, svc.Funds().Create(ctx, admin, ims.Fund{Code: "14", Name: "Unused", VATCode: "W0"}))
	must(t, svc.MOPs().Create(ctx, admin, ims.MOP{Code: "1", Name: "Cash", Kind: ims.KindCash}))
	_, err := ledger.New(db).Post(ctx, ims.Principal{UserID: 2, Roles: []ims.Role{ims.PostPayment}},
		ims.NewPosting{Kind: ims.PostingManual, Source: ims.SourceStaff, Entries: []ims.NewLedgerEntry{
			{Kind: ims.EntryPayment, Fund: "13", Reference: "X1", MOP: "1", Amount: money.MustParse("5.00")}}})
	must(t, err)
}

// lastAudit returns the latest audit event about entity id.
func lastAudit(t *testing.T, db *sqldb.DB, entity, id string) ims.AuditEvent {
	t.Helper()
	evs, err := db.AuditEvents(context.Background(), sqldb.AuditFilter{Entity: entity, EntityID: id, Limit: 1000})
	must(t, err)
	if len(evs) == 0 {
		t.Fatalf("no audit event for %s %s", entity, id)
	}
	return evs[len(evs)-1]
}

// A code the ledger uses cannot be deleted: the refusal names why and the record can be disabled
// instead; an unused one is deleted. Each change is audited before → after.
func TestDeleteOfAUsedCodeIsRefusedAndDisableOffered(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		svc := refdata.New(db)
		seed(t, db, svc)
		funds := svc.Funds()

		err := funds.Delete(ctx, admin, "13")
		if ims.ErrorCode(err) != ims.Conflict || !strings.Contains(err.Error(), "ledger entries use it") ||
			!strings.Contains(err.Error(), "Disable it instead") {
			t.Fatalf("deleting a fund with ledger entries: %v; want a Conflict naming ledger entries and offering disable", err)
		}
		if !funds.Disableable() {
			t.Fatal("funds cannot be disabled")
		}
		must(t, funds.Disable(ctx, admin, "13"))
		if f, err := funds.Get(ctx, admin, "13"); err != nil || !f.Disabled {
			t.Fatalf("fund after Disable = %+v, %v", f, err)
		}
		ev := lastAudit(t, db, "fund", "13")
		if ev.Action != "update" || !strings.Contains(ev.Before, `"code":"13"`) || strings.Contains(ev.Before, `"disabled":true`) ||
			!strings.Contains(ev.After, `"disabled":true`) {
			t.Errorf("audit of the disable = %s %s → %s", ev.Action, ev.Before, ev.After)
		}

		// The VAT code is used by the ledger and by both funds: all are named.
		err = svc.VATCodes().Delete(ctx, admin, "W0")
		if ims.ErrorCode(err) != ims.Conflict || !strings.Contains(err.Error(), "ledger entries and funds use it") {
			t.Errorf("deleting a used VAT code: %v", err)
		}

		// A fund group held by nobody is deleted; one a fund group uses a fund so the fund stays.
		must(t, svc.FundGroups().Create(ctx, admin, ims.FundGroup{Code: "misc", Name: "Misc", Funds: []string{"14"}}))
		err = funds.Delete(ctx, admin, "14")
		if ims.ErrorCode(err) != ims.Conflict || !strings.Contains(err.Error(), "fund groups use it") {
			t.Errorf("deleting a fund in a fund group: %v", err)
		}
		// A group a user or an API client holds stays until they no longer hold it.
		must(t, svc.FundGroups().Create(ctx, admin, ims.FundGroup{Code: "front", Name: "Front office"}))
		must(t, svc.FundGroups().Create(ctx, admin, ims.FundGroup{Code: "cms", Name: "Case management"}))
		userAdmin := ims.Principal{UserID: 99, Roles: []ims.Role{ims.UserAdmin}}
		_, err = users.New(db).CreateUser(ctx, userAdmin, ims.User{Email: "c@example.gov.uk", Name: "C", FundGroups: []string{"front"}},
			"correct horse battery staple", auth.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32})
		must(t, err)
		_, _, err = users.New(db).CreateAPIClient(ctx, userAdmin, ims.APIClient{Name: "cms", Scopes: []ims.Scope{ims.ScopeReferenceData}, FundGroups: []string{"cms"}})
		must(t, err)
		for group, want := range map[string]string{"front": "Fund group front cannot be deleted because users use it. Remove it from them first.",
			"cms": "Fund group cms cannot be deleted because API clients use it."} {
			if err := svc.FundGroups().Delete(ctx, admin, group); ims.ErrorCode(err) != ims.Conflict || !strings.Contains(err.Error(), want) {
				t.Errorf("deleting fund group %s: %v; want %q", group, err, want)
			}
		}
		must(t, svc.FundGroups().Delete(ctx, admin, "misc"))
		must(t, funds.Delete(ctx, admin, "14"))
		if _, err := funds.Get(ctx, admin, "14"); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("deleted fund: %v, want NotFound", err)
		}
		ev = lastAudit(t, db, "fund", "14")
		if ev.Action != "delete" || !strings.Contains(ev.Before, `"name":"Unused"`) || ev.After != "" {
			t.Errorf("audit of the delete = %s %s → %s", ev.Action, ev.Before, ev.After)
		}

		// A fund message an account holder is stopped with stays.
		must(t, svc.FundMessages().Create(ctx, admin, ims.FundMessage{Fund: "13", Code: "BANK", Text: "Bankrupt: call us"}))
		must(t, refdata.Put(ctx, admin, db.AccountHolders(), ims.AccountHolder{Fund: "13", Reference: "X1", Name: "A Holder", StopMessage: "BANK"}))
		err = svc.FundMessages().Delete(ctx, admin, "13:BANK")
		if ims.ErrorCode(err) != ims.Conflict || !strings.Contains(err.Error(), "account holders use it") {
			t.Errorf("deleting a fund message an account holder has: %v", err)
		}
		if _, err := svc.FundMessages().Get(ctx, admin, "13-BANK"); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("a malformed fund message address: %v", err)
		}

		// Kinds without a disabled flag say what to do instead.
		must(t, svc.CheckDigitSchemes().Create(ctx, admin, checkdigit.Luhn()))
		must(t, svc.ReferenceValidators().Create(ctx, admin, ims.ReferenceValidator{Code: "CARD", Name: "Card", CheckDigitScheme: "Luhn"}))
		err = svc.CheckDigitSchemes().Delete(ctx, admin, "Luhn")
		if ims.ErrorCode(err) != ims.Conflict || !strings.Contains(err.Error(), "reference validators use it. Remove it from them first") {
			t.Errorf("deleting a scheme a validator uses: %v", err)
		}
		if svc.CheckDigitSchemes().Disableable() || ims.ErrorCode(svc.CheckDigitSchemes().Disable(ctx, admin, "Luhn")) != ims.Invalid {
			t.Error("a check digit scheme can be disabled")
		}
	})
}

// Create does not overwrite and Update does not create; both are refused without SystemAdmin.
func TestCreateAndUpdateAreDistinct(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		offices := refdata.New(db).Offices()
		must(t, offices.Create(ctx, admin, ims.Office{Code: "CO", Name: "Cash office"}))
		err := offices.Create(ctx, admin, ims.Office{Code: "CO", Name: "Other"})
		if ims.ErrorFields(err)["code"] != "Office CO already exists" {
			t.Errorf("creating a taken code: %v (fields %v)", err, ims.ErrorFields(err))
		}
		if ims.ErrorCode(offices.Update(ctx, admin, ims.Office{Code: "PR", Name: "Post room"})) != ims.NotFound {
			t.Error("Update created a missing office")
		}
		must(t, offices.Update(ctx, admin, ims.Office{Code: "CO", Name: "Main cash office"}))
		ev := lastAudit(t, db, "office", "CO")
		if !strings.Contains(ev.Before, `"name":"Cash office"`) || !strings.Contains(ev.After, `"name":"Main cash office"`) {
			t.Errorf("audit of the update: %s → %s", ev.Before, ev.After)
		}
		clerk := ims.Principal{UserID: 5, Roles: []ims.Role{ims.Payments, ims.SuperUser}}
		if _, err := offices.List(ctx, clerk); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("List without SystemAdmin: %v", err)
		}
		if err := offices.Update(ctx, clerk, ims.Office{Code: "CO", Name: "Taken over"}); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("Update without SystemAdmin: %v", err)
		}
		if o, _ := offices.Get(ctx, admin, "CO"); o.Name != "Main cash office" {
			t.Errorf("office after a refused update: %+v", o)
		}
	})
}

// Provider secrets are write-only: never read back, kept when an edit leaves them blank, replaced
// when given, and never in the audit trail.
func TestProviderSecretsAreWriteOnly(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		box, err := secretbox.New(strings.Repeat("k", 40))
		must(t, err)
		db.Secrets = box
		accounts := refdata.New(db).ProviderAccounts()
		must(t, accounts.Create(ctx, admin, ims.ProviderAccount{Name: "pay", Provider: "govukpay", APIKey: "api-key-1", WebhookSecret: "hook-1"}))
		a, err := accounts.Get(ctx, admin, "pay")
		must(t, err)
		if a.APIKey != "" || a.WebhookSecret != "" || !a.HasAPIKey {
			t.Fatalf("account read back = %+v; want no secrets, HasAPIKey", a)
		}
		must(t, accounts.Update(ctx, admin, ims.ProviderAccount{Name: "pay", Provider: "govukpay", BaseURL: "https://example.test"}))
		if key, hook, err := db.ProviderSecrets(ctx, "pay"); err != nil || key != "api-key-1" || hook != "hook-1" {
			t.Errorf("secrets after an edit leaving them blank = %q, %q, %v", key, hook, err)
		}
		must(t, accounts.Update(ctx, admin, ims.ProviderAccount{Name: "pay", Provider: "govukpay", APIKey: "api-key-2"}))
		if key, hook, _ := db.ProviderSecrets(ctx, "pay"); key != "api-key-2" || hook != "hook-1" {
			t.Errorf("secrets after a new key = %q, %q", key, hook)
		}
		list, err := accounts.List(ctx, admin)
		must(t, err)
		if len(list) != 1 || list[0].APIKey != "" || list[0].BaseURL != "" {
			t.Errorf("list = %+v", list)
		}
		evs, err := db.AuditEvents(ctx, sqldb.AuditFilter{Entity: "payment provider account", Limit: 100})
		must(t, err)
		for _, ev := range evs {
			if strings.Contains(ev.Before+ev.After, "api-key") || strings.Contains(ev.Before+ev.After, "hook-1") {
				t.Errorf("a secret in the audit trail: %s → %s", ev.Before, ev.After)
			}
		}
	})
}

// The tester reports each step from the stored fund, validator and scheme.
func TestTestReference(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		svc := refdata.New(db)
		must(t, svc.VATCodes().Create(ctx, admin, ims.VATCode{Code: "N0", Name: "Zero"}))
		must(t, svc.CheckDigitSchemes().Create(ctx, admin, checkdigit.Luhn()))
		must(t, svc.ReferenceValidators().Create(ctx, admin, ims.ReferenceValidator{Code: "LIB", Name: "Library", MinLength: 8, MaxLength: 8, CharClass: ims.CharClassNumeric, CheckDigitScheme: "Luhn"}))
		must(t, svc.Funds().Create(ctx, admin, ims.Fund{Code: "LB", Name: "Library", VATCode: "N0", Validator: "LIB"}))

		good, err := svc.TestReference(ctx, admin, "LB", " 12345674 ")
		must(t, err)
		if good.Problem != "" || good.Reference != "12345674" || len(good.Steps) != 4 {
			t.Errorf("good reference: %+v", good)
		}
		bad, err := svc.TestReference(ctx, admin, "LB", "12345675")
		must(t, err)
		last := bad.Steps[len(bad.Steps)-1]
		if bad.Problem != "Reference check digit is wrong" || last.Passed || last.Found != "computed 4, given 5" {
			t.Errorf("bad reference: %+v", bad)
		}
		if _, err := svc.TestReference(ctx, admin, "XX", "1"); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("unknown fund: %v", err)
		}
		if _, err := svc.TestReference(ctx, ims.Principal{UserID: 3, Roles: []ims.Role{ims.Payments}}, "LB", "1"); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("tester without SystemAdmin: %v", err)
		}
	})
}

// The banner message: staff see any running message, payers only public ones.
func TestCurrentSystemMessage(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		svc := refdata.New(db)
		start := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
		msgs := svc.SystemMessages()
		must(t, msgs.Create(ctx, admin, ims.SystemMessage{ID: 1, Severity: "warning", Text: "Staff only", Starts: start}))
		must(t, msgs.Create(ctx, admin, ims.SystemMessage{ID: 2, Severity: "info", Text: "Card payments down tonight", Public: true, Starts: start, Ends: start.Add(2 * time.Hour)}))
		for _, tt := range []struct {
			at     time.Time
			public bool
			want   string
		}{{start.Add(time.Hour), false, "Staff only"}, {start.Add(time.Hour), true, "Card payments down tonight"},
			{start.Add(3 * time.Hour), true, ""}, {start.Add(-time.Minute), false, ""}} {
			m, err := svc.CurrentSystemMessage(ctx, tt.at, tt.public)
			must(t, err)
			got := ""
			if m != nil {
				got = m.Text
			}
			if got != tt.want {
				t.Errorf("message at %v (public %v) = %q, want %q", tt.at, tt.public, got, tt.want)
			}
		}
		if _, err := msgs.Get(ctx, admin, "abc"); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("message id abc: %v", err)
		}
	})
}
