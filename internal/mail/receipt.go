package mail

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"

	"github.com/ims-council/ims"
)

//go:embed templates
var templateFiles embed.FS

// receiptTemplates are the receipt email's templates in each language the portal speaks. Parsed
// once; templates are safe to execute from many goroutines.
var receiptTemplates = map[string]struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}{
	"en": {texttemplate.Must(texttemplate.ParseFS(templateFiles, "templates/receipt.en.txt")),
		htmltemplate.Must(htmltemplate.ParseFS(templateFiles, "templates/receipt.en.html"))},
	"cy": {texttemplate.Must(texttemplate.ParseFS(templateFiles, "templates/receipt.cy.txt")),
		htmltemplate.Must(htmltemplate.ParseFS(templateFiles, "templates/receipt.cy.html"))},
}

// receiptView is a receipt with its amounts and date written as the payer reads them.
type receiptView struct {
	Organisation, VATNumber, Number, Date string
	Lines                                 []receiptLineView
	Total, VAT                            string
	CardBrand, CardLast4, Link            string
}

type receiptLineView struct {
	Name, Reference, Amount, VAT, VATRate string
}

// RenderReceipt renders the receipt email of a card payment in the payer's language (English when
// the receipt names none the templates have). The HTML body escapes every value.
func RenderReceipt(r ims.Receipt) (Message, error) {
	lang := r.Language
	if _, ok := receiptTemplates[lang]; !ok {
		lang = "en"
	}
	t := receiptTemplates[lang]
	v := receiptView{Organisation: r.Organisation, VATNumber: r.VATNumber, Number: r.Number, Date: dateTime(lang, r),
		Total: r.Total.Display(), VAT: r.VAT.Display(), CardBrand: r.CardBrand, CardLast4: r.CardLast4, Link: r.Link}
	for _, l := range r.Lines {
		v.Lines = append(v.Lines, receiptLineView{Name: l.Name, Reference: l.Reference, Amount: l.Amount.Display(),
			VAT: l.VAT.Display(), VATRate: l.VATRate.Percent()})
	}
	var subject, text, html bytes.Buffer
	if err := t.text.ExecuteTemplate(&subject, "subject", v); err != nil {
		return Message{}, fmt.Errorf("rendering the receipt email's subject: %w", err)
	}
	if err := t.text.Execute(&text, v); err != nil {
		return Message{}, fmt.Errorf("rendering the receipt email's text: %w", err)
	}
	if err := t.html.Execute(&html, v); err != nil {
		return Message{}, fmt.Errorf("rendering the receipt email's HTML: %w", err)
	}
	// A subject is one line, whatever the names in it hold.
	return Message{Subject: strings.Join(strings.Fields(subject.String()), " "), Text: text.String(), HTML: html.String()}, nil
}

// welshMonths are the months' names in Welsh, January first.
var welshMonths = [12]string{"Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst",
	"Medi", "Hydref", "Tachwedd", "Rhagfyr"}

// dateTime writes when the payment was posted as people in the UK read it: "2 March 2026 15:04", with
// the month's Welsh name in Welsh. The receipt's time is already in Europe/London.
func dateTime(lang string, r ims.Receipt) string {
	t := r.Time
	month := t.Month().String()
	if lang == "cy" {
		month = welshMonths[t.Month()-1]
	}
	return fmt.Sprintf("%d %s %d %s", t.Day(), month, t.Year(), t.Format("15:04"))
}
