package mail

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
	"time"
)

// Invitation is what an invitation (or password reset) email to a member of staff says. Staff
// screens are English only, so it has no language. Link is never stored with the rest (json:"-"):
// it carries a secret, which travels only in the job that sends the email.
type Invitation struct {
	Name    string    `json:"name"`
	Email   string    `json:"email"`
	Reset   bool      `json:"reset,omitempty"` // a password reset rather than a new account
	Expires time.Time `json:"expires"`
	Link    string    `json:"-"`
}

var invitationTemplates = struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}{
	texttemplate.Must(texttemplate.ParseFS(templateFiles, "templates/invitation.en.txt")),
	htmltemplate.Must(htmltemplate.ParseFS(templateFiles, "templates/invitation.en.html")),
}

// invitationService names IMS in the email as staff know it.
const invitationService = "the Income Management System"

// RenderInvitation renders an invitation or password reset email, with the link's expiry written
// in UK time. The HTML body escapes every value.
func RenderInvitation(inv Invitation, london *time.Location) (Message, error) {
	if inv.Link == "" {
		return Message{}, fmt.Errorf("an invitation email needs its link")
	}
	if london == nil {
		london = time.UTC
	}
	t := inv.Expires.In(london)
	v := struct {
		Name, Email, Link, Expires, Service string
		Reset                               bool
	}{inv.Name, inv.Email, inv.Link, fmt.Sprintf("%s on %d %s %d", t.Format("15:04"), t.Day(), t.Month(), t.Year()),
		invitationService, inv.Reset}
	var subject, text, html bytes.Buffer
	if err := invitationTemplates.text.ExecuteTemplate(&subject, "subject", v); err != nil {
		return Message{}, fmt.Errorf("rendering the invitation email's subject: %w", err)
	}
	if err := invitationTemplates.text.Execute(&text, v); err != nil {
		return Message{}, fmt.Errorf("rendering the invitation email's text: %w", err)
	}
	if err := invitationTemplates.html.Execute(&html, v); err != nil {
		return Message{}, fmt.Errorf("rendering the invitation email's HTML: %w", err)
	}
	return Message{Subject: strings.Join(strings.Fields(subject.String()), " "), Text: text.String(), HTML: html.String()}, nil
}
