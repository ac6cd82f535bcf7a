package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// `ims serve` with IMS_ADDR on port 0 listens on a free port and prints where: the address it
// prints answers. Tests start servers this way instead of guessing a free port.
func TestServeOnPortZeroPrintsItsAddress(t *testing.T) {
	t.Parallel()
	env := map[string]string{"IMS_DATABASE_URL": sqldbtest.MigratedURL(t, sqldb.SQLite), "IMS_ADDR": "127.0.0.1:0",
		"IMS_SECRET_KEY": strings.Repeat("k", 40)}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb lockedBuffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }}
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, []string{"serve"}) }()
	var base string
	for deadline := time.Now().Add(time.Minute); base == ""; time.Sleep(20 * time.Millisecond) {
		for line := range strings.Lines(out.String()) {
			if a, ok := strings.CutPrefix(strings.TrimSpace(line), "ims serving on "); ok {
				base = a
			}
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited %d before serving: %s %s", code, out.String(), errb.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not say where it serves: %s %s", out.String(), errb.String())
		}
	}
	if strings.HasSuffix(base, ":0") {
		t.Fatalf("serve printed %s; want the port it got", base)
	}
	res, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("GET %s/readyz: %d", base, res.StatusCode)
	}
	cancel()
	if code := <-done; code != exitOK {
		t.Errorf("serve exited %d after being stopped: %s", code, errb.String())
	}
}

// Links sent to payers and providers use the address the server got when IMS_ADDR asks for any
// port and IMS_BASE_URL is not set; an IMS_BASE_URL that is set, or a fixed port, is kept as it is.
func TestListeningBaseURL(t *testing.T) {
	got := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 41234}
	for _, tt := range []struct{ addr, baseURL, want string }{
		{"127.0.0.1:0", "http://127.0.0.1:0", "http://127.0.0.1:41234"},
		{"127.0.0.1:0", "https://pay.example.gov.uk", "https://pay.example.gov.uk"},
		{"127.0.0.1:8080", "http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{":8080", "http://:8080", "http://:8080"},
	} {
		if u := listeningBaseURL(config.Config{Addr: tt.addr, BaseURL: tt.baseURL}, got); u != tt.want {
			t.Errorf("listeningBaseURL(%s, %s) = %s; want %s", tt.addr, tt.baseURL, u, tt.want)
		}
	}
}
