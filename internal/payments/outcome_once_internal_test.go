package payments

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/ims-council/ims"
)

// The browser's return and the webhook race: the one that read the payment unfinished just before
// the other's outcome was applied must get the payment as it was finished, without a ledger batch
// of its own (which would find the receipt number taken, fail, and run its batch's other pieces
// alone). Only finished outcomes applied without error are kept, for a minute, and at most
// recentOutcomes of them.
func TestAnOutcomeAppliedHereAnswersTheCallerThatComesJustAfter(t *testing.T) {
	ctx := context.Background()
	var o outcomesInFlight
	runs := 0
	apply := func(state ims.PaymentState, err error) func() (ims.PendingPayment, bool, error) {
		return func() (ims.PendingPayment, bool, error) {
			runs++
			return ims.PendingPayment{ID: "p1", State: state}, err == nil, err
		}
	}
	if _, applied, err := o.do(ctx, "p1", apply(ims.PaymentSucceeded, nil)); err != nil || !applied || runs != 1 {
		t.Fatalf("first outcome: applied %v, %v after %d runs", applied, err, runs)
	}
	pp, applied, err := o.do(ctx, "p1", apply(ims.PaymentFailed, nil))
	if err != nil || applied || runs != 1 || pp.State != ims.PaymentSucceeded {
		t.Fatalf("the caller just after: %s, applied %v, %v after %d runs; want the first outcome, not applied, no run",
			pp.State, applied, err, runs)
	}

	kept, _ := o.recent.Get("p1")
	kept.at = time.Now().Add(-2 * recentOutcomeFor)
	if _, _, _ = o.do(ctx, "p1", apply(ims.PaymentSucceeded, nil)); runs != 2 {
		t.Fatalf("an outcome kept past %v answered a caller; want it applied again", recentOutcomeFor)
	}

	for i, first := range []func() (ims.PendingPayment, bool, error){apply(ims.PaymentSucceeded, errors.New("cancelled")), apply(ims.PaymentInProgress, nil)} {
		id := fmt.Sprintf("not-kept-%d", i)
		o.do(ctx, id, first)
		before := runs
		o.do(ctx, id, apply(ims.PaymentSucceeded, nil))
		if runs != before+1 {
			t.Errorf("case %d: an outcome that failed or did not finish the payment answered the next caller", i)
		}
	}

	for i := range recentOutcomes + 1 {
		o.do(ctx, fmt.Sprintf("many-%d", i), apply(ims.PaymentSucceeded, nil))
	}
	if o.recent.Len() != recentOutcomes {
		t.Fatalf("%d outcomes kept; want at most %d", o.recent.Len(), recentOutcomes)
	}
	if _, kept := o.recent.Get("many-0"); kept {
		t.Fatal("the oldest outcome was kept past the bound")
	}
}
