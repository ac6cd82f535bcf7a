package main

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp/govukpaysim"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// TestTwoInstancesUnderLoad is a small load test, sized for CI, of two `ims serve` processes on one
// PostgreSQL database: many payers at once, each payment's creation sent to both instances with one
// Idempotency-Key, every payer returning to both instances, and every webhook sent to both, twice.
// No request may fail with a server error, each payment must be recorded once, and PostgreSQL must
// detect no deadlock (it detected three in this test before the lock order of ADR 8).
func TestTwoInstancesUnderLoad(t *testing.T) {
	p := startTwoInstances(t, govukpaysim.WebhookPolicy{Duplicate: 1, Backoff: 50 * time.Millisecond})
	ctx := context.Background()
	const payments, payers = 48, 8

	var mu sync.Mutex
	var failures []string // requests that got a server error or no answer
	check := func(what string, status int, err error) {
		if err != nil || status >= 500 {
			mu.Lock()
			failures = append(failures, fmt.Sprintf("%s: %d %v", what, status, err))
			mu.Unlock()
		}
	}
	// both runs f on each instance at once.
	both := func(f func(base string)) {
		var wg sync.WaitGroup
		for _, base := range p.bases {
			wg.Add(1)
			go func() { defer wg.Done(); f(base) }()
		}
		wg.Wait()
	}

	ids := make([]string, payments)
	declined := func(i int) bool { return i%4 == 3 }
	next := make(chan int)
	var payersDone sync.WaitGroup
	for range payers {
		payersDone.Add(1)
		go func() {
			defer payersDone.Done()
			for i := range next {
				key, amount := fmt.Sprintf("load-%d", i), fmt.Sprintf("%d.00", 10+i)
				both(func(base string) {
					status, id, err := p.createPayment(base, key, amount)
					check("create "+key+" on "+base, status, err)
					if id != "" {
						mu.Lock()
						ids[i] = id
						mu.Unlock()
					}
				})
				mu.Lock()
				id := ids[i]
				mu.Unlock()
				if id == "" {
					continue
				}
				pp, err := p.db.PendingPayment(ctx, ims.System(), id)
				if err != nil {
					check("read "+id, 0, err)
					continue
				}
				card := "4444333322221111"
				if declined(i) {
					card = "4000000000000002"
				}
				if err := p.sim.Pay(pp.ProviderPaymentID, card); err != nil {
					check("pay "+id, 0, err)
					continue
				}
				link := simReturnLink(t, p.simURL, p.key, pp.ProviderPaymentID)
				both(func(base string) {
					status, err := p.returnTo(base, link)
					check("return of "+id+" to "+base, status, err)
				})
			}
		}()
	}
	for i := range payments {
		next <- i
	}
	close(next)
	payersDone.Wait()
	p.sim.WaitWebhooks()
	for _, d := range p.sim.Deliveries() {
		if d.Status >= 500 || d.Status == 0 {
			check(fmt.Sprintf("webhook %s %s to %s (attempt %d)", d.EventType, d.MessageID, d.URL, d.Attempt), d.Status, nil)
		}
	}
	for _, f := range failures {
		t.Error(f)
	}

	var succeeded int64
	for i, id := range ids {
		if id == "" {
			t.Errorf("payment %d was not created", i)
			continue
		}
		pp, err := p.db.PendingPayment(ctx, ims.System(), id)
		if err != nil {
			t.Fatal(err)
		}
		want, wantPostings := ims.PaymentSucceeded, 1
		if declined(i) {
			want, wantPostings = ims.PaymentFailed, 0
		}
		var postings int
		if err := p.db.SQL.QueryRow(`SELECT COUNT(*) FROM postings WHERE source_ref = $1`, id).Scan(&postings); err != nil {
			t.Fatal(err)
		}
		if pp.State != want || postings != wantPostings {
			t.Errorf("payment %d (%s): %s with %d postings; want %s with %d", i, id, pp.State, postings, want, wantPostings)
		}
		if pp.State == ims.PaymentSucceeded {
			succeeded++
		}
	}
	rep, err := p.db.VerifyLedger(ctx)
	if err != nil || rep.BrokenAt != 0 || rep.Postings != succeeded {
		t.Errorf("ledger: %+v %v; want %d intact postings", rep, err, succeeded)
	}

	p.stop()
	if n := sqldbtest.Deadlocks(t, p.dbURL); n != 0 {
		t.Errorf("PostgreSQL detected %d deadlocks", n)
	}
}
