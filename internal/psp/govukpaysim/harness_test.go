package govukpaysim

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// officialDescription is GOV.UK Pay's OpenAPI description in the repository's testdata, relative
// to this package.
const officialDescription = "../../../testdata/govukpay/govuk-pay-openapi.json"

// mountPath is where the tests mount the simulator, as `ims serve --demo` does.
const mountPath = "/simulator/govukpay"

// The test accounts' keys.
const (
	keyA = "api_test_council_a"
	keyB = "api_test_council_b"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// harness runs a simulator behind a real HTTP server, with a webhook receiver, and checks every
// API exchange against the official description.
type harness struct {
	t        *testing.T
	sim      *Simulator
	srv      *httptest.Server
	base     string // the simulator's BaseURL
	clock    *fakeClock
	contract routers.Router
	doc      *openapi3.T // the description the router uses, errata corrected
	hooks    *receiver
}

// newHarness starts a simulator with two accounts; account A sends webhooks to the receiver.
// configure, when not nil, adjusts the options first.
func newHarness(t *testing.T, configure func(*Options)) *harness {
	t.Helper()
	h := &harness{t: t, clock: &fakeClock{t: time.Date(2026, 3, 14, 9, 26, 53, 589_000_000, time.UTC)}}
	h.hooks = newReceiver(t)
	mux := http.NewServeMux()
	mux.Handle(mountPath+"/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.sim.Handler().ServeHTTP(w, r)
	}))
	h.srv = httptest.NewServer(mux)
	t.Cleanup(h.srv.Close)
	h.base = h.srv.URL + mountPath
	opts := Options{
		BaseURL: h.base,
		Accounts: []Account{
			{APIKey: keyA, ServiceName: "Demo Borough Council", WebhookSecret: "whsec-a", WebhookURLs: []string{h.hooks.srv.URL}},
			{APIKey: keyB, ServiceName: "Other Council"},
		},
		Clock:      h.clock,
		HTTPClient: h.hooks.srv.Client(),
		Rand:       rand.NewChaCha8([32]byte{1, 2, 3}),
		Webhooks:   WebhookPolicy{Backoff: time.Millisecond},
	}
	if configure != nil {
		configure(&opts)
	}
	sim, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	h.sim = sim
	t.Cleanup(sim.Close)
	h.contract, h.doc = loadContract(t, h.base)
	return h
}

// loadContract loads the official description with its server set to the simulator's BaseURL,
// and returns a router over it and the description.
func loadContract(t *testing.T, server string) (routers.Router, *openapi3.T) {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile(officialDescription)
	if err != nil {
		t.Fatalf("loading GOV.UK Pay's description: %v", err)
	}
	doc.Servers = openapi3.Servers{{URL: server}}
	// Erratum: the description types PostLink.params values as objects, but GOV.UK Pay sends
	// strings, as its own documentation's example shows: "params": {"chargeTokenId": "ef1b…"}. The
	// simulator follows the API, so the tests correct the schema rather than the simulator.
	params := doc.Components.Schemas["PostLink"].Value.Properties["params"].Value
	params.AdditionalProperties = openapi3.AdditionalProperties{Schema: openapi3.NewStringSchema().NewRef()}
	router, err := legacy.NewRouter(doc, openapi3.DisableExamplesValidation())
	if err != nil {
		t.Fatalf("routing GOV.UK Pay's description: %v", err)
	}
	return router, doc
}

// undocumented lists the answers GOV.UK Pay gives that its description does not: each operation
// and status, with the schema its body has.
func undocumented(operation string, status int) (schema string, ok bool) {
	switch operation + " " + strconv.Itoa(status) {
	case "Create a payment 200": // a retry with the same Idempotency-Key
		return "CreatePaymentResult", true
	case "Create a payment 409": // the Idempotency-Key was used for a different request (P0191)
		return "RequestError", true
	case "Submit a refund for a payment 202": // described, but without its body
		return "Refund", true
	case "Submit a refund for a payment 400", "Submit a refund for a payment 412": // P0601–P0603, P0604
		return "RequestError", true
	}
	if status == http.StatusUnauthorized { // described without a body
		return "ErrorResponse", true
	}
	return "", false
}

