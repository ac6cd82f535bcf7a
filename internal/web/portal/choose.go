package portal

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
)

// choosePageContent is the content of "What do you want to pay?".
type choosePageContent struct {
	base
	Summary     govukfrontend.ErrorSummary
	Fund        radios
	Continue    govukfrontend.Button
	BasketCount int
}

// choosePage asks what the payer wants to pay: one radio per fund offered on the portal, with the
// fund's help text as its hint.
func (p *Portal) choosePage(w http.ResponseWriter, r *http.Request) {
	v := p.newView(w, r)
	v.showChoose(http.StatusOK, r.URL.Query().Get("fund"), &formErrors{})
}

// choose takes the answer and goes on to the reference and amount of that payment.
func (p *Portal) choose(w http.ResponseWriter, r *http.Request) {
	v := p.newView(w, r)
	code := r.PostFormValue("fund")
	_, ok, err := p.portalFund(r.Context(), code)
	if err != nil {
		v.serverError(err)
		return
	}
	errs := &formErrors{}
	switch {
	case !ok:
		errs.add("fund", v.t("Select what you want to pay"))
	case len(v.st.Lines) >= ims.MaxBasketLines:
		errs.add("fund", v.basketFull())
	}
	if errs.any() {
		v.showChoose(http.StatusUnprocessableEntity, code, errs)
		return
	}
	v.redirect("/pay/details?fund=" + url.QueryEscape(code))
}

// basketFull says why no more lines can be added.
func (v *view) basketFull() string {
	return fmt.Sprintf(v.t("Your basket already has %d payments, the most it can hold. Pay for these first, then add more"),
		ims.MaxBasketLines)
}

func (v *view) showChoose(status int, selected string, errs *formErrors) {
	funds, err := v.p.portalFunds(v.r.Context(), v.lang)
	if err != nil {
		v.serverError(err)
		return
	}
	rs := radios{Name: "fund", Legend: v.t("What do you want to pay?"), Error: errs.of("fund")}
	for _, f := range funds {
		rs.Items = append(rs.Items, radioItem{Value: f.Code, Label: portalLabel(f, v.lang), Hint: f.PortalHelpIn(v.lang), Checked: f.Code == selected})
	}
	v.render(status, "portal-choose", v.layout(v.t("What do you want to pay?"), errs.any()),
		choosePageContent{base: v.base(), Summary: errs.summary(), Fund: rs, BasketCount: len(v.st.Lines),
			Continue: govukfrontend.Button{Text: v.t("Continue")}})
}
