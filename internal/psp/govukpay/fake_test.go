package govukpay

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// specPath is the official GOV.UK Pay API description in the repository's testdata, relative to
// this package.
const specPath = "../../../testdata/govukpay/govuk-pay-openapi.json"

const testKey = "api_test_k3yV4lue0123456789"

// A reply is one scripted answer of the fake GOV.UK Pay.
type reply struct {
	status int
	body   any               // marshalled to JSON unless it is a string, sent as it is
	header map[string]string // extra headers
	delay  time.Duration     // wait before answering (timeouts)
	// offContract marks an answer the API description does not allow (garbage, odd statuses),
	// which the fake therefore does not check against it.
	offContract bool
}

// A seen request is what the fake received.
type seen struct {
	method, path string
	header       http.Header
	body         map[string]any
}

// fakePay is an httptest server that answers from a script and checks every request it gets,
// and every scripted answer, against the official API description.
type fakePay struct {
	t      *testing.T
	srv    *httptest.Server
	doc    *openapi3.T
	router routers.Router

	mu     sync.Mutex
	script []reply
	got    []seen
}

func newFake(t *testing.T, script ...reply) *fakePay {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile(specPath)
	if err != nil {
		t.Fatal(err)
	}
	// The document's own examples break its schemas (metadata's example is a string), which says
	// nothing about requests; everything else must hold.
	if err := doc.Validate(context.Background(), openapi3.DisableExamplesValidation()); err != nil {
		t.Fatalf("the GOV.UK Pay API description is not valid: %v", err)
	}
	f := &fakePay{t: t, doc: doc, script: script}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	doc.Servers = openapi3.Servers{{URL: f.srv.URL}}
	if f.router, err = legacy.NewRouter(doc, openapi3.DisableExamplesValidation()); err != nil {
		t.Fatal(err)
	}
	return f
}

// client returns a client of the fake whose waits between attempts are recorded, not slept.
func (f *fakePay) client(t *testing.T, cfg Config) (*Client, *[]time.Duration) {
	t.Helper()
	var waits []time.Duration
	cfg.BaseURL = f.srv.URL
	if cfg.APIKey == "" {
		cfg.APIKey = testKey
	}
	if cfg.Sleep == nil {
		cfg.Sleep = func(d time.Duration) { waits = append(waits, d) }
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, &waits
}

func (f *fakePay) requests() []seen {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seen(nil), f.got...)
}

func (f *fakePay) serve(w http.ResponseWriter, r *http.Request) {
	t := f.t
	body, _ := io.ReadAll(r.Body)
	f.check(r, body)
	s := seen{method: r.Method, path: r.URL.Path, header: r.Header.Clone()}
	if len(body) > 0 {
		if err := json.Unmarshal(body, &s.body); err != nil {
			t.Errorf("%s %s: the body is not a JSON object: %s", r.Method, r.URL.Path, body)
		}
	}
	f.mu.Lock()
	f.got = append(f.got, s)
	if len(f.script) == 0 {
		f.mu.Unlock()
		t.Errorf("%s %s: unexpected request (the script is used up)", r.Method, r.URL.Path)
		http.Error(w, "unexpected", http.StatusTeapot)
		return
	}
	rep := f.script[0]
	f.script = f.script[1:]
	f.mu.Unlock()

	var out []byte
	switch b := rep.body.(type) {
	case nil:
	case string:
		out = []byte(b)
	default:
		var err error
		if out, err = json.Marshal(b); err != nil {
			t.Errorf("scripted body: %v", err)
		}
	}
	h := http.Header{}
	if out != nil {
		h.Set("Content-Type", "application/json")
	}
	for k, v := range rep.header {
		h.Set(k, v)
	}
	if !rep.offContract {
		f.checkReply(r, body, rep.status, h, out)
	}
	if rep.delay > 0 {
		select {
		case <-time.After(rep.delay):
		case <-r.Context().Done():
			return
		}
	}
	for k, v := range h {
		w.Header()[k] = v
	}
	w.WriteHeader(rep.status)
	w.Write(out)
}

// check validates a request against the API description, including its bearer key.
func (f *fakePay) check(r *http.Request, body []byte) {
	t := f.t
	req := r.Clone(r.Context())
	req.URL.Scheme, req.URL.Host = "http", r.Host
	req.Body = io.NopCloser(bytes.NewReader(body))
	route, params, err := f.router.FindRoute(req)
	if err != nil {
		t.Errorf("%s %s is not in the GOV.UK Pay API: %v", r.Method, r.URL.Path, err)
		return
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: bearerIs(testKey)}}
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
		t.Errorf("%s %s does not match the GOV.UK Pay API: %v\nbody: %s", r.Method, r.URL.Path, err, body)
	}
}

// checkReply validates a scripted answer, so that the tests only feed the client what GOV.UK Pay
// could really say.
func (f *fakePay) checkReply(r *http.Request, body []byte, status int, h http.Header, out []byte) {
	t := f.t
	req := r.Clone(context.Background())
	req.URL.Scheme, req.URL.Host = "http", r.Host
	req.Body = io.NopCloser(bytes.NewReader(body))
	route, params, err := f.router.FindRoute(req)
	if err != nil {
		return // already reported
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true}}
	res := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status, Header: h,
		Body: io.NopCloser(bytes.NewReader(out)), Options: in.Options}
	if err := openapi3filter.ValidateResponse(context.Background(), res); err != nil {
		t.Errorf("scripted answer %d to %s %s is not one GOV.UK Pay could give: %v\n%s", status, r.Method, r.URL.Path, err, out)
	}
}

// bearerIs accepts exactly "Authorization: Bearer key".
func bearerIs(key string) openapi3filter.AuthenticationFunc {
	return func(_ context.Context, in *openapi3filter.AuthenticationInput) error {
		if got := in.RequestValidationInput.Request.Header.Get("Authorization"); got != "Bearer "+key {
			return errors.New("the Authorization header is not the bearer API key")
		}
		return nil
	}
}

// example builds an instance of a schema of the API description from the examples it gives for
// each property, keeping only those that fit their own schema.
func (f *fakePay) example(name string) map[string]any {
	f.t.Helper()
	ref := f.doc.Components.Schemas[name]
	if ref == nil {
		f.t.Fatalf("no schema %s", name)
	}
	m, _ := exampleOf(ref.Value, 0).(map[string]any)
	if m == nil {
		f.t.Fatalf("schema %s has no examples", name)
	}
	return m
}

func exampleOf(s *openapi3.Schema, depth int) any {
	if s.Example != nil && s.VisitJSON(s.Example) == nil {
		return s.Example
	}
	if depth > 5 || len(s.Properties) == 0 {
		return nil
	}
	m := map[string]any{}
	for k, p := range s.Properties {
		if v := exampleOf(p.Value, depth+1); v != nil {
			m[k] = v
		}
	}
	if len(m) == 0 {
		return nil
	}
	return m
}
