package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
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

// instancePair is two `ims serve` processes on one PostgreSQL database, with a GOV.UK Pay simulator
// that sends every webhook to both, an API client and a handle on the database for the test's checks.
type instancePair struct {
	bases  []string
	sim    *govukpaysim.Simulator
	simURL string
	key    string // the simulator account's API key
	token  string // the API client's token (scope payments)
	dbURL  string
	db     *sqldb.DB
	stop   func() // stops both instances, waits for them, and closes db
}

// startTwoInstances loads a parking fund and a card MOP into a fresh PostgreSQL database and starts
// two instances on it.
func startTwoInstances(t *testing.T, webhooks govukpaysim.WebhookPolicy) *instancePair {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	p := &instancePair{dbURL: sqldbtest.MigratedURL(t, sqldb.Postgres), key: "api_test_two_instances"}

	const secret = "webhook_secret_two_instances"
	mux := http.NewServeMux()
	simSrv := httptest.NewServer(mux)
	t.Cleanup(simSrv.Close)
	p.simURL = simSrv.URL

	env := map[string]string{"IMS_DATABASE_URL": p.dbURL, "IMS_SECRET_KEY": strings.Repeat("s", 40)}
	cfg := filepath.Join(t.TempDir(), "council.yaml")
	os.WriteFile(cfg, []byte(parkingConfig+fmt.Sprintf(`
provider_accounts:
  - {name: govukpay, provider: govukpay, base_url: %q, api_key: %q, webhook_secret: %q}
mops:
  - {code: "90", name: Card self-service, kind: card_self_service, refundable: true, provider_account: govukpay}
`, simSrv.URL+"/simulator/govukpay", p.key, secret)), 0o600)
	if code, _, stderr := run(t, env, "", "config", "load", cfg); code != 0 {
		t.Fatal(stderr)
	}
	_, token, _ := run(t, env, "", "apiclient", "create", "--name", "shop", "--scope", "payments")
	p.token = strings.TrimSpace(token)

	bin := imsBinary(t)
	var stops []func()
	for range 2 {
		base, stop := startInstance(t, bin, env)
		p.bases = append(p.bases, base)
		stops = append(stops, stop)
	}

	// The simulator sends webhooks to the instances, so it is made once their addresses are known;
	// nothing calls it before the first payment.
	sim, err := govukpaysim.New(govukpaysim.Options{BaseURL: simSrv.URL + "/simulator/govukpay",
		Accounts: []govukpaysim.Account{{APIKey: p.key, WebhookSecret: secret,
			WebhookURLs: []string{p.bases[0] + "/webhooks/govukpay/govukpay", p.bases[1] + "/webhooks/govukpay/govukpay"}}},
		Webhooks: webhooks})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sim.Close)
	p.sim = sim
	mux.Handle("/simulator/govukpay/", sim.Handler())

	if p.db, err = sqldb.Open(context.Background(), p.dbURL); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	p.stop = func() {
		once.Do(func() {
			for _, stop := range stops {
				stop()
			}
			p.db.Close()
		})
	}
	t.Cleanup(p.stop)
	return p
}

