package jobs_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/jobs"
	"github.com/ims-council/ims/internal/mail"
	"github.com/ims-council/ims/internal/mail/mailtest"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// soon retries a failed job at once (River's scheduler still takes a few seconds to make it
// available), so a test of retries does not wait River's back-off.
type soon struct{}

func (soon) NextRetry(*rivertype.JobRow) time.Time { return time.Now() }

// start runs the jobs of one instance on db, sending through server when it is not nil, until the
// test ends, and makes db enqueue its jobs there.
func start(t *testing.T, db *sqldb.DB, server *mailtest.Server, sweeper jobs.Sweeper) *jobs.Jobs {
	t.Helper()
	cfg := jobs.Config{DB: db, Payments: sweeper, PollInterval: 20 * time.Millisecond, Every: 200 * time.Millisecond,
		RetryPolicy: soon{}}
	if server != nil {
		sender, err := mail.NewSender(server.URL("payments@demo.example"))
		if err != nil {
			t.Fatal(err)
		}
		cfg.Sender = sender
	}
	j, err := jobs.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		j.Stop(ctx)
	})
	db.Jobs = j
	return j
}

// receipt is an outbox receipt email for payment ref.
func receipt(t testing.TB, to, ref string) sqldb.Email {
	payload, err := json.Marshal(ims.Receipt{Language: "en", Organisation: "Demo Borough Council", Number: "R-" + ref,
		Time: time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC), Total: 1250,
		Lines: []ims.ReceiptLine{{Fund: "19", Name: "Sundry Invoices", Reference: ref, Amount: 1250}}})
	if err != nil {
		t.Fatal(err)
	}
	return sqldb.Email{To: to, Purpose: "receipt", Ref: ref, Payload: string(payload)}
}

// waitFor polls cond until it holds, failing the test after limit.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting (%s) for %s", limit, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// outboxRow is what the outbox records of email ref.
func outboxRow(t *testing.T, db *sqldb.DB, ref string) (attempts int, lastError string, sent bool) {
	t.Helper()
	err := db.SQL.QueryRow(`SELECT attempts, last_error, sent_at IS NOT NULL FROM email_outbox WHERE purpose_ref = $1`, ref).
		Scan(&attempts, &lastError, &sent)
	if err != nil {
		t.Fatal(err)
	}
	return attempts, lastError, sent
}

// An email queued with a change is sent by its job; a refused send is recorded in the outbox and
// tried again; the email is delivered once, and queueing it again queues nothing.
func TestEmailIsSentOnceAndFailuresRetried(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		server := mailtest.NewServer(t)
		server.Refuse(true)
		start(t, db, server, nil)
		email := receipt(t, "payer@example.com", "pay-1")
		if err := db.QueueEmail(ctx, email); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 10*time.Second, "the first attempt", func() bool { n, _, _ := outboxRow(t, db, "pay-1"); return n >= 1 })
		if _, lastError, sent := outboxRow(t, db, "pay-1"); sent || !strings.Contains(lastError, "550") {
			t.Fatalf("after a refusal: sent %v, last error %q", sent, lastError)
		}
		server.Refuse(false)
		waitFor(t, 30*time.Second, "the retry to send it", func() bool { _, _, sent := outboxRow(t, db, "pay-1"); return sent })
		if err := db.QueueEmail(ctx, email); err != nil { // the same receipt again: kept once
			t.Fatal(err)
		}
		time.Sleep(500 * time.Millisecond)
		msgs := server.Messages()
		if len(msgs) != 1 {
			t.Fatalf("%d messages delivered; want 1", len(msgs))
		}
		got, err := mailtest.Read(msgs[0])
		if err != nil {
			t.Fatal(err)
		}
		if got.To != "payer@example.com" || got.Subject != "Your payment to Demo Borough Council: receipt R-pay-1" {
			t.Errorf("delivered to %q with subject %q", got.To, got.Subject)
		}
		if attempts, lastError, _ := outboxRow(t, db, "pay-1"); attempts < 2 || lastError != "" {
			t.Errorf("outbox after sending: %d attempts, last error %q", attempts, lastError)
		}
	})
}

