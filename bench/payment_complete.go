package main

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ims-council/ims"
)

// paymentComplete measures whole card payments (SPEC §13: API create → card page → outcome →
// posting): cfg.writers payers at once, each paying a parking fine over and over for cfg.duration
// through IMS's HTTP API, the simulator's card page and IMS's return link, as a shop's server and
// the payer's browser would. The card_payment_succeeded webhook races each return, as in
// production. Rows counts payments confirmed succeeded through the API. Afterwards the ledger must
// hold exactly one posting per payment, or the measurement fails.
func paymentComplete(ctx context.Context, cfg config) (Result, error) {
	d, err := freshDatabase(ctx, cfg)
	if err != nil {
		return Result{}, err
	}
	defer d.remove()
	site, err := openPaymentSite(ctx, d)
	if err != nil {
		return Result{}, err
	}
	defer site.close()
	res := Result{Writers: cfg.writers, Method: "HTTP per payment: POST /api/v1/payments, GET card page, POST card form, " +
		"GET IMS return link (provider read, outcome and posting), GET /api/v1/payments/{id}; " +
		"sqldb, govukpay adapter and GOV.UK Pay simulator with webhooks, on a loopback server"}
	if err := d.describe(ctx, site.db.SQL, &res); err != nil {
		return Result{}, err
	}
	// The payers share one pool of keep-alive connections, as browsers keep theirs open; redirects
	// are followed by hand so each step is checked.
	transport := &http.Transport{MaxIdleConns: 4 * cfg.writers, MaxIdleConnsPerHost: 4 * cfg.writers, IdleConnTimeout: time.Minute}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	payers := make([]*payer, cfg.writers)
	open := func(_ context.Context, writer int) (func(int64) error, func(), error) {
		p := &payer{site: site, client: client, writer: writer}
		payers[writer] = p
		return func(seq int64) error { return p.pay(ctx, seq) }, func() {}, nil
	}
	// The server's CPU per payment, against the skeleton's: what IMS's statements cost apart from
	// this process's work, which cpu_s reports, whatever the host's speed at the time.
	server := startServerUsage(ctx, site.db.SQL, cfg.engine)
	res.Rows, err = concurrently(ctx, cfg, open, &res)
	server.stop(ctx, &res)
	if err != nil {
		return Result{}, err
	}
	site.quiesce()
	if err := checkOnePostingPerPayment(ctx, site, res.Rows); err != nil {
		return Result{}, err
	}
	reportSteps(cfg, payers, res.Rows)
	return res, nil
}

// The steps of one payment, timed separately so the report can say where the time goes.
const (
	stepCreate   = iota // POST /api/v1/payments: validate, record, create at the provider, record its id
	stepCardPage        // GET next_url
	stepCardForm        // POST the card form: the simulated bank authorises
	stepReturn          // GET IMS's return link: read the provider, apply the outcome, post
	stepConfirm         // GET /api/v1/payments/{id}
	steps
)

var stepNames = [steps]string{"create", "card page", "card form", "return", "confirm"}

// A payer pays one fine after another. Its fields are used by its own writer goroutine only.
type payer struct {
	site   *paymentSite
	client *http.Client
	writer int
	spent  [steps]time.Duration
}

// formAction finds the card form's action on the card page (the first form; the second cancels).
var formAction = regexp.MustCompile(`<form method="post" action="([^"]+)"`)