// createPayment asks the instance at base for a £amount parking payment with an Idempotency-Key and
// returns the HTTP status and the payment's id.
func (p *instancePair) createPayment(base, key, amount string) (status int, id string, err error) {
	req, _ := http.NewRequest("POST", base+"/api/v1/payments", strings.NewReader(
		`{"lines":[{"fund_code":"11","reference":"BJ99518409","amount":"`+amount+`"}],"return_url":"https://shop.example.gov.uk/done"}`))
	req.Header.Set("Authorization", "Bearer "+p.token)
	req.Header.Set("Idempotency-Key", key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	var created map[string]any
	json.NewDecoder(res.Body).Decode(&created)
	id, _ = created["id"].(string)
	return res.StatusCode, id, nil
}

// returnTo opens the payer's return link (from the provider) on the instance at base, as the
// browser does, and returns the HTTP status.
func (p *instancePair) returnTo(base, link string) (int, error) {
	u, _ := url.Parse(link)
	b, _ := url.Parse(base)
	u.Host = b.Host
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noRedirect.Get(u.String())
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, nil
}

// TestTwoInstancesOnePostgres runs two `ims serve` processes on one PostgreSQL database, with a
// GOV.UK Pay simulator sending every webhook to both (twice), and the payer's return link opened on
// both at once: the payment is posted once.
func TestTwoInstancesOnePostgres(t *testing.T) {
	p := startTwoInstances(t, govukpaysim.WebhookPolicy{Hold: true, Duplicate: 1})
	ctx := context.Background()

	// Start a payment on instance 0 and pay it at the provider.
	status, id, err := p.createPayment(p.bases[0], "two-instances", "35.00")
	if err != nil {
		t.Fatal(err)
	}
	if status != 201 || id == "" {
		t.Fatalf("create: %d %q", status, id)
	}
	pp, err := p.db.PendingPayment(ctx, ims.System(), id)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.sim.Pay(pp.ProviderPaymentID, "4444333322221111"); err != nil {
		t.Fatal(err)
	}
	link := simReturnLink(t, p.simURL, p.key, pp.ProviderPaymentID)

	// The browser returns to both instances, three times each, while every webhook reaches both.
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		for _, base := range p.bases {
			wg.Add(1)
			go func() { defer wg.Done(); p.returnTo(base, link) }()
		}
	}
	wg.Add(1)
	go func() { defer wg.Done(); p.sim.FlushWebhooks(ctx) }()
	wg.Wait()
	p.sim.WaitWebhooks()

	var postings int
	if err := p.db.SQL.QueryRow(`SELECT COUNT(*) FROM postings WHERE source_ref = $1`, id).Scan(&postings); err != nil {
		t.Fatal(err)
	}
	if postings != 1 {
		t.Fatalf("%d postings for one payment across two instances; want 1", postings)
	}
	rep, err := p.db.VerifyLedger(ctx)
	if err != nil || rep.BrokenAt != 0 || rep.Postings != 1 {
		t.Fatalf("ledger: %+v %v", rep, err)
	}
}

// startInstance runs `ims serve` on a port of its choosing until the test ends, and waits until it
// is ready; an error it logs fails the test. It returns the instance's address (read from what it
// prints) and a function that stops the instance and waits for it to exit (at most once; again when
// the test ends).
func startInstance(t *testing.T, bin string, env map[string]string) (base string, stop func()) {
	t.Helper()
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "IMS_ADDR=127.0.0.1:0", "IMS_LOG_LEVEL=warn")
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	stdout, _ := cmd.StdoutPipe()
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprint("ims ", cmd.Process.Pid)
	addr := make(chan string, 1)
	var reading sync.WaitGroup
	reading.Add(2)
	go func() {
		defer reading.Done()
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if a, ok := strings.CutPrefix(sc.Text(), "ims serving on "); ok {
				addr <- a
			}
			t.Log(name + ": " + sc.Text())
		}
		close(addr)
	}()
	go func() {
		defer reading.Done()
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if strings.Contains(sc.Text(), `"level":"ERROR"`) {
				t.Error(name + " logged an error: " + sc.Text())
				continue
			}
			t.Log(name + ": " + sc.Text())
		}
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cmd.Process.Signal(os.Interrupt)
			reading.Wait() // the pipes close when the process exits; Wait must come after the last read
			cmd.Wait()
		})
	}
	t.Cleanup(stop)
	select {
	case base = <-addr:
	case <-time.After(20 * time.Second):
	}
	if base == "" {
		t.Fatalf("%s did not say where it serves", name)
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if res, err := http.Get(base + "/readyz"); err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode == 200 {
				return base, stop
			}
		}
	}
	t.Fatalf("%s at %s did not become ready", name, base)
	return base, stop
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
