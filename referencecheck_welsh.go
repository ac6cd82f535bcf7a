package ims

import "github.com/ims-council/ims/money"

// AmountProblemIn is AmountProblem in the payer's language lang: a Welsh payer ("cy") reads why the
// amount is refused in Welsh, the fund named by its Welsh name. The method of payment has no Welsh
// name, so the Welsh limit of a method names none: on the portal it is the card, the only one.
func AmountProblemIn(fund Fund, mop *MOP, amount money.Pence, lang string) string {
	if lang != "cy" {
		return AmountProblem(fund, mop, amount)
	}
	switch {
	case amount <= 0 && (mop == nil || !mop.Reversal):
		return "Rhaid i'r swm fod yn fwy na £0.00"
	case fund.MaxAmount != nil && amount > *fund.MaxAmount:
		return "Rhaid i'r swm fod yn " + fund.MaxAmount.Display() + " neu lai ar gyfer " + fund.LabelIn(lang)
	case mop != nil && mop.MinAmount != nil && amount < *mop.MinAmount:
		return "Rhaid i'r swm fod yn " + mop.MinAmount.Display() + " neu fwy"
	case mop != nil && mop.MaxAmount != nil && amount > *mop.MaxAmount:
		return "Rhaid i'r swm fod yn " + mop.MaxAmount.Display() + " neu lai"
	}
	return ""
}

// publicLang is the language a check's refusals are written in: the payer's for the public (the
// portal), English for staff and API clients, who read the English texts whatever the payer chose.
func publicLang(c ReferenceCheck, p Principal) string {
	if p.IsPublic() {
		return c.Lang
	}
	return "en"
}

// payerLang is the language a basket's refusals are written in: the payer's on the portal, English
// for a payment an API client or staff started.
func payerLang(req PaymentRequest) string {
	if req.Source == SourcePortal {
		return req.Language
	}
	return "en"
}
