package portal

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/alexedwards/scs/v2"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

// stateKey is the session key of the portal's state. The state is stored as JSON bytes rather than
// as a Go value so that the session codec (gob) needs no registered types.
const stateKey = "portal"

// maxStarted bounds how many payments a session remembers starting.
const maxStarted = 20

// state is everything the portal keeps about one visitor, in their server-side session. The
// browser holds only the session cookie (and the language cookie, see web.LangCookie): nothing here is
// ever read back from a form.
type state struct {
	Lines []ims.PaymentLine `json:"lines,omitempty"`
	Payer payer             `json:"payer"`
	// EmailAnswered is set once the payer has answered the email question, even with a blank.
	EmailAnswered bool `json:"email_answered,omitempty"`
	// Attempt is the payment started for the basket as it stands; any change to the basket clears
	// it, so a second "Pay" for the same basket goes back to the same card page.
	Attempt attempt `json:"attempt"`
	// Started lists the payments this session started, newest last: only they have an outcome page
	// this session may see.
	Started []string `json:"started,omitempty"`
	// Attempts counts the payments this session has created, so each new attempt at a basket
	// gets a new idempotency key (see attemptKey).
	Attempts int `json:"attempts,omitempty"`
}

// payer is what the payer told us about themselves.
type payer struct {
	Name     string `json:"name,omitempty"`
	Line1    string `json:"line1,omitempty"`
	Line2    string `json:"line2,omitempty"`
	Town     string `json:"town,omitempty"`
	Postcode string `json:"postcode,omitempty"`
	Email    string `json:"email,omitempty"`
}

// hasAddress reports whether the payer has given a name and address.
func (p payer) hasAddress() bool { return p.Name != "" && p.Line1 != "" && p.Postcode != "" }

// request returns the payer as a payment request carries them; the name and address only when a
// fund in the basket needs them, so nobody's address is kept without a reason.
func (p payer) request(withAddress bool) ims.Payer {
	out := ims.Payer{Email: p.Email}
	if withAddress {
		out.Name, out.Postcode = p.Name, p.Postcode
		for _, l := range []string{p.Line1, p.Line2, p.Town} {
			if l != "" {
				out.Address = append(out.Address, l)
			}
		}
	}
	return out
}

// attempt is a payment started for the basket. Its card page is read from the payment itself, so
// the session holds nothing a provider issued.
type attempt struct {
	PaymentID string `json:"payment_id,omitempty"`
}

// total returns the sum of the basket's lines.
func (s *state) total() money.Pence {
	var t money.Pence
	for _, l := range s.Lines {
		t += l.Amount
	}
	return t
}

// basketChanged records that the basket or the payer's details changed: a payment started before
// is for a different basket now.
func (s *state) basketChanged() { s.Attempt = attempt{} }

// started remembers a payment this session started.
func (s *state) started(id string) {
	if !slices.Contains(s.Started, id) {
		s.Started = append(s.Started, id)
	}
	if len(s.Started) > maxStarted {
		s.Started = s.Started[len(s.Started)-maxStarted:]
	}
}

// paid forgets the basket and the payer's details once the basket is paid, keeping the payments
// started (their outcome pages stay reachable).
func (s *state) paid() {
	*s = state{Started: s.Started, Attempts: s.Attempts}
}

// load returns the visitor's state from the session; a session without one, or with one this
// version cannot read, starts afresh.
func (p *Portal) load(ctx context.Context) state {
	var st state
	if b := p.sessions.GetBytes(ctx, stateKey); len(b) > 0 {
		if err := json.Unmarshal(b, &st); err != nil {
			p.log.WarnContext(ctx, "portal: unreadable session state; starting afresh", "err", err)
			return state{}
		}
	}
	return st
}

// save puts the state in the session, which the session middleware writes to the database before
// the response goes out.
func (p *Portal) save(ctx context.Context, st state) {
	b, _ := json.Marshal(st) // plain data: cannot fail
	p.sessions.Put(ctx, stateKey, b)
}

// reload reads the state afresh from the session store, for a request that waited for another
// request of the same session (see startPayment): the state the request began with may be stale.
// It falls back to that state when the store has nothing newer.
func (p *Portal) reload(ctx context.Context) state {
	token := p.sessions.Token(ctx)
	if token == "" {
		return p.load(ctx)
	}
	var b []byte
	var found bool
	var err error
	if cs, ok := p.sessions.Store.(scs.CtxStore); ok {
		b, found, err = cs.FindCtx(ctx, token)
	} else {
		b, found, err = p.sessions.Store.Find(token)
	}
	if err != nil || !found {
		if err != nil {
			p.log.WarnContext(ctx, "portal: reloading session", "err", err)
		}
		return p.load(ctx)
	}
	_, values, err := p.sessions.Codec.Decode(b)
	raw, ok := values[stateKey].([]byte)
	if err != nil || !ok {
		return p.load(ctx)
	}
	var st state
	if err := json.Unmarshal(raw, &st); err != nil {
		return p.load(ctx)
	}
	return st
}
