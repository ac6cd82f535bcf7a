package portal

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
)

// addressPageContent is the content of the name and address page.
type addressPageContent struct {
	base
	Summary  govukfrontend.ErrorSummary
	Name     govukfrontend.TextInput
	Line1    govukfrontend.TextInput
	Line2    govukfrontend.TextInput
	Town     govukfrontend.TextInput
	Postcode govukfrontend.TextInput

	ContinueButton govukfrontend.Button
}

// maxAddressField is the longest name or address line accepted.
const maxAddressField = 100

// addressPage asks for the payer's name and address, which some funds (invoices) need.
func (p *Portal) addressPage(w http.ResponseWriter, r *http.Request) {
	v := p.newView(w, r)
	v.showAddress(http.StatusOK, v.st.Payer, &formErrors{})
}

// saveAddress checks the name and address and goes on to the email question.
func (p *Portal) saveAddress(w http.ResponseWriter, r *http.Request) {
	v := p.newView(w, r)
	in := payer{Name: field(r, "name"), Line1: field(r, "address-line-1"), Line2: field(r, "address-line-2"),
		Town: field(r, "address-town"), Postcode: field(r, "postcode")}
	errs := &formErrors{}
	for _, f := range []struct{ id, value, blank string }{
		{"name", in.Name, v.t("Enter your full name")},
		{"address-line-1", in.Line1, v.t("Enter the first line of your address")},
		{"address-line-2", in.Line2, ""},
		{"address-town", in.Town, v.t("Enter your town or city")},
	} {
		switch {
		case f.value == "" && f.blank != "":
			errs.add(f.id, f.blank)
		case utf8.RuneCountInString(f.value) > maxAddressField:
			errs.add(f.id, v.t("Enter no more than 100 characters"))
		case ims.LooksLikeCardNumber(f.value):
			errs.add(f.id, v.t("Do not enter card numbers here"))
		}
	}
	postcode, ok := normalisePostcode(in.Postcode)
	switch {
	case in.Postcode == "":
		errs.add("postcode", v.t("Enter your postcode"))
	case !ok:
		errs.add("postcode", v.t("Enter a real UK postcode, like SW1A 1AA"))
	default:
		in.Postcode = postcode
	}
	if errs.any() {
		v.showAddress(http.StatusUnprocessableEntity, in, errs)
		return
	}
	in.Email = v.st.Payer.Email
	v.st.Payer = in
	v.st.basketChanged()
	v.save()
	if v.st.EmailAnswered {
		v.redirect("/pay/check")
		return
	}
	v.redirect("/pay/email")
}

// field returns a form value without surrounding white space.
func field(r *http.Request, name string) string { return strings.TrimSpace(r.PostFormValue(name)) }

// normalisePostcode returns a postcode in capitals with one space before its last three characters,
// and whether it has the shape of a UK postcode.
func normalisePostcode(s string) (string, bool) {
	if !ims.ValidUKPostcode(s) {
		return s, false
	}
	compact := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	return compact[:len(compact)-3] + " " + compact[len(compact)-3:], true
}

func (v *view) showAddress(status int, in payer, errs *formErrors) {
	input := func(name, label, value, autocomplete string, width govukfrontend.InputWidth) govukfrontend.TextInput {
		return govukfrontend.TextInput{Name: name, Label: label, Value: value, Error: errs.of(name), Autocomplete: autocomplete, Width: width}
	}
	v.render(status, "portal-address", v.layout(v.t("What is your name and address?"), errs.any()), addressPageContent{
		base: v.base(), Summary: errs.summary(), ContinueButton: govukfrontend.Button{Text: v.t("Continue")},
		Name:     input("name", v.t("Full name"), in.Name, "name", ""),
		Line1:    input("address-line-1", v.t("Address line 1"), in.Line1, "address-line1", ""),
		Line2:    input("address-line-2", v.t("Address line 2 (optional)"), in.Line2, "address-line2", ""),
		Town:     input("address-town", v.t("Town or city"), in.Town, "address-level2", govukfrontend.WidthTwoThirds),
		Postcode: input("postcode", v.t("Postcode"), in.Postcode, "postal-code", govukfrontend.WidthChars10),
	})
}