// An email that can never be rendered is given up at once, with the reason in the outbox.
func TestAnEmailThatCannotBeRenderedIsGivenUp(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		server := mailtest.NewServer(t)
		start(t, db, server, nil)
		if err := db.QueueEmail(context.Background(), sqldb.Email{To: "a@example.com", Purpose: "receipt", Ref: "bad", Payload: "{"}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 10*time.Second, "the attempt", func() bool { n, _, _ := outboxRow(t, db, "bad"); return n >= 1 })
		time.Sleep(time.Second)
		if attempts, lastError, sent := outboxRow(t, db, "bad"); attempts != 1 || sent || !strings.Contains(lastError, "reading the receipt") {
			t.Errorf("outbox: %d attempts, sent %v, last error %q", attempts, sent, lastError)
		}
	})
}

// Without SMTP an instance leaves emails waiting; an instance with SMTP sends them.
func TestEmailsWaitForAnInstanceThatCanSend(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		start(t, db, nil, nil)
		if err := db.QueueEmail(context.Background(), receipt(t, "payer@example.com", "pay-2")); err != nil {
			t.Fatal(err)
		}
		time.Sleep(500 * time.Millisecond)
		if attempts, _, sent := outboxRow(t, db, "pay-2"); attempts != 0 || sent {
			t.Fatalf("without SMTP: %d attempts, sent %v", attempts, sent)
		}
		server := mailtest.NewServer(t)
		start(t, db, server, nil)
		waitFor(t, 10*time.Second, "the email to be sent", func() bool { return len(server.Messages()) == 1 })
	})
}

// countingSweeper counts sweeps.
type countingSweeper struct{ n atomic.Int64 }

func (s *countingSweeper) Sweep(context.Context) (int, error) { s.n.Add(1); return 0, nil }

// The payment sweep runs as a periodic job.
func TestPaymentSweepRunsPeriodically(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		sweeper := &countingSweeper{}
		start(t, db, nil, sweeper)
		waitFor(t, 15*time.Second, "two sweeps", func() bool { return sweeper.n.Load() >= 2 })
	})
}

// Two instances on one PostgreSQL, each with its own River client and workers, send 400 emails
// queued from both at once: every email is delivered exactly once (the outbox claim race of issue 8
// sent 150 of 400 twice with eight claimers).
func TestTwoInstancesSendEachEmailOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := sqldbtest.MigratedURL(t, sqldb.Postgres)
	server := mailtest.NewServer(t)
	var instances []*sqldb.DB
	for range 2 {
		db, err := sqldb.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		start(t, db, server, nil)
		instances = append(instances, db)
	}
	const emails = 400
	var wg sync.WaitGroup
	errs := make(chan error, emails)
	for i := range emails {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ref := fmt.Sprintf("pay-%03d", i)
			errs <- instances[i%2].QueueEmail(ctx, receipt(t, ref+"@example.com", ref))
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, 60*time.Second, "every email to be delivered", func() bool { return len(server.Messages()) >= emails })
	time.Sleep(time.Second) // time for any second delivery to arrive
	delivered := map[string]int{}
	for _, raw := range server.Messages() {
		m, err := mailtest.Read(raw)
		if err != nil {
			t.Fatal(err)
		}
		delivered[m.To]++
	}
	twice := 0
	for _, n := range delivered {
		if n > 1 {
			twice++
		}
	}
	if len(delivered) != emails || twice > 0 {
		t.Errorf("%d emails delivered to %d recipients, %d of them more than once; want %d, each once",
			len(server.Messages()), len(delivered), twice, emails)
	}
	var sent, attempts int
	instances[0].SQL.QueryRow(`SELECT COUNT(*), COALESCE(SUM(attempts), 0) FROM email_outbox WHERE sent_at IS NOT NULL`).Scan(&sent, &attempts)
	if sent != emails || attempts != emails {
		t.Errorf("outbox: %d sent with %d attempts; want %d with one attempt each", sent, attempts, emails)
	}
}
