package govukpaysim

import (
	"time"

	"github.com/ims-council/ims/money"
)

// The status words of GOV.UK Pay's API.
const (
	statusCreated   = "created"   // the payer has not opened next_url
	statusStarted   = "started"   // the payer is on the card page
	statusSubmitted = "submitted" // card details sent, the outcome not yet known
	statusSuccess   = "success"
	statusFailed    = "failed"    // P0010 rejected, P0020 expired, P0030 cancelled by the payer
	statusCancelled = "cancelled" // P0040 cancelled by the service
	statusError     = "error"     // P0050 the provider failed
)

// The codes GOV.UK Pay gives a payment that did not succeed.
const (
	codeRejected         = "P0010"
	codeExpired          = "P0020"
	codeCancelledByPayer = "P0030"
	codeCancelledByAPI   = "P0040"
	codeProviderError    = "P0050"
)

// expiry is how long GOV.UK Pay gives the payer to finish.
const expiry = 90 * time.Minute

// A state is a payment's status with, when it did not succeed, GOV.UK Pay's code and message.
type state struct {
	status, code, message string
}

// stateOf returns the state GOV.UK Pay reports for a status, or for a failure code: each code
// implies its status.
func stateOf(statusOrCode string) state {
	switch statusOrCode {
	case codeRejected:
		return state{statusFailed, codeRejected, "Payment method rejected"}
	case codeExpired:
		return state{statusFailed, codeExpired, "Payment expired"}
	case codeCancelledByPayer:
		return state{statusFailed, codeCancelledByPayer, "Payment was cancelled by the user"}
	case codeCancelledByAPI:
		return state{statusCancelled, codeCancelledByAPI, "Payment was cancelled by the service"}
	case codeProviderError:
		return state{statusError, codeProviderError, "Payment provider returned an error"}
	}
	return state{status: statusOrCode}
}

// finished reports whether the payment journey is over.
func (s state) finished() bool {
	switch s.status {
	case statusCreated, statusStarted, statusSubmitted:
		return false
	}
	return true
}

// An event is one change of a payment's state.
type event struct {
	state state
	at    time.Time
}

// A payment is one simulated GOV.UK Pay payment.
type payment struct {
	id      string
	token   string // the secret part of next_url, so knowing the payment id is not enough to pay
	account int    // index into Simulator.accounts

	amount      money.Pence
	description string
	reference   string
	returnURL   string
	language    string
	email       string
	moto        bool
	metadata    map[string]any
	created     time.Time

	state    state
	events   []event
	card     *cardDetails // set when the payer submits card details that reach the "bank"
	captured time.Time    // when it succeeded
	refunds  []*refund
}

// move records a change of state.
func (p *payment) move(to state, at time.Time) {
	p.state = to
	p.events = append(p.events, event{state: to, at: at})
}

// overdue reports whether the payment is unfinished and past GOV.UK Pay's 90 minutes.
func (p *payment) overdue(now time.Time) bool {
	return !p.state.finished() && now.Sub(p.created) >= expiry
}

// refundable returns how much of the payment can still be refunded: its amount less every refund
// that has not failed. Only successful payments can be refunded.
func (p *payment) refundable() money.Pence {
	if p.state.status != statusSuccess {
		return 0
	}
	return p.amount - p.refundSubmitted()
}

// refundSubmitted returns the total of the payment's refunds that have not failed.
func (p *payment) refundSubmitted() money.Pence {
	var total money.Pence
	for _, r := range p.refunds {
		if r.status != refundError {
			total += r.amount
		}
	}
	return total
}

// refundStatus returns refund_summary.status: pending while the payment is unfinished, available
// or full once it succeeded, unavailable when it did not.
func (p *payment) refundStatus() string {
	switch {
	case !p.state.finished():
		return "pending"
	case p.state.status != statusSuccess:
		return "unavailable"
	case p.refundable() == 0:
		return "full"
	}
	return "available"
}

// findRefund returns the payment's refund with the id, or nil.
func (p *payment) findRefund(id string) *refund {
	for _, r := range p.refunds {
		if r.id == id {
			return r
		}
	}
	return nil
}
