package govukpaysim

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
)

// Simulator is a running GOV.UK Pay simulator. It is safe for concurrent use.
type Simulator struct {
	opts     Options
	base     string // BaseURL without a trailing slash
	prefix   string // BaseURL's path, the prefix of every route
	pages    *govukfrontend.Renderer
	first    firstShowings // the card page as first shown, by language, service name and kind
	handler  http.Handler
	accounts []Account

	mu         sync.Mutex
	payments   map[string]*payment // by payment id
	tokens     map[string]*payment // by card page token
	idempotent map[idempotencyKey]idempotentCreate
	outbox     []Webhook // messages of the current change, sent or held by unlock
	held       []Webhook // messages waiting for FlushWebhooks or TakeWebhooks
	deliveries []Delivery
	// loseRefundAnswers counts the refund requests still to be acted on and then answered as a
	// broken proxy would (LoseRefundAnswers).
	loseRefundAnswers int

	// Background webhook deliveries run under ctx, which Close cancels; inflight counts them, and
	// idle (on mu) signals when it falls to zero. After Close, closed stops new ones starting.
	ctx      context.Context
	stop     context.CancelFunc
	inflight int
	idle     *sync.Cond
	closed   bool
}

// New returns a simulator with no payments. It returns an error when BaseURL is not an absolute
// http(s) URL, or an account has no API key or shares its key with another.
func New(opts Options) (*Simulator, error) {
	base := strings.TrimSuffix(opts.BaseURL, "/")
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("govukpaysim: BaseURL %q is not an absolute http or https URL", opts.BaseURL)
	}
	if u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(u.Path, "{}") {
		return nil, fmt.Errorf("govukpaysim: BaseURL %q must be a plain URL with no query, fragment or braces", opts.BaseURL)
	}
	if len(opts.Accounts) == 0 {
		return nil, errors.New("govukpaysim: no accounts")
	}
	seen := make(map[string]bool)
	for i, a := range opts.Accounts {
		if a.APIKey == "" {
			return nil, fmt.Errorf("govukpaysim: account %d has no API key", i)
		}
		if seen[a.APIKey] {
			return nil, fmt.Errorf("govukpaysim: account %d shares its API key with another account", i)
		}
		seen[a.APIKey] = true
	}
	if opts.Clock == nil {
		opts.Clock = ims.SystemClock{}
	}
	if opts.HTTPClient == nil {
		// Webhooks go to one host (IMS) many at a time: net/http's default of 2 idle
		// connections per host would open a new connection for most of them.
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConns, t.MaxIdleConnsPerHost = 64, 64
		opts.HTTPClient = &http.Client{Timeout: webhookTimeout, Transport: t}
	}
	if opts.Rand == nil {
		opts.Rand = rand.Reader
	}
	pages, err := newPages()
	if err != nil {
		return nil, err
	}
	ctx, stop := context.WithCancel(context.Background())
	s := &Simulator{
		opts:       opts,
		base:       base,
		prefix:     u.Path,
		pages:      pages,
		accounts:   append([]Account(nil), opts.Accounts...),
		payments:   make(map[string]*payment),
		tokens:     make(map[string]*payment),
		idempotent: make(map[idempotencyKey]idempotentCreate),
		ctx:        ctx,
		stop:       stop,
	}
	s.idle = sync.NewCond(&s.mu)
	s.handler = s.routes()
	return s, nil
}

// Handler returns the handler of the API and the card page. It serves the paths under BaseURL's
// path, such as /simulator/govukpay/v1/payments, so the host mounts it at that path unchanged.
func (s *Simulator) Handler() http.Handler { return s.handler }

// routes builds the handler's route table.
func (s *Simulator) routes() http.Handler {
	p := s.prefix
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+p+"/v1/payments", s.api(s.createPayment))
	mux.HandleFunc("GET "+p+"/v1/payments/{id}", s.api(s.getPayment))
	mux.HandleFunc("POST "+p+"/v1/payments/{id}/cancel", s.api(s.cancelPayment))
	mux.HandleFunc("GET "+p+"/v1/payments/{id}/events", s.api(s.getEvents))
	mux.HandleFunc("POST "+p+"/v1/payments/{id}/refunds", s.api(s.createRefund))
	mux.HandleFunc("GET "+p+"/v1/payments/{id}/refunds", s.api(s.listRefunds))
	mux.HandleFunc("GET "+p+"/v1/payments/{id}/refunds/{refund}", s.api(s.getRefund))
	mux.HandleFunc("GET "+p+"/secure/{token}", s.showCardPage)
	mux.HandleFunc("POST "+p+"/secure/{token}", s.submitCardPage)
	mux.HandleFunc("POST "+p+"/secure/{token}/cancel", s.cancelOnCardPage)
	mux.HandleFunc("POST "+p+"/secure", s.enterByPost)
	return mux
}

// Close stops background webhook deliveries, those in progress and any later ones, and waits for
// them to end. The handler keeps serving; held messages can still be flushed with a live context.
func (s *Simulator) Close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.stop()
	s.WaitWebhooks()
}

// paymentURL returns the API URL of a payment, or of a path under it.
func (s *Simulator) paymentURL(id string, rest ...string) string {
	return s.base + "/v1/payments/" + id + strings.Join(rest, "")
}

// cardPageURL returns the card page of a payment: next_url.
func (s *Simulator) cardPageURL(token string) string { return s.base + "/secure/" + token }
