// Package govukpay is the psp.Provider for GOV.UK Pay's public REST API: card payments hosted on
// GOV.UK Pay's pages, their refunds, and the signed webhooks GOV.UK Pay sends about them.
//
// Every error it returns is an *ims.Error. Requests that are safe to repeat (reads, cancellations,
// and creations or refunds that carry an Idempotency-Key) are retried with back-off when GOV.UK Pay is
// busy or unreachable; the others are sent once, because repeating them could take money twice.
package govukpay

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp"
)

// DefaultBaseURL is GOV.UK Pay's public API; both test and live accounts use it (the API key decides).
const DefaultBaseURL = "https://publicapi.payments.service.gov.uk"

// The defaults Config's zero values stand for.
const (
	DefaultTimeout    = 10 * time.Second
	DefaultMaxRetries = 2
	DefaultBackoff    = 250 * time.Millisecond
	DefaultMaxWait    = 5 * time.Second
)

// Config is one GOV.UK Pay account. Only APIKey is required.
type Config struct {
	// BaseURL is where the API lives; DefaultBaseURL when empty. The simulator, or a test server,
	// goes here. A path prefix is kept.
	BaseURL string
	// APIKey is the account's secret API key, sent as a bearer token. It never appears in errors.
	APIKey string
	// WebhookSecret is the signing secret of the account's webhook subscription. ParseWebhook
	// refuses every message while it is empty.
	WebhookSecret string
	// HTTPClient sends the requests; when nil, a client that does not follow redirects is used.
	HTTPClient *http.Client
	// Timeout bounds each attempt, from sending the request to reading the whole response;
	// DefaultTimeout when zero.
	Timeout time.Duration
	// MaxRetries is how many times a request that is safe to repeat is sent again after GOV.UK
	// Pay was busy, failing or unreachable. Zero means DefaultMaxRetries; negative means never.
	MaxRetries int
	// Backoff is the wait before the first retry; each later wait doubles it, with jitter so that
	// many clients do not retry in step. DefaultBackoff when zero.
	Backoff time.Duration
	// MaxWait caps any one wait between attempts. When GOV.UK Pay asks (with Retry-After) for a
	// longer wait than this, the request fails at once instead: a payer is usually waiting on it.
	// DefaultMaxWait when zero.
	MaxWait time.Duration
	// Sleep, when set, replaces the real wait between attempts (tests record the waits instead).
	Sleep func(time.Duration)
	// Now, when set, replaces time.Now when reading a Retry-After given as a date.
	Now func() time.Time
}

// Client is a psp.Provider for one GOV.UK Pay account. It is safe for concurrent use and is never
// changed after New.
type Client struct {
	base       string // without a trailing slash
	apiKey     string
	secret     []byte
	http       *http.Client
	timeout    time.Duration
	maxRetries int
	backoff    time.Duration
	maxWait    time.Duration
	sleep      func(time.Duration)
	now        func() time.Time
}

// Client must keep satisfying the interface the rest of IMS programs against.
var _ psp.Provider = (*Client)(nil)

// New checks cfg and returns a client for the account it describes, or an Invalid *ims.Error
// naming each field that is wrong.
func New(cfg Config) (*Client, error) {
	p := ims.Problems{}
	base := cfg.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	if u, err := url.Parse(base); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" ||
		u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		p.Add("BaseURL", "must be an http or https address with no query, such as %s", DefaultBaseURL)
	}
	switch {
	case cfg.APIKey == "":
		p.Add("APIKey", "is required")
	case strings.ContainsFunc(cfg.APIKey, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		// Such a key could never authenticate and would be an invalid header; say so here
		// rather than in every request. The key itself is not repeated.
		p.Add("APIKey", "must not contain spaces or control characters")
	}
	if cfg.Timeout < 0 {
		p.Add("Timeout", "must not be negative")
	}
	if cfg.Backoff < 0 {
		p.Add("Backoff", "must not be negative")
	}
	if cfg.MaxWait < 0 {
		p.Add("MaxWait", "must not be negative")
	}
	if err := p.Err("The GOV.UK Pay account settings are not valid."); err != nil {
		return nil, err
	}
	c := &Client{
		base:       strings.TrimRight(base, "/"),
		apiKey:     cfg.APIKey,
		secret:     []byte(cfg.WebhookSecret),
		http:       cfg.HTTPClient,
		timeout:    orDefault(cfg.Timeout, DefaultTimeout),
		maxRetries: cfg.MaxRetries,
		backoff:    orDefault(cfg.Backoff, DefaultBackoff),
		maxWait:    orDefault(cfg.MaxWait, DefaultMaxWait),
		sleep:      cfg.Sleep,
		now:        cfg.Now,
	}
	switch {
	case c.maxRetries == 0:
		c.maxRetries = DefaultMaxRetries
	case c.maxRetries < 0:
		c.maxRetries = 0
	}
	if c.http == nil {
		// The API never redirects; following one would send the request (and the key, when the
		// host stays the same) somewhere GOV.UK Pay did not intend.
		c.http = &http.Client{Transport: newTransport(),
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	if c.now == nil {
		c.now = time.Now
	}
	return c, nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}
