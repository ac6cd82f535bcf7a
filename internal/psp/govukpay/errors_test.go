package govukpay

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ims-council/ims"
)

func TestAPIErrorsAreMappedToIMSCodes(t *testing.T) {
	tests := []struct {
		name   string
		reply  reply
		create bool // ask to create a payment rather than get one
		want   ims.Code
		says   []string
		field  string
	}{
		{"key refused", reply{status: 401}, false, ims.Internal, []string{"the GOV.UK Pay API key was refused"}, ""},
		{"unknown payment", reply{status: 404, body: map[string]any{"code": "P0200", "description": "Not found"}},
			false, ims.NotFound, []string{"payment " + payID}, ""},
		{"unprocessable", reply{status: 422, body: map[string]any{"code": "P0102", "field": "amount",
			"description": "Invalid attribute value: amount. Must be less than or equal to 10000000"}},
			true, ims.Invalid, []string{"P0102", "Must be less than or equal to 10000000"}, "amount"},
		{"bad request", reply{status: 400, body: map[string]any{"code": "P0197", "field": "metadata",
			"description": "Unable to parse JSON"}}, true, ims.Invalid, []string{"P0197", "Unable to parse JSON"}, "metadata"},
		{"server error", reply{status: 500, body: map[string]any{"code": "P0999", "description": "Downstream system error"}},
			false, ims.Unavailable, []string{"not working"}, ""},
		{"rate limited", reply{status: 429, body: map[string]any{"code": "P0900", "description": "Too many requests"}},
			false, ims.Unavailable, []string{"too many"}, ""},
		{"not JSON", reply{status: 200, body: "<html>Service unavailable</html>", offContract: true},
			false, ims.Unavailable, []string{"unreadable"}, ""},
		{"empty object", reply{status: 200, body: "{}", offContract: true}, false, ims.Unavailable, []string{"unreadable", "payment_id"}, ""},
		{"no state", reply{status: 200, body: map[string]any{"payment_id": payID, "amount": 100}},
			false, ims.Unavailable, []string{"unreadable", "state"}, ""},
		{"no amount", reply{status: 200, body: map[string]any{"payment_id": payID, "state": map[string]any{"status": "success"}}},
			false, ims.Unavailable, []string{"unreadable", "amount"}, ""},
		{"another payment", reply{status: 200, body: map[string]any{"payment_id": "x", "amount": 1, "state": map[string]any{"status": "success"}}},
			false, ims.Unavailable, []string{"unreadable"}, ""},
		{"bad date", reply{status: 200, body: map[string]any{"payment_id": payID, "amount": 1, "created_date": "yesterday",
			"state": map[string]any{"status": "success"}}}, false, ims.Unavailable, []string{"unreadable", "created_date"}, ""},
		{"a redirect", reply{status: 302, header: map[string]string{"Location": "https://elsewhere.example/"}, offContract: true},
			false, ims.Unavailable, []string{"302"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t)
			f.script = []reply{tt.reply}
			c, _ := f.client(t, Config{MaxRetries: -1})
			var err error
			if tt.create {
				_, err = c.CreatePayment(context.Background(), portalRequest())
			} else {
				_, err = c.GetPayment(context.Background(), payID)
			}
			if ims.ErrorCode(err) != tt.want {
				t.Fatalf("err = %v, want code %s", err, tt.want)
			}
			for _, s := range tt.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("err = %q, want it to say %q", err, s)
				}
			}
			if tt.field != "" && ims.ErrorFields(err)[tt.field] == "" {
				t.Errorf("fields = %v, want one for %s", ims.ErrorFields(err), tt.field)
			}
			if strings.Contains(err.Error(), testKey) {
				t.Errorf("the error shows the API key: %v", err)
			}
		})
	}
}

func TestNewChecksTheConfiguration(t *testing.T) {
	tests := []struct {
		name  string
		cfg   Config
		field string
	}{
		{"no key", Config{}, "APIKey"},
		{"key with a newline", Config{APIKey: "abc\r\nX-Evil: 1"}, "APIKey"},
		{"relative base", Config{APIKey: "api_test_secret1", BaseURL: "publicapi.payments.service.gov.uk"}, "BaseURL"},
		{"ftp base", Config{APIKey: "api_test_secret2", BaseURL: "ftp://example.org"}, "BaseURL"},
		{"negative timeout", Config{APIKey: "api_test_secret3", Timeout: -1}, "Timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg)
			if ims.ErrorCode(err) != ims.Invalid || ims.ErrorFields(err)[tt.field] == "" {
				t.Errorf("err = %v, want Invalid about %s", err, tt.field)
			}
			if tt.cfg.APIKey != "" && strings.Contains(err.Error(), tt.cfg.APIKey) {
				t.Errorf("the error repeats the key: %v", err)
			}
		})
	}
	c, err := New(Config{APIKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	if c.base != DefaultBaseURL {
		t.Errorf("base = %q, want %q", c.base, DefaultBaseURL)
	}
}

func TestBaseURLPathPrefixIsKept(t *testing.T) {
	paths := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths <- r.URL.Path
		w.WriteHeader(http.StatusNotFound)
	}))
	defer srv.Close()
	c, err := New(Config{APIKey: testKey, BaseURL: srv.URL + "/govukpay/"})
	if err != nil {
		t.Fatal(err)
	}
	c.GetPayment(context.Background(), payID)
	if got, want := <-paths, "/govukpay/v1/payments/"+payID; got != want {
		t.Errorf("path = %q, want %q", got, want)
	}
}
