package mail_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ims-council/ims/internal/mail"
	"github.com/ims-council/ims/internal/mail/mailtest"
)

// A rendered receipt reaches the SMTP server as multipart/alternative, its subject and bodies
// readable by a mail client; a refused recipient is an error naming the server's answer.
func TestSendDeliversTextAndHTML(t *testing.T) {
	server := mailtest.NewServer(t)
	sender, err := mail.NewSender(server.URL("payments@demo.example"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := mail.RenderReceipt(testReceipt("cy"))
	if err != nil {
		t.Fatal(err)
	}
	server.Refuse(true)
	if err := sender.Send(context.Background(), "payer@example.com", m); err == nil || !strings.Contains(err.Error(), "550") {
		t.Fatalf("refused recipient: %v", err)
	}
	server.Refuse(false)
	if err := sender.Send(context.Background(), "payer@example.com", m); err != nil {
		t.Fatal(err)
	}
	msgs := server.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages delivered", len(msgs))
	}
	got, err := mailtest.Read(msgs[0])
	if err != nil {
		t.Fatal(err)
	}
	if got.To != "payer@example.com" || got.Subject != "Demo Borough Council: derbynneb ABCDE-FGHJK am eich taliad" {
		t.Errorf("delivered to %q with subject %q", got.To, got.Subject)
	}
	if got.Text != m.Text || got.HTML != m.HTML {
		t.Errorf("delivered bodies differ from the rendered ones:\n%s\n%s", got.Text, got.HTML)
	}
	if !strings.Contains(msgs[0], "From: <payments@demo.example>") {
		t.Errorf("message not from the configured sender:\n%s", msgs[0])
	}
}

func TestSenderURL(t *testing.T) {
	for _, bad := range []string{"", "http://x", "smtp://host:25", "smtp://?from=a@b", "smtp://host:port?from=a@b"} {
		if _, err := mail.NewSender(bad); err == nil {
			t.Errorf("NewSender(%q) accepted", bad)
		}
	}
	for _, good := range []string{"smtp://host?from=a@b", "smtps://user:pass@host:2465?from=a@b", "smtp://user:pass@host:587?from=a@b"} {
		if _, err := mail.NewSender(good); err != nil {
			t.Errorf("NewSender(%q): %v", good, err)
		}
	}
}

// Render refuses what it cannot render, so the job sending it gives up instead of retrying.
func TestRenderRefusesUnknownPayloads(t *testing.T) {
	if _, err := mail.Render("receipt", "not json"); err == nil {
		t.Error("a receipt that is not JSON rendered")
	}
	if _, err := mail.Render("newsletter", "{}"); err == nil {
		t.Error("an email of unknown purpose rendered")
	}
}
