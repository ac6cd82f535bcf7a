package webhooks_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/jobs"
	"github.com/ims-council/ims/internal/secretbox"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/webhooks"
)

// admin is a SystemAdmin signed in to the back office.
var admin = ims.Principal{UserID: 1, Name: "Ada Admin", Roles: []ims.Role{ims.SystemAdmin}}

// soon retries a failed job at once (River's scheduler still takes a few seconds to make it
// available), so a test of retries does not wait River's back-off.
type soon struct{}

func (soon) NextRetry(*rivertype.JobRow) time.Time { return time.Now() }

// received is one request a receiver was sent.
type received struct {
	header http.Header
	body   []byte
}

// receiver is a subscriber's endpoint: it answers each request with the next status of its
// script (200 once the script runs out) and keeps what it was sent.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	script []int
	got    []received
}

func newReceiver(t *testing.T, script ...int) *receiver {
	r := &receiver{script: script}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, received{req.Header.Clone(), body})
		status := http.StatusOK
		if len(r.script) > 0 {
			status, r.script = r.script[0], r.script[1:]
		}
		r.mu.Unlock()
		w.WriteHeader(status)
		if status >= 300 {
			io.WriteString(w, "try later")
		}
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) requests() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

// service gives db a secret key and returns the webhooks service on it, with no jobs running: a
// test makes the attempts itself.
func service(t *testing.T, db *sqldb.DB) *webhooks.Service {
	t.Helper()
	box, err := secretbox.New(strings.Repeat("k", 40))
	if err != nil {
		t.Fatal(err)
	}
	db.Secrets = box
	return webhooks.New(db, nil)
}

// rig is service with the jobs of one instance running on db, delivering with it.
func rig(t *testing.T, db *sqldb.DB) *webhooks.Service {
	t.Helper()
	svc := service(t, db)
	j, err := jobs.New(jobs.Config{DB: db, Webhooks: svc, PollInterval: 20 * time.Millisecond, RetryPolicy: soon{}})
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
	return svc
}