// pay makes one whole payment and checks every answer on the way.
func (p *payer) pay(ctx context.Context, seq int64) error {
	key := "bench-" + strconv.Itoa(p.writer) + "-" + strconv.FormatInt(seq, 10)
	body := `{"lines":[{"fund_code":"11","reference":"` + benchParkingFine + `","amount":"35.00"}],` +
		`"payer":{"email":"payer@example.com"},"return_url":"` + benchReturnOrigin + `/done?order=` + key + `","reference":"` + key + `"}`

	t := time.Now()
	lap := func(step int) { now := time.Now(); p.spent[step] += now.Sub(t); t = now }

	var created struct {
		ID      string           `json:"id"`
		State   ims.PaymentState `json:"state"`
		NextURL string           `json:"next_url"`
	}
	if err := p.api(ctx, "POST", "/api/v1/payments", key, body, http.StatusCreated, &created); err != nil {
		return fmt.Errorf("creating payment %s: %w", key, err)
	}
	if created.ID == "" || created.State != ims.PaymentInProgress || created.NextURL == "" {
		return fmt.Errorf("creating payment %s: answered %+v", key, created)
	}
	lap(stepCreate)

	status, _, page, err := p.get(ctx, created.NextURL)
	if err != nil || status != http.StatusOK {
		return fmt.Errorf("payment %s: card page: %d %v", created.ID, status, err)
	}
	m := formAction.FindSubmatch(page)
	if m == nil {
		return fmt.Errorf("payment %s: no card form on the card page", created.ID)
	}
	action, err := resolve(created.NextURL, html.UnescapeString(string(m[1])))
	if err != nil {
		return err
	}
	lap(stepCardPage)

	form := url.Values{"cardNo": {benchCardNumber}, "expiryMonth": {"12"}, "expiryYear": {strconv.Itoa(time.Now().Year() + 3)},
		"cardholderName": {"Bench Payer"}, "cvc": {"123"}, "addressLine1": {"1 Bench Street"}, "addressCity": {"Benchton"},
		"addressPostcode": {"AB1 2CD"}, "email": {"payer@example.com"}}
	req, err := http.NewRequestWithContext(ctx, "POST", action, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	status, location, _, err := p.do(req)
	if err != nil || status != http.StatusSeeOther {
		return fmt.Errorf("payment %s: card form: %d %v", created.ID, status, err)
	}
	returnLink, err := resolve(action, location)
	if err != nil || !strings.HasPrefix(returnLink, p.site.base+"/payments/"+url.PathEscape(created.ID)+"/return?") {
		return fmt.Errorf("payment %s: the card form sent the payer to %q, not IMS's return link", created.ID, location)
	}
	lap(stepCardForm)

	status, location, _, err = p.get(ctx, returnLink)
	if err != nil || status != http.StatusSeeOther {
		return fmt.Errorf("payment %s: return link: %d %v", created.ID, status, err)
	}
	if back, err := url.Parse(location); err != nil || !strings.HasPrefix(location, benchReturnOrigin+"/done?") ||
		back.Query().Get("payment_id") != created.ID {
		return fmt.Errorf("payment %s: the return link sent the payer to %q, not the shop", created.ID, location)
	}
	lap(stepReturn)

	var got struct {
		State         ims.PaymentState `json:"state"`
		ReceiptNumber string           `json:"receipt_number"`
		CardLast4     string           `json:"card_last4"`
	}
	if err := p.api(ctx, "GET", "/api/v1/payments/"+url.PathEscape(created.ID), "", "", http.StatusOK, &got); err != nil {
		return fmt.Errorf("reading payment %s: %w", created.ID, err)
	}
	if got.State != ims.PaymentSucceeded || got.ReceiptNumber == "" || got.CardLast4 != benchCardNumber[12:] {
		return fmt.Errorf("payment %s after the return: %+v, want succeeded with a receipt number", created.ID, got)
	}
	lap(stepConfirm)
	return nil
}

// api sends a request to IMS's API as the shop's server does and decodes the answer into out.
func (p *payer) api(ctx context.Context, method, path, idempotencyKey, body string, want int, out any) error {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, p.site.base+path, r)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+p.site.token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if idempotencyKey != "" {
		req.Header.Set("Idempotency-Key", idempotencyKey)
	}
	status, _, b, err := p.do(req)
	if err != nil {
		return err
	}
	if status != want {
		return fmt.Errorf("%s %s: %d %s", method, path, status, b)
	}
	return json.Unmarshal(b, out)
}

func (p *payer) get(ctx context.Context, u string) (status int, location string, body []byte, err error) {
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return 0, "", nil, err
	}
	return p.do(req)
}

// do sends a request and reads the whole answer, so the connection goes back to the pool.
func (p *payer) do(req *http.Request) (status int, location string, body []byte, err error) {
	res, err := p.client.Do(req)
	if err != nil {
		return 0, "", nil, err
	}
	defer res.Body.Close()
	body, err = io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), body, err
}

// resolve resolves a link found on a page against the page's address.
func resolve(base, ref string) (string, error) {
	b, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	r, err := url.Parse(ref)
	if err != nil {
		return "", err
	}
	return b.ResolveReference(r).String(), nil
}

// checkOnePostingPerPayment is the correctness guard: every payment the payers saw succeed has
// exactly one posting and nothing else was posted or left unfinished.
func checkOnePostingPerPayment(ctx context.Context, site *paymentSite, completed int64) error {
	var postings, postedPayments, payments, succeeded int64
	if err := site.db.SQL.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT source_ref) FROM postings`).
		Scan(&postings, &postedPayments); err != nil {
		return err
	}
	if err := site.db.SQL.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN state = 'succeeded' AND posting_id IS NOT NULL THEN 1 ELSE 0 END), 0)
		FROM pending_payments`).Scan(&payments, &succeeded); err != nil {
		return err
	}
	if postings != completed || postedPayments != completed || payments != completed || succeeded != completed {
		return fmt.Errorf("%d payments completed, but the ledger has %d postings for %d payments, and %d pending payments of which %d succeeded with a posting",
			completed, postings, postedPayments, payments, succeeded)
	}
	rep, err := site.db.VerifyLedger(ctx)
	if err != nil {
		return fmt.Errorf("verifying the ledger: %w", err)
	}
	if rep.BrokenAt != 0 {
		return fmt.Errorf("the ledger's hash chain is broken at posting %d", rep.BrokenAt)
	}
	return nil
}

// reportSteps writes the mean wall-clock time of each step to stderr (the JSON line has no room for
// it): with the CPU profile, it says where a payment's time goes.
func reportSteps(cfg config, payers []*payer, completed int64) {
	if completed == 0 {
		return
	}
	var total [steps]time.Duration
	for _, p := range payers {
		for i, d := range p.spent {
			total[i] += d
		}
	}
	parts := make([]string, steps)
	for i, d := range total {
		parts[i] = fmt.Sprintf("%s %.2f", stepNames[i], float64(d)/float64(completed)/float64(time.Millisecond))
	}
	fmt.Fprintf(os.Stderr, "bench: payment_complete on %s: mean ms per payment by step (%d payers at once): %s\n",
		cfg.engine, cfg.writers, strings.Join(parts, ", "))
}
