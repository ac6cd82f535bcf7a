package app

import (
	"context"
	"strings"
	"time"

	"github.com/ims-council/ims/internal/auth/oidc"
	"github.com/ims-council/ims/internal/cashreturns"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/jobs"
	"github.com/ims-council/ims/internal/journals"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/reports"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/staffpayments"
	"github.com/ims-council/ims/internal/suspense"
	"github.com/ims-council/ims/internal/transactions"
	"github.com/ims-council/ims/internal/users"
	"github.com/ims-council/ims/internal/web/admin"
	"github.com/ims-council/ims/internal/webhooks"
)

// OIDCCallbackPath is where the council's identity provider sends staff back after single sign-on;
// registered with the provider as IMS_BASE_URL followed by this path.
const OIDCCallbackPath = "/admin/sign-in/oidc/callback"

// backOffice builds the staff pages under /admin with their sessions and sign-in.
func (a *App) backOffice(renderer *govukfrontend.Renderer) (*admin.Admin, error) {
	// Invitation and password reset links start with the service's public address.
	staff := &users.Service{DB: a.DB, BaseURL: a.Config.BaseURL}
	reference := refdata.New(a.DB)
	opts := admin.Options{Org: a.DB, Log: a.Log, Renderer: renderer, Now: a.DB.Now,
		SessionStore: sqldb.SessionStore{DB: a.DB}, SecureCookies: strings.HasPrefix(a.Config.BaseURL, "https://"),
		IdleTimeout: a.Config.StaffIdleTimeout, Lifetime: a.Config.StaffSessionLifetime,
		SignIn: staff, Users: staff, Security: staff, RefData: reference, Messages: reference,
		Audit: ledger.New(a.DB), Outbox: jobs.Outbox{DB: a.DB}, AccountHolders: a.AccountHolders,
		Suspense: suspense.New(a.DB), ImportSetup: reference, Imports: a.Imports, PastImports: a.Imports,
		Transactions: &transactions.Service{DB: a.DB, ReceiptLink: a.Payments.ReceiptLink}, Journals: journals.New(a.DB),
		Refunds: a.Payments, Reports: reports.New(a.DB), Exports: a.exportsService(), Webhooks: webhooks.New(a.DB, a.Log), CashReturns: cashreturns.New(a.DB),
		StaffPayments: &staffpayments.Service{DB: a.DB, Cards: a.Payments, ReceiptLink: a.Payments.ReceiptLink,
			CardReturnURL: a.Config.BaseURL + admin.StaffCardReturnPath}}
	if o := a.Config.OIDC; o.Enabled() {
		// Discovery is read once, at start-up: an instance whose identity provider cannot be
		// reached does not start, rather than failing every sign-in later.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		p, err := oidc.New(ctx, oidc.Settings{IssuerURL: o.IssuerURL, ClientID: o.ClientID, ClientSecret: o.ClientSecret,
			RedirectURL: strings.TrimSuffix(a.Config.BaseURL, "/") + OIDCCallbackPath, Scopes: o.Scopes, Clock: a.DB.Clock})
		if err != nil {
			return nil, err
		}
		opts.SingleSignOn, opts.SingleSignOnName = p, o.Name
	}
	return admin.New(opts)
}
