package mail_test

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/ims-council/ims/internal/mail"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// smtpSink is a minimal SMTP server that keeps every message it is given, or refuses recipients.
type smtpSink struct {
	ln       net.Listener
	mu       sync.Mutex
	messages []string
	refuse   bool
}

func newSink(t *testing.T) *smtpSink {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpSink{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *smtpSink) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	say := func(line string) { io.WriteString(c, line+"\r\n") }
	say("220 sink ready")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250 sink")
		case strings.HasPrefix(cmd, "RCPT"):
			s.mu.Lock()
			refuse := s.refuse
			s.mu.Unlock()
			if refuse {
				say("550 no such mailbox")
			} else {
				say("250 ok")
			}
		case strings.HasPrefix(cmd, "DATA"):
			say("354 go ahead")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil || l == ".\r\n" {
					break
				}
				b.WriteString(l)
			}
			s.mu.Lock()
			s.messages = append(s.messages, b.String())
			s.mu.Unlock()
			say("250 queued")
		case strings.HasPrefix(cmd, "QUIT"):
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

func TestOutboxIsSentOnceAndFailuresRetried(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		sink := newSink(t)
		sender, err := mail.NewSender("smtp://" + sink.ln.Addr().String() + "?from=payments@demo.example")
		if err != nil {
			t.Fatal(err)
		}
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		email := sqldb.Email{To: "payer@example.com", Purpose: "receipt", Ref: "pay-1", Payload: receiptPayload(t, testReceipt("en"))}
		for i := 0; i < 2; i++ { // queued twice for one payment: kept once
			if err := db.QueueEmail(ctx, email); err != nil {
				t.Fatal(err)
			}
		}
		sink.refuse = true
		if n, err := mail.SendOutbox(ctx, db, sender, log); err != nil || n != 0 {
			t.Fatalf("refused recipient: sent %d, %v", n, err)
		}
		var attempts int
		var lastError string
		db.SQL.QueryRow(`SELECT attempts, last_error FROM email_outbox`).Scan(&attempts, &lastError)
		if attempts != 1 || !strings.Contains(lastError, "550") {
			t.Fatalf("after a refusal: attempts %d, last error %q", attempts, lastError)
		}
		db.Clock.(*sqldbtest.Clock).Advance(10 * 60 * 1e9) // the claim lapses
		sink.mu.Lock()
		sink.refuse = false
		sink.mu.Unlock()
		if n, err := mail.SendOutbox(ctx, db, sender, log); err != nil || n != 1 {
			t.Fatalf("retry: sent %d, %v", n, err)
		}
		if n, _ := mail.SendOutbox(ctx, db, sender, log); n != 0 {
			t.Fatalf("sent again: %d", n)
		}
		if len(sink.messages) != 1 {
			t.Fatalf("%d messages delivered", len(sink.messages))
		}
		got := readMessage(t, sink.messages[0])
		if got.to != "payer@example.com" || got.subject != "Your payment to Demo Borough Council: receipt ABCDE-FGHJK" {
			t.Errorf("delivered to %q with subject %q", got.to, got.subject)
		}
		if !strings.Contains(got.text, "Receipt number: ABCDE-FGHJK") || !strings.Contains(got.html, "<strong>ABCDE-FGHJK</strong>") {
			t.Errorf("delivered text or HTML lacks the receipt number:\n%s\n%s", got.text, got.html)
		}
	})
}

func TestSenderURL(t *testing.T) {
	for _, bad := range []string{"", "http://x", "smtp://host:25", "smtp://?from=a@b"} {
		if _, err := mail.NewSender(bad); err == nil {
			t.Errorf("NewSender(%q) accepted", bad)
		}
	}
}
