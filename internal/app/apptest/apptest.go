// Package apptest serves the application app.New builds on a loopback test server, so tests
// exercise the wiring `ims serve` runs rather than a copy of it.
package apptest

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/ims-council/ims/internal/app"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/sqldb"
)

// SecretKey is the IMS_SECRET_KEY of the applications Serve builds.
const SecretKey = "apptest-secret-key-0123456789abcdef"

// Serve builds the application on db with the zero configuration (no refund approval limit, no
// trusted proxies) and serves it; see ServeConfig.
func Serve(t testing.TB, db *sqldb.DB, opts ...app.Option) (*app.App, *httptest.Server) {
	t.Helper()
	return ServeConfig(t, db, config.Config{}, opts...)
}

// ServeConfig builds the application on db from cfg and serves it on a test server whose URL is
// cfg.BaseURL. cfg.SecretKey defaults to SecretKey; logs go to the test's log (shown when it fails)
// unless an option says otherwise. Both stop when the test ends.
func ServeConfig(t testing.TB, db *sqldb.DB, cfg config.Config, opts ...app.Option) (*app.App, *httptest.Server) {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	cfg.BaseURL = "http://" + srv.Listener.Addr().String()
	if cfg.SecretKey == "" {
		cfg.SecretKey = SecretKey
	}
	log := slog.New(slog.NewJSONHandler(testLog{t}, nil))
	a, err := app.New(context.Background(), cfg, append([]app.Option{app.WithDB(db), app.WithLogger(log)}, opts...)...)
	if err != nil {
		srv.Listener.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	srv.Config.Handler = a.Handler
	srv.Start()
	t.Cleanup(srv.Close)
	return a, srv
}

// testLog sends log lines to the test's log.
type testLog struct{ t testing.TB }

func (l testLog) Write(b []byte) (int, error) { l.t.Log(string(b)); return len(b), nil }
