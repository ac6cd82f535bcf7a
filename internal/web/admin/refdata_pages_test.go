package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/checkdigit"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/money"
)

// A system administrator creates a fund with a check digit validator through the pages, tests
// references with the tester, meets form errors, and cannot delete a fund the ledger uses but can
// disable it.
func TestReferenceDataPages(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := serve(t, db, config.Config{})
		s.addUser("admin@example.gov.uk", ims.SystemAdmin)
		s.addUser("clerk@example.gov.uk", ims.Payments)
		b := s.browser()
		b.signIn("admin@example.gov.uk", "/admin")

		b.get("/admin/reference-data").want(t, http.StatusOK, "Funds", "Methods of payment", "Organisation details")
		b.post("/admin/vat-codes/new", url.Values{"code": {"N0"}, "name": {"Zero rated"}, "rate_bp": {"0"}}).want(t, http.StatusSeeOther)
		b.post("/admin/check-digit-schemes/new", url.Values{"name": {"Luhn"}, "type": {"luhn"}}).want(t, http.StatusSeeOther)
		b.post("/admin/validators/new", url.Values{"code": {"LIB"}, "name": {"Library cards"}, "min_length": {"8"},
			"max_length": {"8"}, "char_class": {"numeric"}, "check_digit_scheme": {"Luhn"}}).want(t, http.StatusSeeOther)

		// A form with problems comes back with them, as filled in.
		r := b.post("/admin/funds/new", url.Values{"code": {"LB"}, "vat_code": {"N0"}, "max_amount": {"lots"}})
		r.want(t, http.StatusUnprocessableEntity, "There is a problem", `href="#f-name"`, "Enter a name",
			"Largest amount must be an amount in pounds", `value="LB"`)
		r = b.post("/admin/funds/new", url.Values{"code": {"LB"}, "name": {"Library"}, "vat_code": {"N0"}, "validator": {"LIB"}, "portal": {"yes"}})
		r.want(t, http.StatusSeeOther)
		if r.location != "/admin/funds/LB" {
			t.Fatalf("after creating a fund: to %q", r.location)
		}
		b.get("/admin/funds/LB").want(t, http.StatusOK, "Fund LB created", "Test a reference")
		// The navigation marks the reference data section on its kinds' pages.
		b.get("/admin/funds").want(t, http.StatusOK, `href="/admin/funds/LB"`, "Library",
			`href="/admin/reference-data" aria-current="true"`)
		b.post("/admin/funds/new", url.Values{"code": {"LB"}, "name": {"Again"}, "vat_code": {"N0"}}).
			want(t, http.StatusUnprocessableEntity, "Fund LB already exists")

		// The tester shows each rule.
		b.get("/admin/funds/LB/test?reference=+12345674+").want(t, http.StatusOK, "Accepted", "12345674", "Check digit", "computed 4, given 4")
		r = b.get("/admin/funds/LB/test?reference=12345675")
		r.want(t, http.StatusOK, "Refused", "Reference check digit is wrong", "computed 4, given 5", "govuk-tag--red")
		b.get("/admin/funds/XX/test?reference=1").want(t, http.StatusNotFound)

		// Once the ledger uses the fund it cannot be deleted, only disabled.
		ctx := context.Background()
		admin := ims.Principal{UserID: 1, Roles: []ims.Role{ims.SystemAdmin}}
		if err := refdata.New(db).MOPs().Create(ctx, admin, ims.MOP{Code: "1", Name: "Cash", Kind: ims.KindCash}); err != nil {
			t.Fatal(err)
		}
		if _, err := ledger.New(db).Post(ctx, ims.Principal{UserID: 2, Roles: []ims.Role{ims.PostPayment}}, ims.NewPosting{
			Kind: ims.PostingManual, Source: ims.SourceStaff, Entries: []ims.NewLedgerEntry{
				{Kind: ims.EntryPayment, Fund: "LB", Reference: "12345674", MOP: "1", Amount: money.MustParse("2.00")}}}); err != nil {
			t.Fatal(err)
		}
		b.get("/admin/funds/LB").want(t, http.StatusOK, "Used by: ledger entries. So it cannot be deleted; disable it instead.")
		b.get("/admin/check-digit-schemes/Luhn").want(t, http.StatusOK, "Used by: reference validators. So it cannot be deleted until it is removed from them.")
		b.post("/admin/funds/LB/delete", nil).want(t, http.StatusConflict,
			"Fund LB cannot be deleted because ledger entries use it. Disable it instead.", `action="/admin/funds/LB/disable"`)
		b.post("/admin/funds/LB/disable", nil).want(t, http.StatusSeeOther)
		if f, err := db.Funds().Get(ctx, "LB"); err != nil || !f.Disabled {
			t.Fatalf("fund after disabling = %+v, %v", f, err)
		}
		b.post("/admin/vat-codes/N0", url.Values{"name": {"Zero"}, "rate_bp": {"0"}}).want(t, http.StatusSeeOther)

		// Someone without the role cannot reach the pages.
		clerk := s.browser()
		clerk.signIn("clerk@example.gov.uk", "/admin")
		clerk.get("/admin/funds").want(t, http.StatusForbidden)
		clerk.post("/admin/funds/LB/disable", nil).want(t, http.StatusForbidden)
	})
}

