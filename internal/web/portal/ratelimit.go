package portal

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/ims-council/ims/internal/web"
)

// rateLimited answers 429 with a GOV.UK-styled page when the client has sent too many requests.
// The client is web.ClientIP: behind a trusted proxy, the address the proxy reports, so clients
// behind one load balancer do not share one bucket, and nobody else can pick a bucket by writing
// X-Forwarded-For.
func (p *Portal) rateLimited(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, wait := p.limiter.Allow(web.ClientIP(r))
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
