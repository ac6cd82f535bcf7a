package web

import (
	"sync"
	"time"
)

// Limiter is a token bucket per key — a client's address, an email address being signed in to — so
// one client cannot hammer a form: Burst requests at once, then one more every Every.
//
// It lives in this instance's memory: behind a load balancer each instance counts on its own, so
// the effective limit is this limit times the number of instances. That is enough to stop one client
// flooding the forms; it is not a precise quota.
type Limiter struct {
	mu      sync.Mutex
	burst   float64
	every   time.Duration
	now     func() time.Time
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// maxBuckets is how many clients the limiter tracks before it forgets those whose buckets have
// refilled, so its memory stays bounded.
const maxBuckets = 10_000

// NewLimiter returns a limiter that allows burst requests per key at once, then one every every.
func NewLimiter(burst int, every time.Duration, now func() time.Time) *Limiter {
	return &Limiter{burst: float64(burst), every: every, now: now, buckets: make(map[string]*bucket)}
}

// Allow takes a token from key's bucket. When the bucket is empty it returns false and how
// long until a token is back.
func (l *Limiter) Allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= maxBuckets {
			l.forgetFull(now)
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.burst, b.tokens+float64(now.Sub(b.at))/float64(l.every))
	b.at = now
	if b.tokens < 1 {
		return false, time.Duration((1 - b.tokens) * float64(l.every))
	}
	b.tokens--
	return true, 0
}

// forgetFull drops the buckets that have refilled: forgetting them changes nothing.
func (l *Limiter) forgetFull(now time.Time) {
	full := time.Duration(l.burst * float64(l.every))
	for k, b := range l.buckets {
		if now.Sub(b.at) >= full {
			delete(l.buckets, k)
		}
	}
}
