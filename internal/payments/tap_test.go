package payments_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// providerTap sits between IMS's GOV.UK Pay adapter and the simulator: it counts the refund
// requests that reach the provider and can make the network misbehave around them.
type providerTap struct {
	next http.Handler

	mu           sync.Mutex
	refundPOSTs  int
	answerDelay  time.Duration // how long a refund's answer is held back after the provider acted
	dropRequests int           // refund requests to lose on the way to the provider (answered 502)
	failLists    int           // reads of a payment's refunds to answer 503
	paymentGETs  int           // reads of a payment (not its refunds)
}

func (p *providerTap) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	isRefunds := strings.HasSuffix(r.URL.Path, "/refunds")
	p.mu.Lock()
	drop, failList, delay := false, false, p.answerDelay
	switch {
	case isRefunds && r.Method == http.MethodPost && p.dropRequests > 0:
		p.dropRequests--
		drop = true
	case isRefunds && r.Method == http.MethodPost:
		p.refundPOSTs++
	case isRefunds && r.Method == http.MethodGet && p.failLists > 0:
		p.failLists--
		failList = true
	case !isRefunds && r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/v1/payments/"):
		p.paymentGETs++
	}
	p.mu.Unlock()
	switch {
	case drop:
		http.Error(w, "502 Bad Gateway", http.StatusBadGateway)
	case failList:
		http.Error(w, "503 Service Unavailable", http.StatusServiceUnavailable)
	case isRefunds && r.Method == http.MethodPost && delay > 0:
		rec := httptest.NewRecorder()
		p.next.ServeHTTP(rec, r)
		time.Sleep(delay) // the provider has acted; its answer is on its way
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	default:
		p.next.ServeHTTP(w, r)
	}
}

// posts returns how many refund requests reached the provider.
func (p *providerTap) posts() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.refundPOSTs
}

func (p *providerTap) set(change func(p *providerTap)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	change(p)
}

// reads returns how many reads of a payment reached the provider.
func (p *providerTap) reads() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.paymentGETs
}
