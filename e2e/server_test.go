package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// server is a running `ims serve --demo`: the binary operators run, built from this checkout, on a
// SQLite database of its own.
type server struct {
	URL   string // http://127.0.0.1:PORT, also its IMS_BASE_URL
	DBURL string // sqlite:PATH, the database it serves
	bin   string
	env   []string
	logs  string // file holding its standard error (JSON logs)
	// passwords are the demo users' passwords by email, as ims serve --demo printed them.
	passwords map[string]string
}

// password returns a demo user's password, as printed by ims serve --demo.
func (s *server) password(t *testing.T, email string) string {
	t.Helper()
	pw, ok := s.passwords[email]
	if !ok {
		t.Fatalf("ims serve --demo printed no password for %s", email)
	}
	return pw
}

// buildIMS builds cmd/ims into dir and returns the binary's path.
func buildIMS(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "ims")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/ims")
	cmd.Dir = ".." // the module root: go test runs in the package's folder
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/ims: %v\n%s", err, out)
	}
	return bin
}

// startServer builds ims and starts `ims serve --demo` on a fresh database and a port of its
// choosing, with env (NAME=value) added to its environment, waits until /readyz answers, and stops
// it (SIGINT, as an operator's Ctrl-C) when the test ends.
func startServer(t *testing.T, env ...string) *server {
	t.Helper()
	dir := t.TempDir()
	s := &server{DBURL: "sqlite:" + filepath.Join(dir, "demo.db"), bin: buildIMS(t, dir), logs: filepath.Join(dir, "serve.log")}
	// Port 0: ims listens on a free port, uses it as its base URL and prints it.
	s.env = append(os.Environ(), "IMS_ADDR=127.0.0.1:0", "IMS_DATABASE_URL="+s.DBURL, "IMS_LOG_LEVEL=info")
	s.env = append(s.env, env...)
	if err := s.start(t); err != nil {
		t.Fatalf("ims serve --demo did not start: %v", err)
	}
	return s
}

func (s *server) start(t *testing.T) error {
	logs, err := os.Create(s.logs)
	if err != nil {
		return err
	}
	stdout := &addressWatcher{addr: make(chan string, 1), passwords: map[string]string{}}
	cmd := exec.Command(s.bin, "serve", "--demo")
	cmd.Env, cmd.Stdout, cmd.Stderr = s.env, stdout, logs
	if err := cmd.Start(); err != nil {
		logs.Close()
		return err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait(); logs.Close() }()

	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case err := <-exited:
			return fmt.Errorf("exited (%v) before it was ready; its log:\n%s", err, s.logTail())
		case s.URL = <-stdout.addr:
			if len(stdout.passwords) > 0 { // a restart on the same database prints none
				s.passwords = stdout.passwords
			}
		case <-time.After(100 * time.Millisecond):
		}
		if s.URL != "" {
			if resp, err := http.Get(s.URL + "/readyz"); err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					break
				}
			}
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			<-exited
			return fmt.Errorf("/readyz did not answer 200 within a minute (address %q); its log:\n%s", s.URL, s.logTail())
		}
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case err := <-exited:
			if err != nil {
				t.Errorf("ims serve exited with %v after SIGINT; its log:\n%s", err, s.logTail())
			}
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			<-exited
			t.Errorf("ims serve did not stop within 30 s of SIGINT")
		}
		if t.Failed() {
			t.Logf("ims serve log (tail):\n%s", s.logTail())
		}
	})
	return nil
}

// addressWatcher is the server's standard output, which holds the demo users' passwords and so is
// kept out of the test log: it keeps the passwords (lines "EMAIL  PASSWORD  ROLES") and sends on
// addr the address of the line "ims serving on ADDRESS", which comes after them.
type addressWatcher struct {
	mu        sync.Mutex
	partial   []byte // the line written so far
	addr      chan string
	found     bool
	passwords map[string]string
}

func (w *addressWatcher) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.found {
		return len(p), nil
	}
	w.partial = append(w.partial, p...)
	for {
		line, rest, ok := bytes.Cut(w.partial, []byte("\n"))
		if !ok {
			break
		}
		w.partial = rest
		if f := strings.Fields(string(line)); len(f) >= 2 && strings.HasSuffix(f[0], "@demo.example") {
			w.passwords[f[0]] = f[1]
		}
		if addr, ok := strings.CutPrefix(string(line), "ims serving on "); ok {
			w.addr <- addr
			w.found, w.partial = true, nil
			break
		}
	}
	return len(p), nil
}

// logTail returns the end of the server's log, for a failure message.
func (s *server) logTail() string {
	b, err := os.ReadFile(s.logs)
	if err != nil {
		return err.Error()
	}
	const max = 8 << 10
	if len(b) > max {
		b = b[len(b)-max:]
	}
	return string(b)
}

// run runs another ims command against the server's database (as an operator would beside the
// running server) and returns its standard output.
func (s *server) run(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, s.bin, args...)
	cmd.Env, cmd.Stdout, cmd.Stderr = s.env, &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("ims %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}
