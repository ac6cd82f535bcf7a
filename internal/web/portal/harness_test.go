package portal_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/app"
	"github.com/ims-council/ims/internal/app/apptest"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/psp"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/web/portal"
	"github.com/ims-council/ims/money"
)

// fakeProvider is a payment provider in memory: payments start in progress with a card page on
// another site, and the test decides how they end.
type fakeProvider struct {
	mu       sync.Mutex
	down     bool
	payments map[string]*psp.Payment
	requests []psp.PaymentRequest
}

func (f *fakeProvider) Limits() psp.Limits {
	return psp.Limits{MaxAmount: 10_000_000, MaxDescription: 255}
}

func (f *fakeProvider) CreatePayment(ctx context.Context, req psp.PaymentRequest) (psp.Payment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return psp.Payment{}, errors.New("connection refused")
	}
	f.requests = append(f.requests, req)
	id := fmt.Sprintf("prov%d", len(f.requests))
	p := &psp.Payment{ID: id, State: psp.InProgress, NextURL: "https://card.example/pay/" + id, Amount: req.Amount,
		Reference: req.Reference, Metadata: req.Metadata, CreatedAt: time.Now()}
	if f.payments == nil {
		f.payments = map[string]*psp.Payment{}
	}
	f.payments[id] = p
	return *p, nil
}

func (f *fakeProvider) GetPayment(ctx context.Context, id string) (psp.Payment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p, ok := f.payments[id]
	if !ok {
		return psp.Payment{}, errors.New("no such payment")
	}
	return *p, nil
}

// finish ends the provider's last payment.
func (f *fakeProvider) finish(state psp.State, brand, last4 string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p := f.payments[fmt.Sprintf("prov%d", len(f.requests))]
	p.State, p.CardBrand, p.CardLast4 = state, brand, last4
	if state == psp.Failed {
		p.Code, p.Message = "P0010", "Payment method rejected"
	}
}

func (f *fakeProvider) lastRequest() psp.PaymentRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests[len(f.requests)-1]
}

func (f *fakeProvider) setDown(down bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.down = down
}

func (f *fakeProvider) CancelPayment(ctx context.Context, id string) error { return nil }
func (f *fakeProvider) Refund(ctx context.Context, id string, req psp.RefundRequest) (psp.Refund, error) {
	return psp.Refund{}, errors.New("not supported")
}
func (f *fakeProvider) GetRefund(ctx context.Context, id, refundID string) (psp.Refund, error) {
	return psp.Refund{}, errors.New("not supported")
}
func (f *fakeProvider) ListRefunds(ctx context.Context, id string) ([]psp.Refund, error) {
	return nil, ims.Errorf(ims.Unavailable, "no refunds in the portal tests")
}
func (f *fakeProvider) ParseWebhook(body []byte, signature string) (psp.Event, error) {
	return psp.Event{}, errors.New("not supported")
}

// site is the whole application as app.New builds it on the demo council's reference data, with a
// fake provider. configure, when given, changes the configuration (trusted proxies) before it
// starts.
type site struct {
	t          *testing.T
	db         *sqldb.DB
	provider   *fakeProvider
	url        string
	receiptKey []byte // signs receipt links
}

func newSite(t *testing.T, db *sqldb.DB, rl portal.RateLimit, configure ...func(*config.Config)) *site {
	t.Helper()
	ctx := context.Background()
	demotest.Council(t, db)
	// A fund with standard-rate VAT, so the receipt has VAT to show.
	if err := refdata.Put(ctx, ims.System(), db.Funds(), ims.Fund{Code: "BW", Name: "Bulky waste collection", VATCode: "W0",
		Validator: "OPEN", Portal: true, PortalLabel: "Bulky waste collection", ReferenceLabel: "Booking number"}); err != nil {
		t.Fatal(err)
	}
	provider := &fakeProvider{}
	cfg := config.Config{}
	for _, c := range configure {
		c(&cfg)
	}
	a, srv := apptest.ServeConfig(t, db, cfg, app.WithPortalRateLimit(rl), app.WithLogger(slog.New(slog.DiscardHandler)),
		app.WithProviders(func(ctx context.Context, account string) (psp.Provider, error) { return provider, nil }))
	return &site{t: t, db: db, provider: provider, url: srv.URL, receiptKey: a.ReceiptKey}
}

