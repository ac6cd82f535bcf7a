package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// paymentSkeleton is payment_complete's baseline: the same journey, the same payers and the same
// three durable commits per payment on the same engine and settings, against skeletonSite, a server
// that does nothing but speak the protocol. payment_complete's ratio to it says how much IMS's own
// work costs on top of what the protocol and the commits need (issue 13: at most twice).
func paymentSkeleton(ctx context.Context, cfg config) (Result, error) {
	d, err := freshDatabase(ctx, cfg)
	if err != nil {
		return Result{}, err
	}
	defer d.remove()
	site, err := openSkeletonSite(ctx, d, cfg.writers)
	if err != nil {
		return Result{}, err
	}
	defer site.close()
	res := Result{Writers: cfg.writers, Method: "HTTP per payment: POST create (INSERT, provider create, UPDATE), GET card page, " +
		"POST card form (signed webhook in the background), GET return link (provider read unless the webhook settled it; " +
		"conditional UPDATE), GET read; bare handlers and an in-memory provider on a loopback server, database/sql pool"}
	if err := d.describe(ctx, site.db, &res); err != nil {
		return Result{}, err
	}
	transport := &http.Transport{MaxIdleConns: 4 * cfg.writers, MaxIdleConnsPerHost: 4 * cfg.writers, IdleConnTimeout: time.Minute}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	open := func(_ context.Context, writer int) (func(int64) error, func(), error) {
		p := &payer{client: client, writer: writer}
		return func(seq int64) error { return skeletonPay(ctx, p, site, seq) }, func() {}, nil
	}
	server := startServerUsage(ctx, site.db, cfg.engine)
	res.Rows, err = concurrently(ctx, cfg, open, &res)
	server.stop(ctx, &res)
	if err != nil {
		return Result{}, err
	}
	site.quiesce()
	var succeeded int64
	if err := site.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM payments WHERE state = 'succeeded'").Scan(&succeeded); err != nil {
		return Result{}, err
	}
	if succeeded != res.Rows {
		return Result{}, fmt.Errorf("%d payments completed, but %d are recorded as succeeded", res.Rows, succeeded)
	}
	if res.Rows > 0 {
		fmt.Fprintf(os.Stderr, "bench: payment_skeleton on %s: %.2f provider reads per payment on return\n",
			cfg.engine, float64(site.providerReads())/float64(res.Rows))
	}
	return res, nil
}

// skeletonPay makes one payment through the skeleton, checking each answer as payer.pay does.
func skeletonPay(ctx context.Context, p *payer, site *skeletonSite, seq int64) error {
	key := "skel-" + strconv.Itoa(p.writer) + "-" + strconv.FormatInt(seq, 10)
	body := `{"reference":"` + benchParkingFine + `","amount":3500,"return_url":"` + benchReturnOrigin + `/done?order=` + key + `"}`
	send := func(method, u, body, contentType string, auth bool) (int, string, []byte, error) {
		var r io.Reader
		if body != "" {
			r = strings.NewReader(body)
		}
		req, err := http.NewRequestWithContext(ctx, method, u, r)
		if err != nil {
			return 0, "", nil, err
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if auth {
			req.Header.Set("Authorization", "Bearer "+site.token)
		}
		return p.do(req)
	}
	status, _, b, err := send("POST", site.base+"/api/payments", body, "application/json", true)
	var created struct {
		ID      string `json:"id"`
		NextURL string `json:"next_url"`
	}
	if err != nil || status != http.StatusCreated || json.Unmarshal(b, &created) != nil || created.NextURL == "" {
		return fmt.Errorf("creating payment %s: %d %s %v", key, status, b, err)
	}
	status, _, page, err := send("GET", created.NextURL, "", "", false)
	m := formAction.FindSubmatch(page)
	if err != nil || status != http.StatusOK || m == nil {
		return fmt.Errorf("payment %s: card page: %d %v", created.ID, status, err)
	}
	action, err := resolve(created.NextURL, string(m[1]))
	if err != nil {
		return err
	}
	form := url.Values{"cardNo": {benchCardNumber}, "cardholderName": {"Bench Payer"}}
	status, location, _, err := send("POST", action, form.Encode(), "application/x-www-form-urlencoded", false)
	if err != nil || status != http.StatusSeeOther || !strings.HasPrefix(location, site.base+"/payments/"+created.ID+"/return?") {
		return fmt.Errorf("payment %s: card form: %d %q %v", created.ID, status, location, err)
	}
	status, location, _, err = send("GET", location, "", "", false)
	if err != nil || status != http.StatusSeeOther || !strings.HasPrefix(location, benchReturnOrigin+"/done?") {
		return fmt.Errorf("payment %s: return link: %d %q %v", created.ID, status, location, err)
	}
	status, _, b, err = send("GET", site.base+"/api/payments/"+created.ID, "", "", true)
	var got struct {
		State string `json:"state"`
		Last4 string `json:"card_last4"`
	}
	if err != nil || status != http.StatusOK || json.Unmarshal(b, &got) != nil || got.State != "succeeded" || got.Last4 != benchCardNumber[12:] {
		return fmt.Errorf("reading payment %s: %d %s %v", created.ID, status, b, err)
	}
	return nil
}
