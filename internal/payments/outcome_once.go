package payments

import (
	"context"
	"errors"
	"sync"

	"github.com/ims-council/ims"
)

// outcomesInFlight lets one caller per payment on this instance apply an outcome while the others
// (the browser return racing the webhook) wait for its result instead of each queueing a ledger
// transaction only to find the payment finished. Callers on other instances are still kept to one
// outcome by the conditional UPDATE (sqldb.Tx.FinishPayment); this only saves the wasted work here.
type outcomesInFlight struct {
	mu    sync.Mutex
	calls map[string]*outcomeCall
}

type outcomeCall struct {
	done    chan struct{}
	pp      ims.PendingPayment
	applied bool
	err     error
}

// do runs apply for payment id unless another caller on this instance already is, in which case it
// waits for that caller and returns the payment as it left it (applied false). When that caller
// failed (its request was cancelled, say), this one runs apply itself.
func (o *outcomesInFlight) do(ctx context.Context, id string, apply func() (ims.PendingPayment, bool, error)) (ims.PendingPayment, bool, error) {
	o.mu.Lock()
	if c, ok := o.calls[id]; ok {
		o.mu.Unlock()
		select {
		case <-c.done:
		case <-ctx.Done():
			return ims.PendingPayment{}, false, ctx.Err()
		}
		if c.err == nil {
			return c.pp, false, nil
		}
		return apply()
	}
	// Until apply returns, the call counts as failed, so that waiters run apply themselves if it
	// panics.
	c := &outcomeCall{done: make(chan struct{}), err: errors.New("the outcome was not applied")}
	if o.calls == nil {
		o.calls = map[string]*outcomeCall{}
	}
	o.calls[id] = c
	o.mu.Unlock()
	defer func() {
		o.mu.Lock()
		delete(o.calls, id)
		o.mu.Unlock()
		close(c.done)
	}()
	c.pp, c.applied, c.err = apply()
	return c.pp, c.applied, c.err
}
