package payments

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fifomap"
)

// outcomesInFlight lets one caller per payment on this instance apply an outcome while the others
// (the browser return racing the webhook) wait for its result instead of each queueing a ledger
// transaction only to find the payment finished. Callers on other instances are still kept to one
// outcome by the conditional UPDATE (sqldb.Tx.FinishPayment); this only saves the wasted work here.
//
// It also keeps the last outcomes applied here for a while: the caller that read the payment
// unfinished just before the other's ledger batch committed, and comes once that caller is done,
// gets the payment as it was finished rather than a ledger batch of its own, which would find the
// payment's receipt number taken, fail, and run every other piece of it alone (sqldb's writer).
type outcomesInFlight struct {
	mu     sync.Mutex
	calls  map[string]*outcomeCall
	recent fifomap.Map[*outcomeCall] // outcomes applied here, kept for recentOutcomeFor
}

// recentOutcomes bounds how many applied outcomes are kept, and recentOutcomeFor how long: long
// enough for the browser's return and the webhook that race. Only a caller whose own read found the
// payment unfinished is answered from them, so what it gets is newer than what it read; a caller
// that reads the payment finished never gets here (applyOutcome).
const (
	recentOutcomes   = 1024
	recentOutcomeFor = time.Minute
)

type outcomeCall struct {
	done    chan struct{}
	pp      ims.PendingPayment
	applied bool
	err     error
	at      time.Time // when apply returned
}

// do runs apply for payment id unless another caller on this instance already is, in which case it
// waits for that caller and returns the payment as it left it (applied false). When that caller
// failed (its request was cancelled, say), this one runs apply itself.
func (o *outcomesInFlight) do(ctx context.Context, id string, apply func() (ims.PendingPayment, bool, error)) (ims.PendingPayment, bool, error) {
	o.mu.Lock()
	if c, ok := o.recent.Get(id); ok && time.Since(c.at) < recentOutcomeFor {
		o.mu.Unlock()
		return c.pp, false, nil
	}
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
		if c.err == nil && c.pp.State.Finished() {
			o.recent.Limit = recentOutcomes
			o.recent.Put(id, c)
		}
		o.mu.Unlock()
		close(c.done)
	}()
	c.pp, c.applied, c.err = apply()
	c.at = time.Now()
	return c.pp, c.applied, c.err
}
