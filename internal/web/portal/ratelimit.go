package portal

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/ims-council/ims/internal/web"
)

// limiter is a token bucket per client IP address for the portal's POST routes, so one client
// cannot hammer reference validation or payment creation.
//
// It lives in this instance's memory: behind a load balancer each instance counts on its own, so
// the effective limit is this limit times the number of instances. That is enough to stop one client
// flooding the forms; it is not a precise quota.
type limiter struct {
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

func newLimiter(rl RateLimit, now func() time.Time) *limiter {
	if rl.Burst <= 0 {
		rl.Burst = 30
	}
	if rl.Every <= 0 {
		rl.Every = 2 * time.Second
	}
	return &limiter{burst: float64(rl.Burst), every: rl.Every, now: now, buckets: make(map[string]*bucket)}
}

// allow takes a token from the client's bucket. When the bucket is empty it returns false and how
// long until a token is back.
func (l *limiter) allow(client string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets[client]
	if !ok {
		if len(l.buckets) >= maxBuckets {
			l.forgetFull(now)
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[client] = b
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
func (l *limiter) forgetFull(now time.Time) {
	full := time.Duration(l.burst * float64(l.every))
	for k, b := range l.buckets {
		if now.Sub(b.at) >= full {
			delete(l.buckets, k)
		}
	}
}

// rateLimited answers 429 with a GOV.UK-styled page when the client has sent too many requests.
// The client is web.ClientIP: behind a trusted proxy, the address the proxy reports, so clients
// behind one load balancer do not share one bucket, and nobody else can pick a bucket by writing
// X-Forwarded-For.
func (p *Portal) rateLimited(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, wait := p.limiter.allow(web.ClientIP(r))
		if ok {
			next.ServeHTTP(w, r)
			return
		}
		p.log.WarnContext(r.Context(), "portal: rate limit", "client", web.ClientIP(r), "path", r.URL.Path)
		w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)+1))
		// The session is not loaded for a refused request (that would cost a database read); the
		// language is not in it anyway.
		v := &view{p: p, w: w, r: r, lang: web.Lang(r)}
		v.render(http.StatusTooManyRequests, "portal-too-many", v.layout(v.t("Too many requests"), false), struct{ base }{v.base()})
	})
}

// keyedMutex serialises work per key (a session), so that a double click on "Pay" does not start
// two payments. Like the limiter it is per instance; the session guard (state.Attempt) covers
// requests that reach different instances one after the other.
type keyedMutex struct {
	mu    sync.Mutex
	locks map[string]*keyedLock
}

type keyedLock struct {
	sync.Mutex
	waiters int
}

// lock locks key and returns the function that unlocks it.
func (k *keyedMutex) lock(key string) (unlock func()) {
	k.mu.Lock()
	if k.locks == nil {
		k.locks = make(map[string]*keyedLock)
	}
	l := k.locks[key]
	if l == nil {
		l = &keyedLock{}
		k.locks[key] = l
	}
	l.waiters++
	k.mu.Unlock()
	l.Lock()
	return func() {
		l.Unlock()
		k.mu.Lock()
		l.waiters--
		if l.waiters == 0 {
			delete(k.locks, key)
		}
		k.mu.Unlock()
	}
}