// api sends an API request with the account key and an optional JSON body, checks the request and
// the response against the official description, and returns the status and the body.
func (h *harness) api(method, path, key, body string, header ...string) (int, []byte) {
	h.t.Helper()
	var reader io.Reader
	if body != "" {
		reader = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, h.base+path, reader)
	if err != nil {
		h.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	resBody, _ := io.ReadAll(res.Body)
	h.checkContract(req, body, res, resBody)
	return res.StatusCode, resBody
}

// checkContract validates an exchange against the official description.
func (h *harness) checkContract(req *http.Request, reqBody string, res *http.Response, resBody []byte) {
	h.t.Helper()
	route, params, err := h.contract.FindRoute(req)
	if err != nil {
		h.t.Fatalf("%s %s is not in GOV.UK Pay's description: %v", req.Method, req.URL.Path, err)
	}
	in := &openapi3filter.RequestValidationInput{Request: req.Clone(context.Background()), PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	in.Request.Body = io.NopCloser(strings.NewReader(reqBody))
	expectValid := res.StatusCode < 400 // the tests send invalid requests on purpose to get errors
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil && expectValid {
		h.t.Errorf("request %s %s %s does not match the description: %v", req.Method, req.URL.Path, reqBody, err)
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.StatusCode, Header: res.Header,
		Body: io.NopCloser(bytes.NewReader(resBody)), Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	described := openapi3filter.ValidateResponse(context.Background(), out)

	op := route.Operation.OperationID
	schema, extra := undocumented(op, res.StatusCode)
	switch {
	case !extra && described != nil:
		h.t.Errorf("response %d %s to %s does not match the description: %v", res.StatusCode, resBody, op, described)
	case extra:
		if res.StatusCode == http.StatusUnauthorized && described != nil {
			h.t.Errorf("401 is described for %s: %v", op, described)
		}
		var v any
		if err := json.Unmarshal(resBody, &v); err != nil {
			h.t.Fatalf("response %d to %s is not JSON: %s", res.StatusCode, op, resBody)
		}
		s := h.schema(schema)
		if err := s.VisitJSON(v); err != nil {
			h.t.Errorf("response %d %s to %s is not a %s: %v", res.StatusCode, resBody, op, schema, err)
		}
	}
	if len(resBody) > 0 && !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		h.t.Errorf("response to %s has Content-Type %q", op, res.Header.Get("Content-Type"))
	}
}

// schema returns a component schema of the official description.
func (h *harness) schema(name string) *openapi3.Schema {
	h.t.Helper()
	ref := h.doc.Components.Schemas[name]
	if ref == nil {
		h.t.Fatalf("no schema %s", name)
	}
	return ref.Value
}

// create creates a payment for account A and returns its JSON.
func (h *harness) create(body string) paymentView {
	h.t.Helper()
	status, res := h.api("POST", "/v1/payments", keyA, body)
	if status != http.StatusCreated {
		h.t.Fatalf("creating a payment: %d %s", status, res)
	}
	return decode[paymentView](h.t, res)
}

// get reads a payment of account A.
func (h *harness) get(id string) paymentView {
	h.t.Helper()
	status, res := h.api("GET", "/v1/payments/"+id, keyA, "")
	if status != http.StatusOK {
		h.t.Fatalf("reading payment %s: %d %s", id, status, res)
	}
	return decode[paymentView](h.t, res)
}

// paymentView is the part of a payment's JSON the tests look at; json.go's types are the
// simulator's own, so the tests read the wire format independently.
type paymentView struct {
	PaymentID string `json:"payment_id"`
	Amount    int64  `json:"amount"`
	Reference string `json:"reference"`
	Language  string `json:"language"`
	Email     string `json:"email"`
	State     struct {
		Status   string `json:"status"`
		Finished bool   `json:"finished"`
		Code     string `json:"code"`
		Message  string `json:"message"`
	} `json:"state"`
	CreatedDate   string         `json:"created_date"`
	Provider      string         `json:"payment_provider"`
	Metadata      map[string]any `json:"metadata"`
	Moto          bool           `json:"moto"`
	ReturnURL     string         `json:"return_url"`
	Fee           *int64         `json:"fee"`
	NetAmount     *int64         `json:"net_amount"`
	RefundSummary struct {
		Status          string `json:"status"`
		AmountAvailable int64  `json:"amount_available"`
		AmountSubmitted int64  `json:"amount_submitted"`
	} `json:"refund_summary"`
	Settlement struct {
		CapturedDate string `json:"captured_date"`
	} `json:"settlement_summary"`
	Card *struct {
		Brand      string `json:"card_brand"`
		Type       string `json:"card_type"`
		First6     string `json:"first_digits_card_number"`
		Last4      string `json:"last_digits_card_number"`
		Expiry     string `json:"expiry_date"`
		Name       string `json:"cardholder_name"`
		BillingAdd struct {
			Line1    string `json:"line1"`
			City     string `json:"city"`
			Postcode string `json:"postcode"`
		} `json:"billing_address"`
	} `json:"card_details"`
	Links map[string]struct {
		Href   string            `json:"href"`
		Method string            `json:"method"`
		Params map[string]string `json:"params"`
	} `json:"_links"`
}

// decode unmarshals a JSON body or fails the test.
func decode[T any](t *testing.T, body []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("decoding %s: %v", body, err)
	}
	return v
}

// paymentBody returns a create request for amount pence with a return URL, in the language.
func paymentBody(amount int64, lang string) string {
	return `{"amount":` + strconv.FormatInt(amount, 10) + `,"reference":"RCPT-000123","description":"Council tax",` +
		`"return_url":"https://ims.example/return/tok123","language":"` + lang + `"}`
}

// browser is a payer's browser: it does not follow redirects, so the test sees each one.
func (h *harness) browser() *http.Client {
	c := *h.srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

// page GETs a URL in the browser and returns the status, Location header and body.
func (h *harness) page(url string) (int, string, string) {
	h.t.Helper()
	res, err := h.browser().Get(url)
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(b)
}

// submit POSTs a form in the browser and returns the status, Location header and body.
func (h *harness) submit(target string, form url.Values) (int, string, string) {
	h.t.Helper()
	if strings.HasPrefix(target, "/") {
		target = h.srv.URL + target
	}
	res, err := h.browser().PostForm(target, form)
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(b)
}

// receiver is a service's webhook endpoint that records what it receives. It answers fail
// requests with 500 before it starts accepting.
type receiver struct {
	srv  *httptest.Server
	mu   sync.Mutex
	got  []received
	fail int
}

// received is one webhook request as the service saw it.
type received struct {
	body      []byte
	signature string
}

func newReceiver(t *testing.T) *receiver {
	rc := &receiver{}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		defer rc.mu.Unlock()
		if rc.fail > 0 {
			rc.fail--
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		rc.got = append(rc.got, received{body: b, signature: r.Header.Get("Pay-Signature")})
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

// messages returns what the receiver accepted, decoded, in order of arrival.
func (rc *receiver) messages(t *testing.T) []webhookView {
	t.Helper()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var out []webhookView
	for _, g := range rc.got {
		out = append(out, decode[webhookView](t, g.body))
	}
	return out
}

// webhookView is a webhook message as a service reads it.
type webhookView struct {
	ID           string      `json:"webhook_message_id"`
	CreatedDate  string      `json:"created_date"`
	ResourceID   string      `json:"resource_id"`
	APIVersion   int         `json:"api_version"`
	ResourceType string      `json:"resource_type"`
	EventType    string      `json:"event_type"`
	Resource     paymentView `json:"resource"`
}
