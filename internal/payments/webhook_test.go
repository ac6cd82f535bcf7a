package payments_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/app"
	"github.com/ims-council/ims/internal/app/apptest"
	"github.com/ims-council/ims/internal/psp"
	"github.com/ims-council/ims/internal/psp/govukpay"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// strangerWebhook is a GOV.UK Pay webhook about a payment IMS never started.
const strangerWebhook = `{"webhook_message_id":"msg-stranger-1","created_date":"2026-03-02T10:36:26.988Z",
"resource_id":"strangerpayment","api_version":1,"resource_type":"payment","event_type":"card_payment_succeeded",
"resource":{"payment_id":"strangerpayment","amount":500,"description":"Another service","reference":"OTHER-1",
"language":"en","state":{"status":"success","finished":true},"created_date":"2026-03-02T10:30:00.000Z"}}`

// TestWebhookForAnUnknownAccountIsNotFound: a webhook sent to a provider account IMS does not have
// was answered 200 and logged as being about an unknown payment. It is a 404, logged as naming an
// unknown account, so that a wrong webhook address shows up at the provider as failing.
func TestWebhookForAnUnknownAccountIsNotFound(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		logged := &lockedBuffer{}
		_, srv := apptest.Serve(t, db, app.WithLogger(slog.New(slog.NewTextHandler(logged, nil))))
		res, err := http.Post(srv.URL+"/webhooks/govukpay/nosuchaccount", "application/json", strings.NewReader(strangerWebhook))
		must(t, err)
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("webhook to an unknown account: %d, want 404", res.StatusCode)
		}
		if out := logged.String(); !strings.Contains(out, "unknown provider account") || !strings.Contains(out, "nosuchaccount") {
			t.Errorf("log of a webhook to an unknown account:\n%s", out)
		}
	})
}

// TestHandleWebhookTellsAnUnknownAccountFromAnUnknownPayment: the service answers NotFound only for
// an account it does not have. A genuine notification about a payment it does not know, on an
// account it has, is logged and acknowledged (nil), because the provider account may be shared with
// another service and the provider would otherwise send it again and again.
func TestHandleWebhookTellsAnUnknownAccountFromAnUnknownPayment(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		const secret = "stranger_secret"
		client, err := govukpay.New(govukpay.Config{BaseURL: "http://127.0.0.1:1", APIKey: "unused", WebhookSecret: secret})
		must(t, err)
		logged := &lockedBuffer{}
		a, _ := apptest.Serve(t, db, app.WithLogger(slog.New(slog.NewTextHandler(logged, nil))),
			app.WithProviders(func(_ context.Context, account string) (psp.Provider, error) {
				if account != "govukpay" {
					return nil, ims.Errorf(ims.NotFound, "no account %s", account)
				}
				return client, nil
			}))
		pay := a.Payments
		ctx := context.Background()
		signature := signWebhook(secret, strangerWebhook)

		err = pay.HandleWebhook(ctx, "nosuchaccount", []byte(strangerWebhook), signature)
		if ims.ErrorCode(err) != ims.NotFound || !strings.Contains(ims.ErrorMessage(err), "nosuchaccount") {
			t.Errorf("unknown account: %v, want NotFound naming the account", err)
		}
		if err := pay.HandleWebhook(ctx, "govukpay", []byte(strangerWebhook), signature); err != nil {
			t.Errorf("unknown payment on a known account: %v, want nil (acknowledged)", err)
		}
		if out := logged.String(); !strings.Contains(out, "unknown payment") || !strings.Contains(out, "strangerpayment") {
			t.Errorf("log of a webhook about an unknown payment:\n%s", out)
		}
		if err := pay.HandleWebhook(ctx, "govukpay", []byte(strangerWebhook), strings.Repeat("0", 64)); ims.ErrorCode(err) != ims.Invalid {
			t.Errorf("forged webhook on a known account: %v, want Invalid", err)
		}
	})
}

// signWebhook signs a body as GOV.UK Pay does: the hex HMAC-SHA256 of the body under the secret.
func signWebhook(secret, body string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(body))
	return hex.EncodeToString(m.Sum(nil))
}

// lockedBuffer is a log destination that goroutines may share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string { b.mu.Lock(); defer b.mu.Unlock(); return b.buf.String() }
