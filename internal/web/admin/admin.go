// Package admin is the back office (SPEC §12): the pages council staff use under /admin, behind
// sign-in. Pages are server-rendered GOV.UK Frontend with MOJ Frontend's staff patterns (ADR 19),
// in English, and every one works without JavaScript.
//
// Each page or action is a file of its own; each area of the back office has a function returning
// its routes, which Routes gathers. A route declares the roles it needs (page, action); the server
// checks them before the handler runs, with the staff session this package keeps (Admin implements
// web.StaffSessions).
package admin

import (
	"embed"
	"errors"
	"io/fs"
	"log/slog"
	"slices"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/auth/oidc"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
)

//go:embed templates/*.tmpl
var templateFiles embed.FS

// Templates returns the back office's page templates, for govukfrontend.New when the site shares
// one renderer.
func Templates() fs.FS {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		panic(err) // the folder is embedded: it exists
	}
	return sub
}

// Options are what the back office needs.
type Options struct {
	Org      web.OrganisationSource
	Log      *slog.Logger
	Renderer *govukfrontend.Renderer // built with Templates()
	// Now is the clock of session timeouts; time.Now when nil.
	Now func() time.Time

	// SessionStore keeps staff sessions in the database, so any instance serves any request.
	SessionStore  scs.Store
	SecureCookies bool // the site is served over HTTPS
	// IdleTimeout ends a session nobody has used for this long; Lifetime ends any session this long
	// after sign-in. Defaults 30 minutes and 10 hours.
	IdleTimeout, Lifetime time.Duration

	// SignIn signs staff in and finds who is signed in.
	SignIn SignInService
	// Lockout is the policy for failed passwords and codes (auth.DefaultLockoutPolicy when zero).
	Lockout auth.LockoutPolicy
	// SingleSignOn is the council's OpenID Connect provider; nil when single sign-on is not set up.
	SingleSignOn *oidc.Provider
	// SingleSignOnName names it on the sign-in page's button ("Sign in with Contoso Council account").
	SingleSignOnName string
	// SignInLimit limits sign-in forms per client address; SignInAccountLimit attempts per email
	// address. Defaults: 60 at once then one a second (a council office behind one NAT address
	// signs in together at nine); 15 at once then one every 20 seconds (above the lockout's 10, so
	// a locked account still hears that it is locked).
	SignInLimit, SignInAccountLimit RateLimit

	// Messages gives the system message shown on staff pages; nil shows none.
	Messages SystemMessages

	// Audit is the audit trail and the ledger verification of the Auditor's pages; Outbox the
	// email outbox.
	Audit  AuditTrail
	Outbox EmailOutbox

	// Users is the users service of the user administrators' pages and of invitation links.
	Users UserAdministration

	// RefData is the reference data service of the system administrators' pages; Security the
	// sign-in rules on the settings page.
	RefData  ReferenceData
	Security SecuritySettings

	// AccountHolders is the account holder service of the account holder pages.
	AccountHolders AccountHolders

	// Suspense is the suspense service of the finance officers' suspense pages.
	Suspense Suspense

	// ImportSetup is the reference data service of the import type and import rule pages;
	// PastImports the stored imports the rule tester runs over, nil until imports are stored
	// (the tester then does not offer it).
	ImportSetup ImportSetup
	PastImports PastImports

	// Imports is the imports service of the payment import pages.
	Imports PaymentImports

	// Transactions is the transactions service of the transaction search and receipt pages.
	Transactions Transactions

	// Journals is the journals service of the journal and transfer pages.
	Journals Journals

	// Reports is the reports service of the finance dashboard and the end of day; nil shows every
	// user the plain home page.
	Reports Reports

	// Refunds is the refund service of the refund form and the refund approvals.
	Refunds Refunds

	// Exports is the exports service of the export pages; nil leaves them out.
	Exports Exports

	// StaffPayments is the service of the staff payment form (cards over the phone, cheques, post).
	StaffPayments StaffPayments

	// Webhooks is the outgoing webhooks service of the webhook pages; nil leaves them out.
	Webhooks Webhooks

	// CashReturns is the cash returns service of the cash return pages and their templates.
	CashReturns CashReturns
}

// RateLimit is a token bucket: Burst requests at once, then one more every Every.
type RateLimit struct {
	Burst int
	Every time.Duration
}

func (rl RateLimit) limiter(burst int, every time.Duration, now func() time.Time) *web.Limiter {
	if rl.Burst > 0 {
		burst = rl.Burst
	}
	if rl.Every > 0 {
		every = rl.Every
	}
	return web.NewLimiter(burst, every, now)
}

// Admin serves the back office. Create it with New.
type Admin struct {
	Options
	sessions  *scs.SessionManager
	pages     *web.Pages
	byAddress *web.Limiter
	byAccount *web.Limiter
}

// New checks the options and returns the back office.
func New(opts Options) (*Admin, error) {
	if opts.Org == nil || opts.Log == nil || opts.Renderer == nil || opts.SessionStore == nil || opts.SignIn == nil {
		return nil, errors.New("admin: Org, Log, Renderer, SessionStore and SignIn are required")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.IdleTimeout <= 0 {
		opts.IdleTimeout = 30 * time.Minute
	}
	if opts.Lifetime <= 0 {
		opts.Lifetime = 10 * time.Hour
	}
	if opts.Lockout == (auth.LockoutPolicy{}) {
		opts.Lockout = auth.DefaultLockoutPolicy()
	}
	a := &Admin{Options: opts,
		pages:     &web.Pages{Renderer: opts.Renderer, DB: opts.Org, Log: opts.Log, ServiceURL: Home},
		byAddress: opts.SignInLimit.limiter(60, time.Second, opts.Now),
		byAccount: opts.SignInAccountLimit.limiter(15, 20*time.Second, opts.Now),
	}
	a.sessions = a.newSessions()
	a.pages.Frame = a.frame
	return a, nil
}

// Home is the back office's first page.
const Home = "/admin"

// Routes returns every route of the back office.
func (a *Admin) Routes() []web.Route {
	return slices.Concat(
		a.signInRoutes(),
		a.twoFactorRoutes(),
		a.homeRoutes(),
		a.auditRoutes(),
		a.usersRoutes(),
		a.apiClientsRoutes(),
		a.accountHoldersRoutes(),
		a.suspenseRoutes(),
		a.importRoutes(),
		a.paymentImportRoutes(),
		a.transactionRoutes(),
		a.journalRoutes(),
		a.reportRoutes(),
		a.refundRoutes(),
		a.exportRoutes(),
		a.staffPaymentRoutes(),
		a.webhookRoutes(),
		a.cashReturnRoutes(),
		a.refdataRoutes(),
	)
}
