package govukpay

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// backoffFor returns the wait before retry number attempt+1: Backoff doubled per earlier retry,
// capped at MaxWait, of which a random half is dropped ("equal jitter"), so that clients that
// failed together do not all come back at the same instant, yet each still waits a while.
func (c *Client) backoffFor(attempt int) time.Duration {
	d := c.backoff
	for range attempt {
		if d >= c.maxWait/2 {
			d = c.maxWait
			break
		}
		d *= 2
	}
	d = min(d, c.maxWait)
	half := d / 2
	if half <= 0 {
		return d
	}
	return d - half + rand.N(half+1)
}

// retryAfter reads a Retry-After header, in seconds or as an HTTP date, returning zero when there
// is none or it cannot be read (the caller then backs off on its own).
func (c *Client) retryAfter(h http.Header) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil {
		if s <= 0 {
			return 0
		}
		// Anything beyond a day is as good as "not now"; capping avoids overflow.
		return time.Duration(min(s, 86400)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(c.now()); d > 0 {
			return d
		}
	}
	return 0
}

// pause waits d, or less if ctx ends first, in which case it returns ctx's error.
func (c *Client) pause(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.sleep != nil {
		c.sleep(d)
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
