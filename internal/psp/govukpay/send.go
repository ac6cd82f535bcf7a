package govukpay

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp"
)

// maxResponse bounds what is read of any answer; a payment is a few kilobytes.
const maxResponse = 1 << 20

// A request is one API call, however many attempts it takes.
type request struct {
	method         string
	path           string // below the base URL, already escaped
	body           any    // marshalled to JSON; nil sends no body
	idempotencyKey string
	// repeatable says that sending the request twice has the effect of sending it once, so a
	// failed attempt may be retried.
	repeatable bool
}

// A response is GOV.UK Pay's final answer to a request.
type response struct {
	status int
	header http.Header
	body   []byte
}

// send makes the request, retrying a repeatable one after a network failure, a timeout, 429 or
// 5xx. It returns the last response whatever its status; the error is an Unavailable *ims.Error
// when no response came at all.
func (c *Client) send(ctx context.Context, r request) (response, error) {
	var body []byte
	if r.body != nil {
		var err error
		if body, err = json.Marshal(r.body); err != nil {
			return response{}, &ims.Error{Code: ims.Internal, Err: err}
		}
	}
	for attempt := 0; ; attempt++ {
		res, err := c.attempt(ctx, r, body)
		if ctx.Err() != nil {
			return response{}, abandoned(ctx)
		}
		var wait time.Duration
		switch {
		case err != nil:
		case res.status == http.StatusTooManyRequests || res.status >= 500:
			wait = c.retryAfter(res.header)
		default:
			return res, nil
		}
		if !r.repeatable || attempt >= c.maxRetries || wait > c.maxWait {
			return res, err
		}
		if wait == 0 {
			wait = c.backoffFor(attempt)
		}
		if err := c.pause(ctx, wait); err != nil {
			return response{}, abandoned(ctx)
		}
	}
}

// attempt sends the request once, within the per-attempt timeout.
func (c *Client) attempt(ctx context.Context, r request, body []byte) (response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, c.base+r.path, rd)
	if err != nil {
		return response{}, &ims.Error{Code: ims.Internal, Err: err}
	}
	req.Header.Set("Authorization", "Bearer "+c.apiKey)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "ims-govukpay")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.idempotencyKey != "" {
		req.Header.Set("Idempotency-Key", r.idempotencyKey)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return response{}, c.unreachable(ctx, r, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, maxResponse))
	if err != nil {
		return response{}, c.unreachable(ctx, r, err)
	}
	return response{status: res.StatusCode, header: res.Header, body: b}, nil
}

// unreachable describes a request that got no answer. The cause is kept for the log; net/http's
// errors name the URL, which holds no secret.
func (c *Client) unreachable(ctx context.Context, r request, err error) error {
	msg := "GOV.UK Pay could not be reached"
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		msg = fmt.Sprintf("GOV.UK Pay did not answer within %s", c.timeout)
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		// No connection was made, so nothing was sent: GOV.UK Pay cannot have acted on it.
		return &ims.Error{Code: ims.Unavailable, Message: msg, Err: fmt.Errorf("%w: %w", psp.ErrNotSent, err)}
	}
	if !r.repeatable {
		// Only the sending is known to have failed: GOV.UK Pay may have acted on it.
		msg += "; whether it acted on the request is not known"
	}
	return &ims.Error{Code: ims.Unavailable, Message: msg, Err: err}
}

// abandoned is the error for a request whose caller gave up (cancelled or timed out its context).
func abandoned(ctx context.Context) error {
	return &ims.Error{Code: ims.Unavailable, Message: "the request to GOV.UK Pay was abandoned", Err: ctx.Err()}
}
