package govukpaysim

import (
	"embed"
	"fmt"
	"io/fs"
	"net/http"
	"strings"

	"github.com/ims-council/ims/internal/govukfrontend"
)

//go:embed templates/*.tmpl
var templateFiles embed.FS

// The names of the simulator's pages, prefixed so they cannot clash with the host's.
const pageCard = "govukpaysim-card"

// newPages returns a renderer of the shared GOV.UK layout with the simulator's pages added.
func newPages() (*govukfrontend.Renderer, error) {
	dir, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		return nil, fmt.Errorf("govukpaysim: %w", err)
	}
	r, err := govukfrontend.New(dir)
	if err != nil {
		return nil, fmt.Errorf("govukpaysim: %w", err)
	}
	return r, nil
}

// cardPage is the content of the card page.
type cardPage struct {
	Errors         govukfrontend.ErrorSummary
	Heading        string
	SummaryHeading string
	Description    string
	AmountLabel    string
	Amount         string
	Action         string
	CardNo         govukfrontend.TextInput
	Expiry         dateInput
	Name           govukfrontend.TextInput
	CVC            govukfrontend.TextInput
	AddressLegend  string
	Line1          govukfrontend.TextInput
	Line2          govukfrontend.TextInput
	City           govukfrontend.TextInput
	Postcode       govukfrontend.TextInput
	Email          *govukfrontend.TextInput // nil for MOTO payments, where staff type the card and the payer's email is not asked
	Pay            govukfrontend.Button
	CancelAction   string
	Cancel         govukfrontend.Button
}

// dateInput is the card's expiry date: GOV.UK Frontend's date input with a month and a year.
type dateInput struct {
	Legend, Hint, MonthLabel, YearLabel string
	Month, Year                         string
	Error                               string
}

// DescribedBy returns the fieldset's aria-describedby: the hint and, when there is one, the error.
func (d dateInput) DescribedBy() string {
	if d.Error != "" {
		return "expiry-hint expiry-error"
	}
	return "expiry-hint"
}

// ErrorMessage returns the date's error message for "govuk/error-message".
func (d dateInput) ErrorMessage() govukfrontend.ErrorMessage {
	return govukfrontend.ErrorMessage{ID: "expiry-error", Text: d.Error}
}

// cardPageFor builds the card page of a payment, showing what the payer typed (never the card
// number or security code) and the problems with it. The caller holds s.mu.
func (s *Simulator) cardPageFor(p *payment, f cardForm, problems []fieldError) cardPage {
	lang := p.language
	t := func(english string) string { return translate(lang, english) }
	errs := make(map[string]string)
	var summary govukfrontend.ErrorSummary
	for _, e := range problems {
		errs[e.field] = t(e.message)
		summary.Errors = append(summary.Errors, govukfrontend.ErrorLink{Text: t(e.message), Href: "#" + e.field})
	}
	off := false
	input := func(name, label, value, autocomplete string, width govukfrontend.InputWidth) govukfrontend.TextInput {
		return govukfrontend.TextInput{Name: name, Label: t(label), Value: value, Error: errs[name],
			Autocomplete: autocomplete, Width: width}
	}
	page := cardPage{
		Errors:         summary,
		Heading:        t("Enter card details"),
		SummaryHeading: t("Payment summary"),
		Description:    p.description,
		AmountLabel:    t("Total amount:"),
		Amount:         p.amount.Display(),
		Action:         s.prefix + "/secure/" + p.token,
		CardNo:         input(fieldCardNo, "Card number", "", "cc-number", govukfrontend.WidthChars20),
		Expiry: dateInput{
			Legend: t("Expiry date"), Hint: t("For example, 10/27"),
			MonthLabel: t("Month"), YearLabel: t("Year"),
			Month: f.month, Year: f.year, Error: errs[fieldExpiryMonth],
		},
		Name:          input(fieldName, "Name on card", f.name, "cc-name", govukfrontend.WidthTwoThirds),
		CVC:           input(fieldCVC, "Card security code", "", "cc-csc", govukfrontend.WidthChars4),
		AddressLegend: t("Billing address"),
		Line1:         input(fieldLine1, "Address line 1", f.line1, "address-line1", ""),
		Line2:         input(fieldLine2, "Address line 2 (optional)", f.line2, "address-line2", ""),
		City:          input(fieldCity, "Town or city", f.city, "address-level2", govukfrontend.WidthTwoThirds),
		Postcode:      input(fieldPostcode, "Postcode", f.postcode, "postal-code", govukfrontend.WidthChars10),
		Pay:           govukfrontend.Button{Text: t("Pay") + " " + p.amount.Display(), PreventDoubleClick: true},
		CancelAction:  s.prefix + "/secure/" + p.token + "/cancel",
		Cancel:        govukfrontend.Button{Text: t("Cancel payment"), Variant: govukfrontend.ButtonSecondary},
	}
	page.CardNo.InputMode, page.CardNo.Spellcheck = "numeric", &off
	page.CVC.InputMode, page.CVC.Spellcheck = "numeric", &off
	page.CVC.Hint = t("The last 3 digits on the back of the card, or the 4 digits on the front of an American Express card")
	page.Postcode.Spellcheck = &off
	if !p.moto {
		email := input(fieldEmail, "Email address (optional)", f.email, "email", govukfrontend.WidthTwoThirds)
		email.Type, email.Spellcheck = "email", &off
		page.Email = &email
	}
	return page
}

// layoutFor returns the frame of a payment's pages: its account's service name, in its language,
// with a notice that no real money is taken.
func (s *Simulator) layoutFor(p *payment, title string, hasErrors bool) govukfrontend.Layout {
	t := func(english string) string { return translate(p.language, english) }
	name := s.accounts[p.account].ServiceName
	if name == "" {
		name = t("Card payment")
	}
	if hasErrors {
		title = t("Error: ") + title
	}
	return govukfrontend.Layout{
		Lang:             p.language,
		Title:            title,
		OrganisationName: name,
		Banner: &govukfrontend.Banner{Kind: govukfrontend.BannerInfo,
			Text: t("This is a test payment page. No real money is taken: use a test card such as 4444 3333 2222 1111.")},
	}
}

// render writes a page, or a plain 500 when it does not render. Card pages are never cached:
// they show a payment's details.
func (s *Simulator) render(w http.ResponseWriter, status int, page string, l govukfrontend.Layout, content any) {
	w.Header().Set("Cache-Control", "no-store")
	if err := s.pages.WritePage(w, status, page, l, content); err != nil {
		http.Error(w, "The card page could not be shown.", http.StatusInternalServerError)
	}
}

// pageNotFound answers a card page address that leads to no payment.
func (s *Simulator) pageNotFound(w http.ResponseWriter, r *http.Request) {
	lang := "en"
	if strings.HasPrefix(r.Header.Get("Accept-Language"), "cy") {
		lang = "cy"
	}
	s.render(w, http.StatusNotFound, "not-found", govukfrontend.Layout{Lang: lang, Title: "Page not found",
		OrganisationName: translate(lang, "Card payment")}, nil)
}