// browser is one visitor with their own cookies. It does not follow redirects, so tests see where
// each answer sends the payer.
type browser struct {
	s      *site
	client *http.Client
}

func (s *site) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{s: s, client: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// page is one response.
type page struct {
	status   int
	body     string
	location string
	header   http.Header
}

func (b *browser) do(req *http.Request) page {
	b.s.t.Helper()
	res, err := b.client.Do(req)
	if err != nil {
		b.s.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		wellFormed(b.s.t, req.URL.Path, body)
	}
	return page{status: res.StatusCode, body: string(body), location: res.Header.Get("Location"), header: res.Header}
}

// wellFormed fails the test unless a page parses as XML, as every IMS page must (void elements are
// self-closed): a tag left open or closed twice by a template shows up here.
func wellFormed(t *testing.T, path string, body []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = true
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Errorf("%s is not well formed: %v", path, err)
			return
		}
	}
}

func (b *browser) get(path string) page {
	b.s.t.Helper()
	req, _ := http.NewRequest("GET", b.s.url+path, nil)
	return b.do(req)
}

// post sends a form; pairs are name, value, name, value…
func (b *browser) post(path string, pairs ...string) page {
	b.s.t.Helper()
	form := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		form.Add(pairs[i], pairs[i+1])
	}
	req, _ := http.NewRequest("POST", b.s.url+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// add adds a payment to the basket and checks it went in.
func (b *browser) add(fund, ref, amount string) {
	b.s.t.Helper()
	if p := b.post("/pay/details", "fund", fund, "reference", ref, "amount", amount); p.status != http.StatusSeeOther || p.location != "/pay/basket" {
		b.s.t.Fatalf("adding %s %s %s: %d %s\n%s", fund, ref, amount, p.status, p.location, p.body)
	}
}

// checkout answers the email question and goes to the check page.
func (b *browser) checkout(email string) {
	b.s.t.Helper()
	if p := b.post("/pay/email", "email", email); p.status != http.StatusSeeOther || p.location != "/pay/check" {
		b.s.t.Fatalf("email: %d %s\n%s", p.status, p.location, p.body)
	}
}

// ref returns body followed by its check character under a demo check digit scheme.
func (s *site) ref(scheme, body string) string {
	s.t.Helper()
	sc, err := s.db.CheckDigitSchemes().Get(context.Background(), scheme)
	if err != nil {
		s.t.Fatal(err)
	}
	c, err := sc.CheckChar(body)
	if err != nil {
		s.t.Fatal(err)
	}
	return body + c
}

// pendingPayments counts the pending payments in the database.
func (s *site) pendingPayments() int {
	s.t.Helper()
	var n int
	if err := s.db.SQL.QueryRow(`SELECT COUNT(*) FROM pending_payments`).Scan(&n); err != nil {
		s.t.Fatal(err)
	}
	return n
}

// mustContain fails the test unless the page holds every text.
func (p page) mustContain(t *testing.T, what string, texts ...string) {
	t.Helper()
	for _, text := range texts {
		if !strings.Contains(p.body, text) {
			t.Errorf("%s: page lacks %q\n%s", what, text, p.body)
			return
		}
	}
}

func pence(s string) money.Pence { return money.MustParse(s) }

// lastPayment returns the pending payment the provider was last asked to take.
func (s *site) lastPayment() ims.PendingPayment {
	s.t.Helper()
	pp, err := s.db.PendingPayment(context.Background(), ims.System(), s.provider.lastRequest().Metadata["ims_payment_id"])
	if err != nil {
		s.t.Fatal(err)
	}
	return pp
}
