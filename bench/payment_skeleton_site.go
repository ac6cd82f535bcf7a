package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/ims-council/ims/internal/sqldb"
)

// A skeletonSite is the least a server can do and still speak the card payment protocol that
// payment_complete measures IMS on: the same hops over real HTTP on loopback (API create, provider
// create, card page, card form, return link, provider read, signed webhook, API read) and the same
// three durable commits per payment (the payment recorded before the provider is asked, so a crash
// in between leaves a row to close; the provider's id recorded; the outcome applied once by a
// conditional UPDATE, whichever of the return and the webhook comes first). Its handlers do nothing
// else: no validation beyond the protocol's checks, no ledger, no audit, no templates. The provider
// lives in the same server, as IMS's built-in simulator does, and keeps its payments in memory.
type skeletonSite struct {
	db     *sql.DB
	engine sqldb.Engine
	base   string
	token  string // the shop's bearer token
	secret []byte // the webhook signing secret
	srv    *http.Server
	client *http.Client // IMS's calls to the provider and the provider's webhooks

	mu       sync.Mutex
	provider map[string]*skeletonProviderPayment
	inflight sync.WaitGroup // webhooks being sent
	reads    int64          // provider reads made by return links, under mu
}

type skeletonProviderPayment struct {
	id, returnURL, state string
	amount               int64
}

func openSkeletonSite(ctx context.Context, d *database, writers int) (*skeletonSite, error) {
	db, err := d.openPool(ctx)
	if err != nil {
		return nil, err
	}
	poolLikeIMS(db)
	id, ts := "TEXT PRIMARY KEY", "TIMESTAMP"
	if d.engine == sqldb.Postgres {
		ts = "TIMESTAMPTZ"
	}
	for _, q := range []string{
		"CREATE TABLE payments (id " + id + ", token TEXT NOT NULL, reference TEXT NOT NULL, amount BIGINT NOT NULL, " +
			"return_url TEXT NOT NULL, state TEXT NOT NULL, provider_id TEXT, card_last4 TEXT, created_at " + ts + " NOT NULL)",
		"CREATE UNIQUE INDEX payments_provider ON payments (provider_id)",
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			db.Close()
			return nil, err
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		db.Close()
		return nil, err
	}
	s := &skeletonSite{db: db, engine: d.engine, base: "http://" + ln.Addr().String(), token: randomHex(16),
		secret: []byte(randomHex(16)), provider: map[string]*skeletonProviderPayment{},
		client: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConns: 4 * writers,
			MaxIdleConnsPerHost: 4 * writers, IdleConnTimeout: time.Minute},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/payments", s.create)
	mux.HandleFunc("GET /api/payments/{id}", s.read)
	mux.HandleFunc("GET /payments/{id}/return", s.returned)
	mux.HandleFunc("POST /webhook", s.webhook)
	mux.HandleFunc("POST /provider/payments", s.providerCreate)
	mux.HandleFunc("GET /provider/payments/{id}", s.providerRead)
	mux.HandleFunc("GET /provider/card/{id}", s.cardPage)
	mux.HandleFunc("POST /provider/card/{id}", s.cardForm)
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go s.srv.Serve(ln)
	return s, nil
}

func (s *skeletonSite) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	s.srv.Shutdown(ctx)
	cancel()
	s.client.CloseIdleConnections()
	s.db.Close()
}

// quiesce waits for the webhooks already sent to be answered.
func (s *skeletonSite) quiesce() { s.inflight.Wait() }

