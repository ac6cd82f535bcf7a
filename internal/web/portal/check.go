package portal

import (
	"net/http"
	"strings"

	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
)

// checkPageContent is the content of "Check your answers before paying".
type checkPageContent struct {
	base
	Summary  govukfrontend.ErrorSummary
	Payments govukfrontend.Table
	Details  govukfrontend.SummaryList
	Pay      govukfrontend.Button
}

// checkPage shows everything the payer has entered, with links to change it, and the button that
// sends them to the card payment page.
func (p *Portal) checkPage(w http.ResponseWriter, r *http.Request) {
	v := p.newView(w, r)
	if len(v.st.Lines) == 0 {
		v.redirect("/pay/basket")
		return
	}
	_, funds, err := p.fundLabels(r.Context(), "")
	if err != nil {
		v.serverError(err)
		return
	}
	if next := nextAfterBasket(v.st, funds); next != "/pay/check" {
		v.redirect(next)
		return
	}
	v.showCheck(http.StatusOK, &formErrors{})
}

func (v *view) showCheck(status int, errs *formErrors) {
	labels, funds, err := v.p.fundLabels(v.r.Context(), v.lang)
	if err != nil {
		v.serverError(err)
		return
	}
	c := checkPageContent{base: v.base(), Summary: errs.summary(),
		Pay: govukfrontend.Button{Text: v.t("Continue to payment"), PreventDoubleClick: true}}
	c.Payments = govukfrontend.Table{Caption: v.t("Payments"), CaptionSize: "m", FirstCellIsHeader: true,
		Head: []govukfrontend.TableHeader{{Text: v.t("Payment")}, {Text: v.t("Reference")}, {Text: v.t("Amount"), Numeric: true}}}
	for _, l := range v.st.Lines {
		c.Payments.Rows = append(c.Payments.Rows, []govukfrontend.TableCell{{Text: labels[l.Fund]}, {Text: l.Reference},
			{Text: l.Amount.Display(), Numeric: true}})
	}
	c.Payments.Rows = append(c.Payments.Rows, []govukfrontend.TableCell{{Text: v.t("Total")}, {}, {Text: v.st.total().Display(), Numeric: true}})
	change := func(href, what string) []govukfrontend.SummaryAction {
		return []govukfrontend.SummaryAction{{Text: v.t("Change"), Href: href, VisuallyHiddenText: what}}
	}
	if needsAddress(v.st.Lines, funds) {
		c.Details.Rows = append(c.Details.Rows,
			govukfrontend.SummaryRow{Key: v.t("Name"), Value: v.st.Payer.Name, Actions: change("/pay/address", v.t("name"))},
			govukfrontend.SummaryRow{Key: v.t("Address"), Value: strings.Join(v.st.Payer.request(true).Address, ", ") + ", " + v.st.Payer.Postcode,
				Actions: change("/pay/address", v.t("address"))})
	}
	email := v.st.Payer.Email
	if email == "" {
		email = v.t("No receipt by email")
	}
	c.Details.Rows = append(c.Details.Rows, govukfrontend.SummaryRow{Key: v.t("Email address"), Value: email, Actions: change("/pay/email", v.t("email address"))})
	web.AllowFormsToLeave(v.w) // Pay ends on the provider's card page
	v.render(status, "portal-check", v.layout(v.t("Check your answers before paying"), errs.any()), c)
}
