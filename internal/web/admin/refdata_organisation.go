package admin

import (
	"net/http"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// organisationFields are the questions of the organisation details form.
func organisationFields(o ims.Organisation) []field {
	return []field{
		{Name: "name", Label: "Name", Kind: textField, Value: o.Name, Width: "govuk-!-width-two-thirds"},
		{Name: "address", Label: "Address", Hint: "One line of the address a line, without the postcode", Kind: areaField, Value: strings.Join(o.Address, "\n")},
		{Name: "postcode", Label: "Postcode", Kind: textField, Value: o.Postcode, Width: "govuk-input--width-10"},
		{Name: "vat_number", Label: "VAT registration number", Kind: textField, Value: o.VATNumber, Width: "govuk-input--width-20"},
		{Name: "email", Label: "Email address (optional)", Kind: textField, Value: o.Email, Width: "govuk-!-width-two-thirds"},
		{Name: "phone", Label: "Telephone number (optional)", Kind: textField, Value: o.Phone, Width: "govuk-input--width-20"},
		{Name: "logo_url", Label: "Logo address (optional)", Kind: textField, Value: o.LogoURL, Width: "govuk-!-width-two-thirds"},
	}
}

func organisationPage(o ims.Organisation, err error) recordPage {
	page := recordPage{Heading: "Organisation details", One: "organisation details", Action: "/admin/organisation",
		Cancel: "/admin/reference-data"}
	page.Fields, page.Summary = withProblems(organisationFields(o), err)
	return page
}

// organisationPage shows the council's details printed on receipts.
func (a *Admin) organisationPage(w http.ResponseWriter, r *http.Request) {
	o, err := a.RefData.Organisation(r.Context(), web.PrincipalFrom(r.Context()))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.render(w, r, http.StatusOK, "admin-refdata-record", "Organisation details", organisationPage(o, nil))
}

// saveOrganisation changes the council's details.
func (a *Admin) saveOrganisation(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		a.fail(w, r, ims.Errorf(ims.Invalid, "The form could not be read"))
		return
	}
	f := newForm(r.PostForm)
	o := ims.Organisation{Name: f.text("name"), Address: f.lines("address"), Postcode: f.text("postcode"),
		VATNumber: f.text("vat_number"), Email: f.text("email"), Phone: f.text("phone"), LogoURL: f.text("logo_url")}
	err := a.RefData.SetOrganisation(r.Context(), web.PrincipalFrom(r.Context()), o)
	if err == nil {
		a.flash(r, "Organisation details changed")
		http.Redirect(w, r, "/admin/organisation", http.StatusSeeOther)
		return
	}
	if ims.ErrorCode(err) != ims.Invalid {
		a.fail(w, r, err)
		return
	}
	a.render(w, r, http.StatusUnprocessableEntity, "admin-refdata-record", "Error: Organisation details", organisationPage(o, err))
}
