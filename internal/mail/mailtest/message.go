package mailtest

import (
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"strings"
)

// A Delivered message is what a mail client shows of a message: its encodings undone.
type Delivered struct{ To, Subject, Text, HTML string }

// Read reads a message the server received, as a mail client would: the recipient, the decoded
// subject and the plain text and HTML parts of a multipart/alternative body, with \n line ends.
func Read(raw string) (Delivered, error) {
	msg, err := netmail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		return Delivered{}, err
	}
	var d Delivered
	d.To = strings.Trim(msg.Header.Get("To"), "<>")
	if d.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return d, err
	}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/alternative" {
		return d, fmt.Errorf("content type %q (%v); want multipart/alternative", mediaType, err)
	}
	parts := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := parts.NextRawPart()
		if err == io.EOF {
			return d, nil
		}
		if err != nil {
			return d, err
		}
		var body io.Reader = p
		if p.Header.Get("Content-Transfer-Encoding") == "quoted-printable" {
			body = quotedprintable.NewReader(p)
		}
		b, err := io.ReadAll(body)
		if err != nil {
			return d, err
		}
		text := strings.ReplaceAll(string(b), "\r\n", "\n") // SMTP's line ends, as a client shows them
		switch typ, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type")); typ {
		case "text/plain":
			d.Text = text
		case "text/html":
			d.HTML = text
		}
	}
}