// Provider secrets are never shown back, and an edit leaving them blank keeps them.
func TestProviderAccountPagesKeepSecretsWriteOnly(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := serve(t, db, config.Config{})
		s.addUser("admin@example.gov.uk", ims.SystemAdmin)
		b := s.browser()
		b.signIn("admin@example.gov.uk", "/admin")
		b.post("/admin/payment-providers/new", url.Values{"name": {"pay"}, "provider": {"govukpay"},
			"api_key": {"api_test_SECRET1"}, "webhook_secret": {"whsec_SECRET2"}}).want(t, http.StatusSeeOther)
		for _, path := range []string{"/admin/payment-providers", "/admin/payment-providers/pay"} {
			r := b.get(path)
			r.want(t, http.StatusOK)
			if strings.Contains(r.body, "SECRET") {
				t.Errorf("%s shows a secret", path)
			}
		}
		b.get("/admin/payment-providers/pay").want(t, http.StatusOK, "Leave blank to keep the stored key")
		b.post("/admin/payment-providers/pay", url.Values{"provider": {"govukpay"}, "base_url": {"https://pay.example"}}).want(t, http.StatusSeeOther)
		key, hook, err := db.ProviderSecrets(context.Background(), "pay")
		if err != nil || key != "api_test_SECRET1" || hook != "whsec_SECRET2" {
			t.Errorf("secrets after an edit leaving them blank = %q, %q, %v", key, hook, err)
		}
	})
}

// The settings page shows the configuration check and changes the security settings.
func TestSettingsPage(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := serve(t, db, config.Config{})
		s.addUser("admin@example.gov.uk", ims.SystemAdmin)
		b := s.browser()
		b.signIn("admin@example.gov.uk", "/admin")
		b.get("/admin/settings").want(t, http.StatusOK, "Configuration check", "no enabled method of payment of kind journal", `value="90"`)
		b.post("/admin/settings/security", url.Values{"inactive_disable_days": {"many"}}).
			want(t, http.StatusUnprocessableEntity, "Enter a whole number of days", `href="#f-inactive_disable_days"`)
		b.post("/admin/settings/security", url.Values{"totp_required": {"yes"}, "inactive_disable_days": {"30"}}).want(t, http.StatusSeeOther)
		b.get("/admin/settings").want(t, http.StatusOK, "Security settings changed", `value="30"`)

		// Each kind's pages render, empty and with a record.
		for _, path := range []string{"/admin/mops", "/admin/mops/new", "/admin/offices/new", "/admin/fund-groups/new",
			"/admin/validators/new", "/admin/check-digit-schemes/new", "/admin/system-messages/new", "/admin/organisation"} {
			b.get(path).want(t, http.StatusOK)
		}
		b.post("/admin/check-digit-schemes/new", url.Values{"name": {"Modulus 11"}, "type": {string(checkdigit.Mod11Type)},
			"result_substitutions": {"10:X,11:0"}}).want(t, http.StatusSeeOther)
		b.get("/admin/check-digit-schemes/Modulus%2011").want(t, http.StatusOK, "10:X,11:0")
		b.post("/admin/system-messages/new", url.Values{"id": {"1"}, "severity": {"warning"}, "text": {"Bank holiday"},
			"starts": {"2026-01-01 09:00"}}).want(t, http.StatusSeeOther)
		b.get("/admin/system-messages").want(t, http.StatusOK, "Bank holiday", "2026-01-01 09:00")
		// It is running (the test's clock is in January 2026), so staff pages show it as a banner.
		b.get("/admin").want(t, http.StatusOK, `id="ims-system-banner-title">Warning`, "Bank holiday")
		b.post("/admin/organisation", url.Values{"name": {""}}).want(t, http.StatusUnprocessableEntity, "Enter the organisation")
		b.post("/admin/metadata-keys/new", url.Values{"entity": {"fund"}, "key": {"service area"}, "label": {"Service area"}}).want(t, http.StatusSeeOther)
		b.get("/admin/metadata-keys").want(t, http.StatusOK, `href="/admin/metadata-keys/fund:service%20area"`)
		b.post("/admin/metadata-keys/fund:service%20area", url.Values{"label": {"Directorate"}}).want(t, http.StatusSeeOther)
		b.get("/admin/metadata-keys/fund:service%20area").want(t, http.StatusOK, `value="Directorate"`)
		b.get("/admin/metadata-keys/nonsense").want(t, http.StatusNotFound)
	})
}