// poolLikeIMS sizes a bench pool as sqldb.Open sizes IMS's: database/sql keeps only 2 idle
// connections otherwise, so under 8 payers most requests would open a connection (on SQLite parsing
// the whole schema again) and close it, which is no part of either implementation's cost.
func poolLikeIMS(db *sql.DB) {
	db.SetMaxOpenConns(sqldb.DefaultMaxConns)
	db.SetMaxIdleConns(sqldb.DefaultMaxConns)
	db.SetConnMaxIdleTime(5 * time.Minute)
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func fail(w http.ResponseWriter, status int, err error) { http.Error(w, err.Error(), status) }

// create records the payment (commit 1), creates it at the provider and records the provider's id
// (commit 2).
func (s *skeletonSite) create(w http.ResponseWriter, r *http.Request) {
	if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("Bearer "+s.token)) != 1 {
		fail(w, http.StatusUnauthorized, errors.New("bad token"))
		return
	}
	var req struct {
		Reference string `json:"reference"`
		Amount    int64  `json:"amount"`
		ReturnURL string `json:"return_url"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Amount <= 0 || req.ReturnURL == "" {
		fail(w, http.StatusBadRequest, fmt.Errorf("bad request: %v", err))
		return
	}
	id, token := "pay-"+randomHex(10), randomHex(16)
	ctx := r.Context()
	if _, err := s.db.ExecContext(ctx, "INSERT INTO payments (id, token, reference, amount, return_url, state, created_at) "+
		"VALUES ($1, $2, $3, $4, $5, 'created', $6)", id, token, req.Reference, req.Amount, req.ReturnURL, time.Now()); err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	body, _ := json.Marshal(map[string]any{"amount": req.Amount, "reference": req.Reference,
		"return_url": s.base + "/payments/" + id + "/return?token=" + token})
	var got struct {
		ID      string `json:"payment_id"`
		NextURL string `json:"next_url"`
	}
	if err := s.call(ctx, "POST", s.base+"/provider/payments", body, &got); err != nil {
		fail(w, http.StatusBadGateway, err)
		return
	}
	if _, err := s.db.ExecContext(ctx, "UPDATE payments SET provider_id = $1, state = 'started' WHERE id = $2 AND state = 'created'",
		got.ID, id); err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(map[string]string{"id": id, "state": "in_progress", "next_url": got.NextURL})
}

// call sends a JSON request to the provider and decodes its answer.
func (s *skeletonSite) call(ctx context.Context, method, u string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := s.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("provider: %s %s: %d %s", method, u, res.StatusCode, b)
	}
	return json.Unmarshal(b, out)
}

// settle applies the outcome once (commit 3): the conditional UPDATE lets only the first caller
// change the row.
func (s *skeletonSite) settle(ctx context.Context, id, state, last4 string) error {
	_, err := s.db.ExecContext(ctx, "UPDATE payments SET state = $1, card_last4 = $2 WHERE id = $3 AND state = 'started'",
		state, last4, id)
	return err
}

// returned is the payer's way back: the provider is read only when the webhook has not already
// settled the payment.
func (s *skeletonSite) returned(w http.ResponseWriter, r *http.Request) {
	ctx, id := r.Context(), r.PathValue("id")
	var token, state, returnURL string
	var providerID sql.NullString
	if err := s.db.QueryRowContext(ctx, "SELECT token, state, return_url, provider_id FROM payments WHERE id = $1", id).
		Scan(&token, &state, &returnURL, &providerID); err != nil {
		fail(w, http.StatusNotFound, err)
		return
	}
	if subtle.ConstantTimeCompare([]byte(token), []byte(r.URL.Query().Get("token"))) != 1 {
		fail(w, http.StatusNotFound, errors.New("bad token"))
		return
	}
	if state == "started" {
		s.mu.Lock()
		s.reads++
		s.mu.Unlock()
		var got struct {
			State string `json:"state"`
			Last4 string `json:"card_last4"`
		}
		if err := s.call(ctx, "GET", s.base+"/provider/payments/"+providerID.String, nil, &got); err != nil {
			fail(w, http.StatusBadGateway, err)
			return
		}
		if got.State == "success" {
			if err := s.settle(ctx, id, "succeeded", got.Last4); err != nil {
				fail(w, http.StatusInternalServerError, err)
				return
			}
		}
	}
	http.Redirect(w, r, returnURL+"&payment_id="+url.QueryEscape(id), http.StatusSeeOther)
}

// webhook applies the outcome a signed notification carries.
func (s *skeletonSite) webhook(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	mac := hmac.New(sha256.New, s.secret)
	mac.Write(body)
	sig, err := hex.DecodeString(r.Header.Get("Pay-Signature"))
	if err != nil || !hmac.Equal(sig, mac.Sum(nil)) {
		fail(w, http.StatusUnauthorized, errors.New("bad signature"))
		return
	}
	var ev struct {
		PaymentID string `json:"resource_id"`
		State     string `json:"state"`
		Last4     string `json:"card_last4"`
	}
	if err := json.Unmarshal(body, &ev); err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	ctx := r.Context()
	var id, state string
	if err := s.db.QueryRowContext(ctx, "SELECT id, state FROM payments WHERE provider_id = $1", ev.PaymentID).Scan(&id, &state); err != nil {
		fail(w, http.StatusNotFound, err)
		return
	}
	if state == "started" && ev.State == "success" {
		if err := s.settle(ctx, id, "succeeded", ev.Last4); err != nil {
			fail(w, http.StatusInternalServerError, err)
			return
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// read is the shop's check of the outcome.
func (s *skeletonSite) read(w http.ResponseWriter, r *http.Request) {
	if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("Bearer "+s.token)) != 1 {
		fail(w, http.StatusUnauthorized, errors.New("bad token"))
		return
	}
	var state string
	var last4 sql.NullString
	if err := s.db.QueryRowContext(r.Context(), "SELECT state, card_last4 FROM payments WHERE id = $1", r.PathValue("id")).
		Scan(&state, &last4); err != nil {
		fail(w, http.StatusNotFound, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{"state": state, "card_last4": last4.String})
}

// The provider's side: payments in memory.

func (s *skeletonSite) providerCreate(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Amount    int64  `json:"amount"`
		ReturnURL string `json:"return_url"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	p := &skeletonProviderPayment{id: randomHex(10), returnURL: req.ReturnURL, state: "created", amount: req.Amount}
	s.mu.Lock()
	s.provider[p.id] = p
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(map[string]string{"payment_id": p.id, "next_url": s.base + "/provider/card/" + p.id})
}

func (s *skeletonSite) providerPayment(id string) (skeletonProviderPayment, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.provider[id]
	if !ok {
		return skeletonProviderPayment{}, false
	}
	return *p, true
}

func (s *skeletonSite) providerRead(w http.ResponseWriter, r *http.Request) {
	p, ok := s.providerPayment(r.PathValue("id"))
	if !ok {
		fail(w, http.StatusNotFound, errors.New("no such payment"))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{"state": p.state, "card_last4": "1111"})
}

func (s *skeletonSite) cardPage(w http.ResponseWriter, r *http.Request) {
	p, ok := s.providerPayment(r.PathValue("id"))
	if !ok {
		fail(w, http.StatusNotFound, errors.New("no such payment"))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!DOCTYPE html><title>Pay</title><p>Pay £%d.%02d</p><form method="post" action="/provider/card/%s">`+
		`<input name="cardNo"><button>Pay</button></form>`, p.amount/100, p.amount%100, p.id)
}

// cardForm takes the card, marks the payment succeeded, sends the signed webhook in the background
// (racing the payer's return, as GOV.UK Pay's does) and sends the payer back.
func (s *skeletonSite) cardForm(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	card := r.PostFormValue("cardNo")
	s.mu.Lock()
	p, ok := s.provider[id]
	if ok && p.state == "created" && len(card) == 16 {
		p.state = "success"
	}
	s.mu.Unlock()
	if !ok || len(card) != 16 {
		fail(w, http.StatusBadRequest, errors.New("no such payment or bad card"))
		return
	}
	body, _ := json.Marshal(map[string]string{"resource_id": id, "state": "success", "card_last4": card[12:]})
	mac := hmac.New(sha256.New, s.secret)
	mac.Write(body)
	sig := hex.EncodeToString(mac.Sum(nil))
	s.inflight.Add(1)
	go func() {
		defer s.inflight.Done()
		req, err := http.NewRequest("POST", s.base+"/webhook", bytes.NewReader(body))
		if err != nil {
			return
		}
		req.Header.Set("Pay-Signature", sig)
		if res, err := s.client.Do(req); err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}
	}()
	http.Redirect(w, r, p.returnURL, http.StatusSeeOther)
}

// providerReads returns how many return links read the provider.
func (s *skeletonSite) providerReads() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reads
}
