package portal

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/money"
)

// detailsPageContent is the content of the page asking for one payment's reference and amount.
type detailsPageContent struct {
	base
	Summary     govukfrontend.ErrorSummary
	Heading     string
	Fund        string
	Reference   govukfrontend.TextInput
	Amount      govukfrontend.TextInput
	AddButton   govukfrontend.Button
	BasketCount int
}

// detailsPage asks for the reference and the amount of a payment of the chosen type.
func (p *Portal) detailsPage(w http.ResponseWriter, r *http.Request) {
	v := p.newView(w, r)
	fund, ok, err := p.portalFund(r.Context(), r.URL.Query().Get("fund"))
	if err != nil {
		v.serverError(err)
		return
	}
	if !ok {
		v.redirect("/pay")
		return
	}
	v.showDetails(http.StatusOK, fund, "", "", &formErrors{})
}

// addLine validates a payment fully (SPEC §2.1: the amount against the fund's and the card
// method's limits, then the reference against the fund's validator and account holders) and adds it
// to the basket.
func (p *Portal) addLine(w http.ResponseWriter, r *http.Request) {
	v := p.newView(w, r)
	ctx := r.Context()
	fund, ok, err := p.portalFund(ctx, r.PostFormValue("fund"))
	if err != nil {
		v.serverError(err)
		return
	}
	if !ok {
		v.redirect("/pay")
		return
	}
	refText, amountText := strings.TrimSpace(r.PostFormValue("reference")), strings.TrimSpace(r.PostFormValue("amount"))
	errs := &formErrors{}
	if len(v.st.Lines) >= ims.MaxBasketLines {
		errs.add("", v.basketFull())
	}
	// Errors are added in the page's order, reference then amount, which the summary follows.
	amount, amountProblem := v.parseAmount(amountText)
	ref := ims.NormalizeReference(refText)
	switch {
	case ref == "":
		errs.add("reference", v.t("Enter the reference from your bill"))
	case v.inBasket(fund.Code, ref):
		errs.add("reference", v.t("You have already added this reference to your basket"))
	default:
		if err := p.checkLine(ctx, v, fund.Code, ref, amount, amountProblem == "", errs); err != nil {
			v.serverError(err)
			return
		}
	}
	if amountProblem != "" {
		errs.add("amount", amountProblem)
	}
	if errs.any() {
		if ims.LooksLikeCardNumber(refText) {
			refText = "" // never echo a card number back to the browser
		}
		v.showDetails(http.StatusUnprocessableEntity, fund, refText, amountText, errs)
		return
	}
	v.st.Lines = append(v.st.Lines, ims.PaymentLine{Fund: fund.Code, Reference: ref, Amount: amount})
	v.st.basketChanged()
	v.save()
	v.redirect("/pay/basket")
}

// parseAmount reads the amount as the payer typed it, or says what is wrong with it. Pounds and
// pence only: a third decimal place is refused, never rounded away.
func (v *view) parseAmount(text string) (money.Pence, string) {
	if text == "" {
		return 0, v.t("Enter the amount you want to pay")
	}
	amount, err := money.Parse(text)
	if err != nil {
		if _, frac, ok := strings.Cut(text, "."); ok && len(frac) > 2 {
			return 0, v.t("Enter the amount with no more than 2 decimal places, like 125.50")
		}
		return 0, v.t("Enter the amount in pounds and pence, like 125.50")
	}
	if amount <= 0 {
		return 0, v.t("Enter an amount more than £0.00")
	}
	return amount, ""
}

// inBasket reports whether the basket already has a line for this fund and reference.
func (v *view) inBasket(fund, ref string) bool {
	for _, l := range v.st.Lines {
		if l.Fund == fund && l.Reference == ref {
			return true
		}
	}
	return false
}

// checkLine runs the reference check and puts its message on the field it is about. The check
// stops at its first failure and tests the amount first, so the reference is checked on its own and
// then with the amount: an answer that differs is about the amount.
func (p *Portal) checkLine(ctx context.Context, v *view, fund, ref string, amount money.Pence, amountOK bool, errs *formErrors) error {
	pr := principal(v.r)
	alone, err := p.db.CheckReference(ctx, pr, ims.ReferenceCheck{Fund: fund, Reference: ref, Lang: v.lang})
	if err != nil {
		return err
	}
	if !alone.Valid {
		errs.add("reference", v.t(alone.Errors[0]))
	}
	if !amountOK {
		return nil
	}
	mop, err := p.cardMOP(ctx)
	if err != nil {
		return err
	}
	withAmount, err := p.db.CheckReference(ctx, pr, ims.ReferenceCheck{Fund: fund, Reference: ref, Amount: &amount, MOP: mop, Lang: v.lang})
	if err != nil {
		return err
	}
	if !withAmount.Valid && (alone.Valid || withAmount.Errors[0] != alone.Errors[0]) {
		errs.add("amount", v.t(withAmount.Errors[0]))
	}
	return nil
}

func (v *view) showDetails(status int, fund ims.Fund, ref, amount string, errs *formErrors) {
	noSpellcheck := false
	refLabel := fund.ReferenceLabelIn(v.lang)
	if refLabel == "" {
		refLabel = v.t("Reference")
	}
	b := v.base()
	if v.r.URL.Query().Get("fund") == "" {
		// After a POST the address has no fund: the other language's page needs it.
		b.Switch.Href = "/pay/details?" + url.Values{"fund": {fund.Code}, "lang": {b.Switch.Lang}}.Encode()
	}
	v.render(status, "portal-details", v.layout(portalLabel(fund, v.lang), errs.any()), detailsPageContent{
		base: b, Summary: errs.summary(), Heading: portalLabel(fund, v.lang), Fund: fund.Code, BasketCount: len(v.st.Lines),
		AddButton: govukfrontend.Button{Text: v.t("Add to basket")},
		Reference: govukfrontend.TextInput{Name: "reference", Label: refLabel, Hint: fund.PortalHelpIn(v.lang), Value: ref,
			Error: errs.of("reference"), Autocomplete: "off", Spellcheck: &noSpellcheck, Width: govukfrontend.WidthChars20},
		Amount: govukfrontend.TextInput{Name: "amount", Label: v.t("Amount to pay"), Hint: v.t("For example, 125.50"), Value: amount,
			Error: errs.of("amount"), InputMode: "decimal", Prefix: "£", Width: govukfrontend.WidthChars10, Spellcheck: &noSpellcheck},
	})
}
