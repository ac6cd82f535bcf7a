package portal

import (
	"net/http"
	"net/mail"

	"github.com/ims-council/ims/internal/govukfrontend"
)

// emailPageContent is the content of the email address question.
type emailPageContent struct {
	base
	Summary govukfrontend.ErrorSummary
	Email   govukfrontend.TextInput
	Back    string

	ContinueButton govukfrontend.Button
}

// maxEmail is the longest email address accepted (RFC 5321's limit on a path).
const maxEmail = 254

// emailPage asks for an email address to send the receipt to; leaving it blank is an answer.
func (p *Portal) emailPage(w http.ResponseWriter, r *http.Request) {
	v := p.newView(w, r)
	v.showEmail(http.StatusOK, v.st.Payer.Email, &formErrors{})
}

// saveEmail checks the email address, if any, and goes on to the check page.
func (p *Portal) saveEmail(w http.ResponseWriter, r *http.Request) {
	v := p.newView(w, r)
	email := field(r, "email")
	errs := &formErrors{}
	if email != "" {
		// The payment service accepts only a bare address, as ParseAddress returns it.
		if a, err := mail.ParseAddress(email); err != nil || a.Address != email || len(email) > maxEmail {
			errs.add("email", v.t("Enter an email address in the correct format, like name@example.com"))
		}
	}
	if errs.any() {
		v.showEmail(http.StatusUnprocessableEntity, email, errs)
		return
	}
	v.st.Payer.Email, v.st.EmailAnswered = email, true
	v.st.basketChanged()
	v.save()
	v.redirect("/pay/check")
}

func (v *view) showEmail(status int, email string, errs *formErrors) {
	_, funds, err := v.p.fundLabels(v.r.Context(), "")
	if err != nil {
		v.serverError(err)
		return
	}
	back := "/pay/basket"
	if needsAddress(v.st.Lines, funds) {
		back = "/pay/address"
	}
	noSpellcheck := false
	v.render(status, "portal-email", v.layout(v.t("Do you want a receipt by email?"), errs.any()), emailPageContent{
		base: v.base(), Summary: errs.summary(), Back: back, ContinueButton: govukfrontend.Button{Text: v.t("Continue")},
		Email: govukfrontend.TextInput{Name: "email", Type: "email", Label: v.t("Email address (optional)"),
			Hint:  v.t("We will send your receipt to this address. Leave it blank if you do not want a receipt by email."),
			Value: email, Error: errs.of("email"), Autocomplete: "email", Spellcheck: &noSpellcheck},
	})
}
