// Package mail sends the outbox's emails over SMTP. Without IMS_SMTP_URL emails are only stored in the
// outbox (which the back office shows), so demos and tests need no mail server.
package mail

import (
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/multipart"
	"net"
	"net/smtp"
	"net/textproto"
	"net/url"
	"strings"
	"time"

	"github.com/ims-council/ims/internal/sqldb"
)

// Sender delivers emails to one SMTP server, named by a URL: smtp://user:pass@host:587?from=… uses
// STARTTLS when the server offers it (and requires it when credentials are given); smtps://… is
// TLS from the start (port 465).
type Sender struct {
	addr     string
	host     string
	implicit bool
	auth     smtp.Auth
	from     string
	timeout  time.Duration
}

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
	port := u.Port()
	if port == "" {
		port = map[string]string{"smtp": "587", "smtps": "465"}[u.Scheme]
	}
	s := &Sender{addr: net.JoinHostPort(u.Hostname(), port), host: u.Hostname(), implicit: u.Scheme == "smtps", from: from, timeout: 30 * time.Second}
	if u.User != nil {
		pass, _ := u.User.Password()
		s.auth = smtp.PlainAuth("", u.User.Username(), pass, u.Hostname())
	}
	return s, nil
}

// Send delivers one email, as multipart/alternative when it has an HTML body.
func (s *Sender) Send(e sqldb.Email) error {
	conn, err := net.DialTimeout("tcp", s.addr, s.timeout)
	if err != nil {
		return err
	}
	conn.SetDeadline(time.Now().Add(s.timeout))
	if s.implicit {
		conn = tls.Client(conn, &tls.Config{ServerName: s.host})
	}
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok && !s.implicit {
		if err := c.StartTLS(&tls.Config{ServerName: s.host}); err != nil {
			return err
		}
	}
	if s.auth != nil {
		if err := c.Auth(s.auth); err != nil {
			return err
		}
	}
	if err := c.Mail(s.from); err != nil {
		return err
	}
	if err := c.Rcpt(e.To); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(message(s.from, e)); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// message renders an email with its headers. Header values are from the outbox, which the system
// wrote, but they are still encoded so no value can add a header.
func message(from string, e sqldb.Email) []byte {
	var b strings.Builder
	id := make([]byte, 12)
	rand.Read(id)
	header := textproto.MIMEHeader{}
	header.Set("From", from)
	header.Set("To", e.To)
	header.Set("Subject", mime.QEncoding.Encode("utf-8", e.Subject))
	header.Set("Date", time.Now().UTC().Format(time.RFC1123Z))
	header.Set("Message-ID", "<"+hex.EncodeToString(id)+"@ims>")
	header.Set("MIME-Version", "1.0")
	if e.HTML == "" {
		header.Set("Content-Type", "text/plain; charset=utf-8")
		header.Set("Content-Transfer-Encoding", "8bit")
		writeHeader(&b, header)
		b.WriteString(crlf(e.Text))
		return []byte(b.String())
	}
	var body strings.Builder
	mw := multipart.NewWriter(&body)
	header.Set("Content-Type", "multipart/alternative; boundary="+mw.Boundary())
	writeHeader(&b, header)
	for _, part := range []struct{ typ, text string }{{"text/plain", e.Text}, {"text/html", e.HTML}} {
		pw, _ := mw.CreatePart(textproto.MIMEHeader{"Content-Type": {part.typ + "; charset=utf-8"}, "Content-Transfer-Encoding": {"8bit"}})
		pw.Write([]byte(crlf(part.text)))
	}
	mw.Close()
	b.WriteString(body.String())
	return []byte(b.String())
}

func writeHeader(b *strings.Builder, h textproto.MIMEHeader) {
	for _, k := range []string{"From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"} {
		if v := h.Get(k); v != "" {
			v = strings.NewReplacer("\r", "", "\n", "").Replace(v)
			b.WriteString(k + ": " + v + "\r\n")
		}
	}
	b.WriteString("\r\n")
}

func crlf(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")
}
