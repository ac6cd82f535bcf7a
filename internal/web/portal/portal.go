// Package portal is the citizen payment portal (SPEC §5.1): a payer chooses what to pay, adds
// references and amounts to a basket kept in their server-side session, gives a name and address
// when a fund needs one and an email address if they want their receipt by email, checks their
// answers and is sent to the payment provider's card page. Afterwards the portal shows the outcome
// as the provider reports it, and the VAT receipt behind a signed link (§5.6).
//
// Every page is in English and Welsh. No page needs JavaScript.
package portal

import (
	"embed"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
)

//go:embed templates/*.tmpl
var templateFiles embed.FS

// Templates returns the portal's page templates, for govukfrontend.New when the site shares one renderer.
func Templates() fs.FS {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		panic(err) // the folder is embedded: it exists
	}
	return sub
}

// MinReceiptKeyLength is the shortest receipt signing key New accepts, in bytes.
const MinReceiptKeyLength = 32

// Store is what the portal reads: the council's reference data, reference checks, and the
// postings and payments its receipts show.
type Store interface {
	ims.ReferenceDataReader
	ims.ReferenceService
	ims.ReceiptReader
}

// Options are what the portal needs.
type Options struct {
	Store    Store
	Payments ims.PaymentService
	Log      *slog.Logger
	// London is the Europe/London zone receipts show times in.
	London *time.Location

	// Renderer renders the pages. When nil, New builds one; a renderer given here must have been
	// built with Templates().
	Renderer *govukfrontend.Renderer

	// ReceiptKey signs receipt links (HMAC-SHA256); at least MinReceiptKeyLength bytes, derived
	// from the deployment's secret so every instance signs alike.
	ReceiptKey []byte

	// SessionStore keeps the sessions that hold payers' baskets (in the database, so that every
	// instance sees them); the cookie is SameSite=Lax, HttpOnly, and Secure when SecureCookies is set.
	SessionStore  scs.Store
	SecureCookies bool // the site is served over HTTPS

	// Office is the office code recorded on portal payments (the demo's "WP", web portal); optional.
	Office string

	// RateLimit limits POST requests per client IP address; the zero value means 30 requests at
	// once, then one every 2 seconds.
	RateLimit RateLimit

	// Messages, when set, gives the public system message every page shows as a banner while it
	// runs.
	Messages SystemMessages
}

// RateLimit is a token bucket: Burst requests at once, then one more every Every.
type RateLimit struct {
	Burst int
	Every time.Duration
}

// limiter returns the limiter of rl, with 30 requests at once, then one every 2 seconds, for what
// rl leaves zero.
func (rl RateLimit) limiter() *web.Limiter {
	if rl.Burst <= 0 {
		rl.Burst = 30
	}
	if rl.Every <= 0 {
		rl.Every = 2 * time.Second
	}
	return web.NewLimiter(rl.Burst, rl.Every, time.Now)
}

// Portal serves the citizen payment portal. Create it with New.
type Portal struct {
	db         Store
	pay        ims.PaymentService
	log        *slog.Logger
	london     *time.Location
	renderer   *govukfrontend.Renderer
	receiptKey []byte
	sessions   *scs.SessionManager
	office     string
	limiter    *web.Limiter
	payLocks   *keyedMutex
	csrf       *http.CrossOriginProtection
	messages   SystemMessages
}

// New checks the options and returns the portal.
func New(opts Options) (*Portal, error) {
	if opts.Store == nil || opts.Payments == nil || opts.Log == nil || opts.London == nil || opts.SessionStore == nil {
		return nil, errors.New("portal: Store, Payments, Log, London and SessionStore are required")
	}
	if len(opts.ReceiptKey) < MinReceiptKeyLength {
		return nil, errors.New("portal: the receipt key must be at least 32 bytes")
	}
	p := &Portal{db: opts.Store, pay: opts.Payments, log: opts.Log, london: opts.London, renderer: opts.Renderer,
		receiptKey: append([]byte(nil), opts.ReceiptKey...), office: opts.Office,
		limiter: opts.RateLimit.limiter(), payLocks: &keyedMutex{}, messages: opts.Messages}
	if p.renderer == nil {
		r, err := govukfrontend.New(Templates())
		if err != nil {
			return nil, err
		}
		p.renderer = r
	}
	p.sessions = newSessions(opts.SessionStore, opts.SecureCookies)
	p.sessions.ErrorFunc = p.sessionError
	p.csrf = http.NewCrossOriginProtection()
	p.csrf.SetDenyHandler(http.HandlerFunc(p.crossOrigin))
	return p, nil
}

// newSessions returns the portal's session manager. The cookie lasts as long as the browser is open
// (not persisted), so a basket does not outlive a session on a shared computer; a session ends after
// two hours idle, longer than the provider keeps a card page open (90 minutes), so a payer who comes
// back from the card page still finds their basket.
func newSessions(store scs.Store, secure bool) *scs.SessionManager {
	s := scs.New()
	s.Store = store
	s.Lifetime = 12 * time.Hour
	s.IdleTimeout = 2 * time.Hour
	s.Cookie.Name = "ims_portal"
	s.Cookie.HttpOnly = true
	s.Cookie.SameSite = http.SameSiteLaxMode // sent on the provider's redirect back, not on cross-site POSTs
	s.Cookie.Secure = secure
	s.Cookie.Persist = false
	return s
}

// Routes returns the portal's routes, each wrapped in what it needs: POST routes in the rate limit
// and the cross-origin (CSRF) check, every route in the session middleware.
func (p *Portal) Routes() []web.Route {
	public := web.Public()
	get := func(pattern string, h http.HandlerFunc) web.Route {
		return web.Route{Pattern: "GET " + pattern, Access: public, Handler: p.sessions.LoadAndSave(h)}
	}
	post := func(pattern string, h http.HandlerFunc) web.Route {
		return web.Route{Pattern: "POST " + pattern, Access: public,
			Handler: p.rateLimited(p.csrf.Handler(p.sessions.LoadAndSave(h)))}
	}
	return []web.Route{
		get("/pay", p.choosePage),
		post("/pay", p.choose),
		get("/pay/details", p.detailsPage),
		post("/pay/details", p.addLine),
		get("/pay/basket", p.basketPage),
		post("/pay/basket/remove", p.removeLine),
		post("/pay/basket/empty", p.emptyBasket),
		get("/pay/address", p.addressPage),
		post("/pay/address", p.saveAddress),
		get("/pay/email", p.emailPage),
		post("/pay/email", p.saveEmail),
		get("/pay/check", p.checkPage),
		post("/pay/check", p.startPayment),
		get("/pay/outcome/{id}", p.outcome),
		get("/receipts/{receipt}", p.receipt),
	}
}

// principal is who the portal acts as: an anonymous member of the public, with no roles, so
// services give it nothing staff would see (account holders' names and balances).
func principal(r *http.Request) ims.Principal {
	return ims.Principal{Name: "portal", RequestID: web.RequestID(r.Context())}
}
