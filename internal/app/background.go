package app

import (
	"context"
	"time"

	"github.com/ims-council/ims/internal/mail"
	"github.com/ims-council/ims/internal/sqldb"
)

// RunBackground does the application's periodic work until ctx ends: once a minute it runs the
// payment reconciliation sweep, removes expired sessions, sends the email outbox (when IMS_SMTP_URL
// is set) and lets the simulator expire forgotten payments (so their expiry webhooks are sent).
// Several instances may do this at once: applying an outcome is idempotent, so the worst case is a
// repeated provider call.
func (a *App) RunBackground(ctx context.Context) error {
	var send func()
	if a.Config.SMTPURL != "" {
		sender, err := mail.NewSender(a.Config.SMTPURL)
		if err != nil {
			return err
		}
		send = func() {
			if _, err := mail.SendOutbox(ctx, a.DB, sender, a.Log); err != nil {
				a.Log.Warn("sending the email outbox", "err", err)
			}
		}
	}
	go everyMinute(ctx, func() { a.sweep(ctx) })
	if send != nil {
		go everyMinute(ctx, send)
	}
	if a.Simulator != nil {
		go everyMinute(ctx, func() { a.Simulator.ExpireDue() })
	}
	return nil
}

// sweep runs the reconciliation sweep and removes expired sessions.
func (a *App) sweep(ctx context.Context) {
	if n, err := a.Payments.Sweep(ctx); err != nil {
		a.Log.Warn("payment sweep", "err", err)
	} else if n > 0 {
		a.Log.Info("payment sweep finished payments", "count", n)
	}
	if _, err := (sqldb.SessionStore{DB: a.DB}).DeleteExpiredSessions(ctx); err != nil {
		a.Log.Warn("removing expired sessions", "err", err)
	}
}

// everyMinute calls fn once a minute until ctx ends.
func everyMinute(ctx context.Context, fn func()) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fn()
		}
	}
}
