package e2e

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// apiClient calls the server's payments API with a token made by `ims apiclient create`.
type apiClient struct {
	base  string
	token string
}

// newAPIClient creates an API client with scope payments in the server's database.
func newAPIClient(t *testing.T, s *server) *apiClient {
	t.Helper()
	token := strings.TrimSpace(s.run(t, "apiclient", "create", "--name", "e2e", "--scope", "payments"))
	if token == "" {
		t.Fatal("ims apiclient create printed no token")
	}
	return &apiClient{base: s.URL, token: token}
}

type apiLine struct {
	FundCode  string `json:"fund_code"`
	Reference string `json:"reference"`
	Amount    string `json:"amount"`
}

type apiPaymentRequest struct {
	Lines     []apiLine `json:"lines"`
	ReturnURL string    `json:"return_url"`
	Language  string    `json:"language,omitempty"`
}

// apiPayment is the API's view of a payment (internal/api/openapi.yaml, Payment).
type apiPayment struct {
	ID            string    `json:"id"`
	State         string    `json:"state"`
	NextURL       string    `json:"next_url"`
	ReceiptNumber string    `json:"receipt_number"`
	Amount        string    `json:"amount"`
	Lines         []apiLine `json:"lines"`
	Language      string    `json:"language"`
	FailureCode   string    `json:"failure_code"`
	CardBrand     string    `json:"card_brand"`
	CardLast4     string    `json:"card_last4"`
}

// createPayment starts a card payment, with a new Idempotency-Key.
func (c *apiClient) createPayment(t *testing.T, req apiPaymentRequest) apiPayment {
	t.Helper()
	body, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	var p apiPayment
	c.do(t, http.MethodPost, "/api/v1/payments", rand.Text(), body, http.StatusCreated, &p)
	if p.NextURL == "" {
		t.Fatalf("POST /api/v1/payments: no next_url in %+v", p)
	}
	return p
}

// payment reads a payment as the API client sees it.
func (c *apiClient) payment(t *testing.T, id string) apiPayment {
	t.Helper()
	var p apiPayment
	c.do(t, http.MethodGet, "/api/v1/payments/"+id, "", nil, http.StatusOK, &p)
	return p
}

func (c *apiClient) do(t *testing.T, method, path, key string, body []byte, want int, out any) {
	t.Helper()
	req, err := http.NewRequest(method, c.base+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, path, resp.StatusCode, want, b)
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("%s %s: %v in %s", method, path, err, b)
	}
}
