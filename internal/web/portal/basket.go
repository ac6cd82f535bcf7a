package portal

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
)

// basketPageContent is the content of "Your basket".
type basketPageContent struct {
	base
	Summary  govukfrontend.ErrorSummary
	Lines    []basketLine
	Total    string
	CanAdd   bool
	Continue string // the next page: the address, the email address or the check page
}

// basketLine is one payment in the basket as the payer sees it.
type basketLine struct {
	ID        string // element id, for error summary links
	Key       string // what the remove button sends: the line's fund and reference
	Label     string
	Reference string
	Amount    string
	Error     string
}

// basketPage shows the basket: each payment with a button to remove it, the total, and links to add
// another payment, empty the basket or continue.
func (p *Portal) basketPage(w http.ResponseWriter, r *http.Request) {
	p.newView(w, r).showBasket(http.StatusOK, nil)
}

// removeLine takes one payment out of the basket. The line is named by its fund and reference, not
// its position, so a form from a stale tab cannot remove a different line.
func (p *Portal) removeLine(w http.ResponseWriter, r *http.Request) {
	v := p.newView(w, r)
	key := r.PostFormValue("line")
	for i, l := range v.st.Lines {
		if lineKey(l) == key {
			v.st.Lines = append(v.st.Lines[:i], v.st.Lines[i+1:]...)
			v.st.basketChanged()
			v.save()
			break
		}
	}
	v.redirect("/pay/basket")
}

// emptyBasket removes every payment from the basket.
func (p *Portal) emptyBasket(w http.ResponseWriter, r *http.Request) {
	v := p.newView(w, r)
	v.st.Lines = nil
	v.st.basketChanged()
	v.save()
	v.redirect("/pay/basket")
}

func lineKey(l ims.PaymentLine) string { return l.Fund + ":" + l.Reference }

// showBasket renders the basket; lineErrors, by line index, are the problems the payment service
// found when the payer tried to pay.
func (v *view) showBasket(status int, lineErrors map[int]string) {
	labels, funds, err := v.p.fundLabels(v.r.Context(), v.lang)
	if err != nil {
		v.serverError(err)
		return
	}
	errs := &formErrors{}
	c := basketPageContent{base: v.base(), Total: v.st.total().Display(), CanAdd: len(v.st.Lines) < ims.MaxBasketLines,
		Continue: nextAfterBasket(v.st, funds)}
	for i, l := range v.st.Lines {
		line := basketLine{ID: "line-" + strconv.Itoa(i+1), Key: lineKey(l), Label: labels[l.Fund], Reference: l.Reference,
			Amount: l.Amount.Display(), Error: lineErrors[i]}
		if line.Error != "" {
			errs.add(line.ID, fmt.Sprintf("%s %s: %s", line.Label, line.Reference, line.Error))
		}
		c.Lines = append(c.Lines, line)
	}
	if msg, ok := lineErrors[-1]; ok {
		errs.add("", msg)
	}
	c.Summary = errs.summary()
	v.render(status, "portal-basket", v.layout(v.t("Your basket"), errs.any()), c)
}

// nextAfterBasket is the page after the basket: the address when a fund in the basket needs one and
// it is not given yet, then the email question, then the check page.
func nextAfterBasket(st state, funds map[string]ims.Fund) string {
	switch {
	case needsAddress(st.Lines, funds) && !st.Payer.hasAddress():
		return "/pay/address"
	case !st.EmailAnswered:
		return "/pay/email"
	default:
		return "/pay/check"
	}
}
