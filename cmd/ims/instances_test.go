package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp/govukpaysim"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// TestTwoInstancesOnePostgres runs two `ims serve` processes on one PostgreSQL database, with a
// GOV.UK Pay simulator sending every webhook to both (twice), and the payer's return link opened on
// both at once: the payment is posted once.
func TestTwoInstancesOnePostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dbURL := sqldbtest.URL(t, sqldb.Postgres)
	ports := []string{freePort(t), freePort(t)}
	bases := []string{"http://127.0.0.1:" + ports[0], "http://127.0.0.1:" + ports[1]}

	const key, secret = "api_test_two_instances", "webhook_secret_two_instances"
	mux := http.NewServeMux()
	simSrv := httptest.NewServer(mux)
	defer simSrv.Close()
	sim, err := govukpaysim.New(govukpaysim.Options{BaseURL: simSrv.URL + "/simulator/govukpay",
		Accounts: []govukpaysim.Account{{APIKey: key, WebhookSecret: secret,
			WebhookURLs: []string{bases[0] + "/webhooks/govukpay/govukpay", bases[1] + "/webhooks/govukpay/govukpay"}}},
		Webhooks: govukpaysim.WebhookPolicy{Hold: true, Duplicate: 1}})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	mux.Handle("/simulator/govukpay/", sim.Handler())

	env := map[string]string{"IMS_DATABASE_URL": dbURL, "IMS_SECRET_KEY": strings.Repeat("s", 40)}
	if code, _, stderr := run(t, env, "", "migrate"); code != 0 {
		t.Fatal(stderr)
	}
	cfg := filepath.Join(t.TempDir(), "council.yaml")
	os.WriteFile(cfg, []byte(parkingConfig+fmt.Sprintf(`
provider_accounts:
  - {name: govukpay, provider: govukpay, base_url: %q, api_key: %q, webhook_secret: %q}
mops:
  - {code: "90", name: Card self-service, kind: card_self_service, refundable: true, provider_account: govukpay}
`, simSrv.URL+"/simulator/govukpay", key, secret)), 0o600)
	if code, _, stderr := run(t, env, "", "config", "load", cfg); code != 0 {
		t.Fatal(stderr)
	}
	_, token, _ := run(t, env, "", "apiclient", "create", "--name", "shop", "--scope", "payments")
	token = strings.TrimSpace(token)

	bin := filepath.Join(t.TempDir(), "ims")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("building ims: %v\n%s", err, out)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for i := range ports {
		startInstance(ctx, t, bin, env, ports[i], bases[i])
	}

	// Start a payment on instance 0 and pay it at the provider.
	req, _ := http.NewRequest("POST", bases[0]+"/api/v1/payments", strings.NewReader(
		`{"lines":[{"fund_code":"11","reference":"BJ99518409","amount":"35.00"}],"return_url":"https://shop.example.gov.uk/done"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Idempotency-Key", "two-instances")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var created map[string]any
	json.NewDecoder(res.Body).Decode(&created)
	res.Body.Close()
	id, _ := created["id"].(string)
	if res.StatusCode != 201 || id == "" {
		t.Fatalf("create: %d %v", res.StatusCode, created)
	}
	db, err := sqldb.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	pp, err := db.PendingPayment(context.Background(), ims.System(), id)
	if err != nil {
		t.Fatal(err)
	}
	if err := sim.Pay(pp.ProviderPaymentID, "4444333322221111"); err != nil {
		t.Fatal(err)
	}
	link := simReturnLink(t, simSrv.URL, key, pp.ProviderPaymentID)

	// The browser returns to both instances, three times each, while every webhook reaches both.
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		for _, base := range bases {
			wg.Add(1)
			go func() {
				defer wg.Done()
				u, _ := url.Parse(link)
				b, _ := url.Parse(base)
				u.Host = b.Host
				if res, err := noRedirect.Get(u.String()); err == nil {
					res.Body.Close()
				}
			}()
		}
	}
	wg.Add(1)
	go func() { defer wg.Done(); sim.FlushWebhooks(context.Background()) }()
	wg.Wait()
	sim.WaitWebhooks()

	var postings int
	if err := db.SQL.QueryRow(`SELECT COUNT(*) FROM postings WHERE source_ref = $1`, id).Scan(&postings); err != nil {
		t.Fatal(err)
	}
	if postings != 1 {
		t.Fatalf("%d postings for one payment across two instances; want 1", postings)
	}
	rep, err := db.VerifyLedger(context.Background(), ims.System())
	if err != nil || rep.BrokenAt != 0 || rep.Postings != 1 {
		t.Fatalf("ledger: %+v %v", rep, err)
	}
}

func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return fmt.Sprint(ln.Addr().(*net.TCPAddr).Port)
}

// startInstance runs `ims serve` until the test ends and waits until it is ready.
func startInstance(ctx context.Context, t *testing.T, bin string, env map[string]string, port, base string) {
	cmd := exec.CommandContext(ctx, bin, "serve")
	cmd.Env = append(os.Environ(), "IMS_ADDR=127.0.0.1:"+port, "IMS_BASE_URL="+base, "IMS_LOG_LEVEL=warn")
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			t.Log("ims " + port + ": " + sc.Text())
		}
	}()
	t.Cleanup(func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() })
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if res, err := http.Get(base + "/readyz"); err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("ims on port %s did not become ready", port)
}

// simReturnLink reads the return URL IMS gave the provider for a payment.
func simReturnLink(t *testing.T, simURL, key, paymentID string) string {
	req, _ := http.NewRequest("GET", simURL+"/simulator/govukpay/v1/payments/"+paymentID, nil)
	req.Header.Set("Authorization", "Bearer "+key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var p map[string]any
	json.NewDecoder(res.Body).Decode(&p)
	link, _ := p["return_url"].(string)
	if link == "" {
		t.Fatalf("no return_url in %v", p)
	}
	return link
}
