package govukpaysim

import (
	"io"
	"net/http"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

// Options configures a Simulator. Only BaseURL and Accounts are required.
type Options struct {
	// BaseURL is the public URL the simulator is mounted at, such as
	// "http://127.0.0.1:8080/simulator/govukpay", without a trailing slash. Links in API responses
	// (next_url, self…) start with it, and Handler serves the paths under its path.
	BaseURL string

	// Accounts are the simulated GOV.UK Pay accounts. Each has its own API key and sees only its
	// own payments.
	Accounts []Account

	// Clock tells the time of created_date, events and expiry; the system clock when nil.
	Clock ims.Clock

	// HTTPClient sends webhooks; a client with GOV.UK Pay's 15-second limit when nil.
	HTTPClient *http.Client

	// Rand supplies the randomness of payment ids, refund ids, card page tokens and webhook
	// message ids; crypto/rand when nil. It must not fail: ids that might repeat would be worse
	// than no answer, so the simulator panics if it does.
	Rand io.Reader

	// Refunds says what happens to a refund after it is submitted.
	Refunds RefundMode

	// Webhooks says how webhook messages are delivered.
	Webhooks WebhookPolicy
}

// An Account is one simulated GOV.UK Pay account (a "service" in GOV.UK Pay's words).
type Account struct {
	// APIKey is the bearer token the account's API calls must carry.
	APIKey string

	// ServiceName is shown at the top of the card page, as GOV.UK Pay shows the service's name.
	ServiceName string

	// WebhookSecret signs the account's webhook messages (the Pay-Signature header).
	WebhookSecret string

	// WebhookURLs receive a copy of every webhook message; none are sent when it is empty.
	WebhookURLs []string

	// WebhookEvents limits the event types sent, such as "card_payment_succeeded"; every type
	// when empty.
	WebhookEvents []string

	// ReportFees makes successful payments report Fee as their fee, and the amount less Fee as
	// their net_amount, as GOV.UK Pay does for Stripe accounts.
	ReportFees bool
	Fee        money.Pence
}

// RefundMode says how submitted refunds finish.
type RefundMode int

// The refund modes.
const (
	// RefundSucceeds makes every refund succeed at once, as GOV.UK Pay's sandbox does.
	RefundSucceeds RefundMode = iota
	// RefundStaysSubmitted leaves refunds submitted until CompleteRefund finishes them, so tests can
	// see a refund in flight.
	RefundStaysSubmitted
	// RefundFails makes every refund end in error at once.
	RefundFails
)

// WebhookPolicy says how webhook messages reach the accounts' URLs. The zero value sends each
// message once, in the background, as soon as its event happens.
type WebhookPolicy struct {
	// Hold keeps messages in a queue until the test sends them with FlushWebhooks, or takes them
	// with TakeWebhooks and sends them in any order with DeliverWebhook.
	Hold bool

	// Duplicate is how many extra copies of each message are sent, one after the other.
	Duplicate int

	// Delay is how long a message waits before its first attempt, when it is not held.
	Delay time.Duration

	// Reverse makes FlushWebhooks send the queue newest first.
	Reverse bool

	// Attempts is how many times a message is tried before it is given up; 5 when zero. A try
	// fails on a network error or a status other than 2xx.
	Attempts int

	// Backoff is the wait before the second try, doubled for each try after; one second when zero.
	// No wait exceeds a minute.
	Backoff time.Duration
}

// Defaults of the webhook policy.
const (
	defaultAttempts = 5
	defaultBackoff  = time.Second
	maxBackoff      = time.Minute
	// webhookTimeout is GOV.UK Pay's limit on a callback URL's answer.
	webhookTimeout = 15 * time.Second
)