func subscribe(t *testing.T, svc *webhooks.Service, url string, events ...ims.WebhookEventType) (ims.WebhookSubscriber, string) {
	t.Helper()
	sub, secret, err := svc.Create(context.Background(), admin, ims.WebhookSubscriber{Name: "Finance system", URL: url, Events: events, Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	return sub, secret
}

func enqueue(t *testing.T, db *sqldb.DB, e ims.WebhookEvent) {
	t.Helper()
	if err := db.InTx(context.Background(), func(tx *sqldb.Tx) error { return webhooks.Enqueue(context.Background(), tx, e) }); err != nil {
		t.Fatal(err)
	}
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

func deliveries(t *testing.T, svc *webhooks.Service) []ims.WebhookDelivery {
	t.Helper()
	ds, err := svc.Deliveries(context.Background(), admin, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestDeliveryIsSignedRetriedAndResent follows one event to a subscriber that fails once: the
// receiver can verify every request's signature with the secret it was shown, the 500 is logged
// and tried again, and a person's re-send delivers the same event (same id, same body) once more.
func TestDeliveryIsSignedRetriedAndResent(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		svc := rig(t, db)
		r := newReceiver(t, http.StatusInternalServerError)
		other := newReceiver(t)
		_, secret := subscribe(t, svc, r.URL+"/ims", ims.EventPaymentSucceeded)
		subscribe(t, svc, other.URL, ims.EventRefundFailed) // wants another event: sent nothing

		enqueue(t, db, ims.WebhookEvent{Type: ims.EventPaymentSucceeded, Data: map[string]any{"receipt_number": "R-1", "amount": 1250}})
		waitFor(t, 20*time.Second, "the retried delivery", func() bool {
			ds := deliveries(t, svc)
			return len(ds) == 1 && ds[0].State == ims.DeliveryDelivered
		})
		got := r.requests()
		if len(got) != 2 {
			t.Fatalf("receiver got %d requests; want a 500 then a retry", len(got))
		}
		for i, g := range got {
			if err := ims.VerifyWebhook(secret, g.header.Get(ims.WebhookTimestampHeader), g.header.Get(ims.WebhookSignatureHeader),
				g.body, db.Now(), ims.WebhookReplayWindow); err != nil {
				t.Errorf("request %d: signature does not verify with the subscriber's secret: %v", i+1, err)
			}
			if err := ims.VerifyWebhook("whsec_wrong", g.header.Get(ims.WebhookTimestampHeader), g.header.Get(ims.WebhookSignatureHeader),
				g.body, db.Now(), ims.WebhookReplayWindow); err == nil {
				t.Errorf("request %d verifies with a wrong secret", i+1)
			}
		}
		var p webhooks.Payload
		if err := json.Unmarshal(got[1].body, &p); err != nil {
			t.Fatal(err)
		}
		if p.Type != ims.EventPaymentSucceeded || !strings.HasPrefix(p.ID, "evt_") || p.Created.IsZero() ||
			!strings.Contains(string(p.Data), `"receipt_number":"R-1"`) || got[1].header.Get(ims.WebhookIDHeader) != p.ID {
			t.Errorf("payload = %s (id header %q)", got[1].body, got[1].header.Get(ims.WebhookIDHeader))
		}
		if n := len(other.requests()); n != 0 {
			t.Errorf("a subscriber to other events got %d requests", n)
		}

		d := deliveries(t, svc)[0]
		_, log, err := svc.Delivery(ctx, admin, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != 2 || log[0].StatusCode != 500 || !strings.Contains(log[0].Error, "try later") || log[1].StatusCode != 200 || log[1].Error != "" {
			t.Errorf("delivery log = %+v; want a 500 with its answer, then a 200", log)
		}

		if err := svc.Resend(ctx, admin, d.ID); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 20*time.Second, "the re-sent delivery", func() bool { return len(r.requests()) == 3 })
		if again := r.requests()[2]; string(again.body) != string(got[0].body) {
			t.Errorf("re-send body = %s; want the same event %s", again.body, got[0].body)
		}
		waitFor(t, 10*time.Second, "the re-send in the log", func() bool {
			_, log, err := svc.Delivery(ctx, admin, d.ID)
			return err == nil && len(log) == 3
		})
	})
}

// TestGivingUp checks that a delivery whose every attempt fails ends failed, with the reason,
// and that a subscriber that cannot be reached is a logged attempt, not an error anywhere else.
func TestGivingUp(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		svc := service(t, db) // no jobs: the attempts are the test's
		gone := httptest.NewServer(http.NotFoundHandler())
		gone.Close() // nothing listens there now
		sub, _ := subscribe(t, svc, gone.URL, ims.EventImportCompleted)
		enqueue(t, db, ims.WebhookEvent{Type: ims.EventImportCompleted, Data: map[string]int{"import_id": 7}})
		d := deliveries(t, svc)[0]
		// A first attempt, then the job's last one: the queue's own would come eleven hours later.
		for _, final := range []bool{false, true} {
			if err := svc.Deliver(ctx, d.ID, final); err == nil {
				t.Fatal("Deliver to a closed port succeeded")
			}
			d, _, _ = svc.Delivery(ctx, admin, d.ID)
			if want := map[bool]string{false: ims.DeliveryPending, true: ims.DeliveryFailed}[final]; d.State != want {
				t.Errorf("after an attempt (final %v) the delivery is %s; want %s", final, d.State, want)
			}
		}
		d, log, err := svc.Delivery(ctx, admin, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.LastStatus != 0 || d.LastError == "" || len(log) != 2 || log[1].Error == "" || log[1].Attempt != 2 {
			t.Errorf("delivery = %+v, log %+v; want two attempts, no status and the connection's error", d, log)
		}
		if err := svc.Resend(ctx, ims.Principal{UserID: 2, Roles: []ims.Role{ims.Finance}}, d.ID); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("Resend by Finance = %v; want Forbidden", err)
		}
		sub.Enabled = false
		if _, err := svc.Update(ctx, admin, sub); err != nil {
			t.Fatal(err)
		}
		enqueue(t, db, ims.WebhookEvent{Type: ims.EventImportCompleted, Data: map[string]int{"import_id": 8}})
		if n := len(deliveries(t, svc)); n != 1 {
			t.Errorf("%d deliveries after an event for a disabled subscriber; want still 1", n)
		}
	})
}

// TestRolledBackEventSendsNothing checks that an event is recorded with the change that causes it:
// when that transaction rolls back there is no delivery and no request.
func TestRolledBackEventSendsNothing(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		svc := rig(t, db)
		r := newReceiver(t)
		subscribe(t, svc, r.URL, ims.EventPaymentFailed)
		err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			if err := webhooks.Enqueue(ctx, tx, ims.WebhookEvent{Type: ims.EventPaymentFailed, Data: map[string]string{"id": "p1"}}); err != nil {
				return err
			}
			return ims.Errorf(ims.Conflict, "the change failed after the event")
		})
		if ims.ErrorCode(err) != ims.Conflict {
			t.Fatalf("InTx = %v", err)
		}
		time.Sleep(300 * time.Millisecond) // long enough for a job that existed to be run
		if n := len(deliveries(t, svc)); n != 0 {
			t.Errorf("%d deliveries after a rolled-back event", n)
		}
		if n := len(r.requests()); n != 0 {
			t.Errorf("receiver got %d requests for a rolled-back event", n)
		}
	})
}
