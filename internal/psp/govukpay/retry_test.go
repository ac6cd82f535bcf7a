package govukpay

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp"
)

var downstream = map[string]any{"code": "P0999", "description": "Downstream system error"}

func TestAGetIsRetriedAfterAServerError(t *testing.T) {
	f := newFake(t)
	f.script = []reply{{status: 500, body: downstream}, {status: 200, body: f.payment("success", "", "")}}
	c, waits := f.client(t, Config{Backoff: 400 * time.Millisecond})
	p, err := c.GetPayment(context.Background(), payID)
	if err != nil {
		t.Fatal(err)
	}
	if p.State != psp.Succeeded {
		t.Errorf("state = %s", p.State)
	}
	if n := len(f.requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
	if len(*waits) != 1 || (*waits)[0] < 200*time.Millisecond || (*waits)[0] > 400*time.Millisecond {
		t.Errorf("waits = %v, want one between half the back-off and the back-off", *waits)
	}
}

func TestRetriesBackOffExponentiallyThenGiveUp(t *testing.T) {
	f := newFake(t)
	f.script = []reply{{status: 503, body: downstream, offContract: true}, {status: 502, body: downstream, offContract: true},
		{status: 500, body: downstream}, {status: 500, body: downstream}}
	c, waits := f.client(t, Config{MaxRetries: 3, Backoff: 100 * time.Millisecond, MaxWait: 300 * time.Millisecond})
	_, err := c.GetPayment(context.Background(), payID)
	if ims.ErrorCode(err) != ims.Unavailable {
		t.Errorf("err = %v, want Unavailable", err)
	}
	if n := len(f.requests()); n != 4 {
		t.Errorf("%d requests, want 1 + 3 retries", n)
	}
	bounds := [][2]time.Duration{{50, 100}, {100, 200}, {150, 300}} // the last capped by MaxWait
	if len(*waits) != len(bounds) {
		t.Fatalf("waits = %v", *waits)
	}
	for i, b := range bounds {
		if w := (*waits)[i]; w < b[0]*time.Millisecond || w > b[1]*time.Millisecond {
			t.Errorf("wait %d = %v, want %dms to %dms", i, w, b[0], b[1])
		}
	}
}

func TestRetryAfterIsRespected(t *testing.T) {
	f := newFake(t)
	f.script = []reply{
		{status: 429, body: map[string]any{"code": "P0900", "description": "Too many requests"}, header: map[string]string{"Retry-After": "3"}},
		{status: 200, body: f.payment("created", "", "")},
	}
	c, waits := f.client(t, Config{})
	if _, err := c.GetPayment(context.Background(), payID); err != nil {
		t.Fatal(err)
	}
	if len(*waits) != 1 || (*waits)[0] != 3*time.Second {
		t.Errorf("waits = %v, want [3s]", *waits)
	}
}

func TestRetryAfterAsADate(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	f := newFake(t)
	f.script = []reply{
		{status: 503, header: map[string]string{"Retry-After": now.Add(2 * time.Second).Format(http.TimeFormat)}, offContract: true},
		{status: 200, body: f.payment("created", "", "")},
	}
	c, waits := f.client(t, Config{Now: func() time.Time { return now }})
	if _, err := c.GetPayment(context.Background(), payID); err != nil {
		t.Fatal(err)
	}
	if len(*waits) != 1 || (*waits)[0] != 2*time.Second {
		t.Errorf("waits = %v, want [2s]", *waits)
	}
}

func TestARetryAfterLongerThanMaxWaitFailsAtOnce(t *testing.T) {
	f := newFake(t)
	f.script = []reply{{status: 429, body: map[string]any{"code": "P0900", "description": "Too many requests"},
		header: map[string]string{"Retry-After": "120"}}}
	c, waits := f.client(t, Config{MaxWait: 5 * time.Second})
	_, err := c.GetPayment(context.Background(), payID)
	if ims.ErrorCode(err) != ims.Unavailable {
		t.Errorf("err = %v, want Unavailable", err)
	}
	if len(*waits) != 0 || len(f.requests()) != 1 {
		t.Errorf("waited %v over %d requests; want no wait and one request", *waits, len(f.requests()))
	}
}

func TestACreateWithoutAKeyIsNeverRetried(t *testing.T) {
	f := newFake(t)
	f.script = []reply{{status: 500, body: downstream}}
	c, waits := f.client(t, Config{MaxRetries: 5})
	req := portalRequest()
	req.IdempotencyKey = ""
	_, err := c.CreatePayment(context.Background(), req)
	if ims.ErrorCode(err) != ims.Unavailable {
		t.Errorf("err = %v, want Unavailable", err)
	}
	if n := len(f.requests()); n != 1 || len(*waits) != 0 {
		t.Errorf("%d requests, waits %v; a create without a key must be sent once", n, *waits)
	}
}

func TestACreateWithAKeyIsRetriedWithTheSameKey(t *testing.T) {
	f := newFake(t)
	f.script = []reply{{status: 500, body: downstream}, {status: 201, body: f.created(12345)}}
	c, _ := f.client(t, Config{})
	if _, err := c.CreatePayment(context.Background(), portalRequest()); err != nil {
		t.Fatal(err)
	}
	reqs := f.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	for _, r := range reqs {
		if k := r.header.Get("Idempotency-Key"); k != portalRequest().IdempotencyKey {
			t.Errorf("Idempotency-Key = %q", k)
		}
	}
}

func TestARefundIsNeverRetried(t *testing.T) {
	// GOV.UK Pay takes no idempotency key for refunds: after a 5xx the refund may have been made,
	// so sending it again could pay the money back twice.
	f := newFake(t)
	f.script = []reply{{status: 500, body: downstream}, {status: 200, body: f.refund("submitted", 100)}}
	c, _ := f.client(t, Config{})
	_, err := c.Refund(context.Background(), payID, psp.RefundRequest{Amount: 100, ExpectedAvailable: 1200})
	if ims.ErrorCode(err) != ims.Unavailable || errors.Is(err, psp.ErrNotSent) || len(f.requests()) != 1 {
		t.Errorf("err = %v after %d requests; want Unavailable (outcome unknown) after 1", err, len(f.requests()))
	}
}

func TestARefundThatCannotConnectWasNotSent(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close() // nothing listens there now: the connection is refused
	c, err := New(Config{BaseURL: base, APIKey: "api_test_key", WebhookSecret: "secret", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Refund(context.Background(), payID, psp.RefundRequest{Amount: 100, ExpectedAvailable: 1200})
	if ims.ErrorCode(err) != ims.Unavailable || !errors.Is(err, psp.ErrNotSent) {
		t.Errorf("err = %v; want Unavailable wrapping psp.ErrNotSent", err)
	}
}

func TestACancelIsRetried(t *testing.T) {
	f := newFake(t)
	f.script = []reply{{status: 500, body: downstream}, {status: 204}}
	c, _ := f.client(t, Config{})
	if err := c.CancelPayment(context.Background(), payID); err != nil {
		t.Fatal(err)
	}
	if n := len(f.requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestATimeoutIsUnavailable(t *testing.T) {
	f := newFake(t)
	f.script = []reply{{status: 200, body: f.payment("created", "", ""), delay: 2 * time.Second}}
	c, _ := f.client(t, Config{Timeout: 50 * time.Millisecond, MaxRetries: -1})
	start := time.Now()
	_, err := c.GetPayment(context.Background(), payID)
	if ims.ErrorCode(err) != ims.Unavailable || !strings.Contains(err.Error(), "did not answer within 50ms") {
		t.Errorf("err = %v, want Unavailable saying GOV.UK Pay did not answer in time", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v; the timeout is 50ms", d)
	}
}

func TestATimedOutCreateWithoutAKeySaysTheOutcomeIsUnknown(t *testing.T) {
	f := newFake(t)
	f.script = []reply{{status: 201, body: f.created(12345), delay: 2 * time.Second}}
	c, _ := f.client(t, Config{Timeout: 50 * time.Millisecond})
	req := portalRequest()
	req.IdempotencyKey = ""
	_, err := c.CreatePayment(context.Background(), req)
	if ims.ErrorCode(err) != ims.Unavailable || !strings.Contains(err.Error(), "not known") {
		t.Errorf("err = %v, want Unavailable saying the outcome is not known", err)
	}
}

func TestAnUnreachableServerIsUnavailableAfterRetries(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close() // nothing listens there any more
	var waits []time.Duration
	c, err := New(Config{APIKey: testKey, BaseURL: base, Sleep: func(d time.Duration) { waits = append(waits, d) }})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetPayment(context.Background(), payID)
	if ims.ErrorCode(err) != ims.Unavailable || !strings.Contains(err.Error(), "could not be reached") {
		t.Errorf("err = %v, want Unavailable", err)
	}
	if len(waits) != DefaultMaxRetries {
		t.Errorf("waited %d times, want %d", len(waits), DefaultMaxRetries)
	}
}

func TestCancellingTheContextStopsRetriesAtOnce(t *testing.T) {
	f := newFake(t)
	f.script = []reply{{status: 500, body: downstream}}
	ctx, cancel := context.WithCancel(context.Background())
	c, _ := f.client(t, Config{MaxRetries: 5, Sleep: func(time.Duration) { cancel() }})
	_, err := c.GetPayment(ctx, payID)
	if ims.ErrorCode(err) != ims.Unavailable || len(f.requests()) != 1 {
		t.Errorf("err = %v after %d requests; want Unavailable after 1", err, len(f.requests()))
	}
}

func TestCancellingTheContextInterruptsARealWait(t *testing.T) {
	f := newFake(t)
	f.script = []reply{{status: 429, body: map[string]any{"code": "P0900", "description": "Too many requests"},
		header: map[string]string{"Retry-After": "30"}}}
	c, err := New(Config{APIKey: testKey, BaseURL: f.srv.URL, MaxWait: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = c.GetPayment(ctx, payID)
	if ims.ErrorCode(err) != ims.Unavailable || !strings.Contains(err.Error(), "abandoned") {
		t.Errorf("err = %v, want Unavailable (abandoned)", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v; the caller gave up after 100ms", d)
	}
}
