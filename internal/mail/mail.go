// Package mail renders the emails IMS sends (receipts, in English and Welsh) from embedded templates
// and sends them over SMTP with github.com/wneessen/go-mail. Without IMS_SMTP_URL emails are only
// stored in the outbox, so demos and tests need no mail server.
package mail

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// A Message is one rendered email: its subject and its body as plain text and as HTML.
type Message struct {
	Subject string
	Text    string
	HTML    string // blank: the email is plain text only
}

// Sender delivers emails to one SMTP server, named by a URL: smtp://user:pass@host:587?from=… uses
// STARTTLS when the server offers it (and requires it when credentials are given); smtps://… is
// TLS from the start (port 465).
type Sender struct {
	host    string
	options []gomail.Option
	from    string
}

// sendTimeout bounds connecting to the server and each exchange with it.
const sendTimeout = 30 * time.Second

// NewSender parses IMS_SMTP_URL.
func NewSender(rawURL string) (*Sender, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return nil, fmt.Errorf("IMS_SMTP_URL must look like smtp://user:password@host:587?from=payments@council.gov.uk")
	}
	from := u.Query().Get("from")
	if from == "" {
		return nil, fmt.Errorf("IMS_SMTP_URL needs ?from=address, the sender of every email")
	}
	port := 587
	if u.Scheme == "smtps" {
		port = 465
	}
	if u.Port() != "" {
		if port, err = strconv.Atoi(u.Port()); err != nil {
			return nil, fmt.Errorf("IMS_SMTP_URL has a port that is not a number: %q", u.Port())
		}
	}
	opts := []gomail.Option{gomail.WithPort(port), gomail.WithTimeout(sendTimeout)}
	switch {
	case u.Scheme == "smtps":
		opts = append(opts, gomail.WithSSL())
	case u.User != nil:
		// Credentials never cross the network in clear: STARTTLS is required.
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if u.User != nil {
		pass, _ := u.User.Password()
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain), gomail.WithUsername(u.User.Username()),
			gomail.WithPassword(pass))
	}
	return &Sender{host: u.Hostname(), options: opts, from: from}, nil
}

// Send delivers one email to one address, as multipart/alternative when it has an HTML body.
func (s *Sender) Send(ctx context.Context, to string, m Message) error {
	msg := gomail.NewMsg()
	if err := msg.From(s.from); err != nil {
		return fmt.Errorf("sender address %q: %w", s.from, err)
	}
	if err := msg.To(to); err != nil {
		return fmt.Errorf("recipient address %q: %w", to, err)
	}
	// The subject is encoded by go-mail; line breaks are removed all the same so that no value can
	// start a header of its own.
	msg.Subject(strings.NewReplacer("\r", "", "\n", " ").Replace(m.Subject))
	msg.SetDate()
	msg.SetMessageID()
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	// One client per email: a client holds one connection, and emails are sent from several
	// workers at once.
	client, err := gomail.NewClient(s.host, s.options...)
	if err != nil {
		return err
	}
	return client.DialAndSendWithContext(ctx, msg)
}
