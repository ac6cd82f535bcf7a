package ims

import (
	"time"

	"github.com/ims-council/ims/money"
)

// A Receipt is what a payer is told about a card payment that succeeded: the facts, not the words.
// The receipt email is rendered from it in the payer's language (package mail), so storage keeps
// these facts and never an email's text.
type Receipt struct {
	Language     string        `json:"language"` // the payer's: "en" or "cy"
	Organisation string        `json:"organisation"`
	VATNumber    string        `json:"vat_number,omitempty"`
	Number       string        `json:"number"`
	Time         time.Time     `json:"time"` // when the payment was posted, in Europe/London
	Lines        []ReceiptLine `json:"lines"`
	Total        money.Pence   `json:"total"`
	VAT          money.Pence   `json:"vat"`
	CardBrand    string        `json:"card_brand,omitempty"`
	CardLast4    string        `json:"card_last4,omitempty"`
	Link         string        `json:"link,omitempty"` // the signed link to the receipt page
}

// A ReceiptLine is one thing the payer paid for.
type ReceiptLine struct {
	Fund      string      `json:"fund_code"`
	Name      string      `json:"name"` // the fund's name as payers see it (Fund.PayerLabel)
	Reference string      `json:"reference"`
	Amount    money.Pence `json:"amount"`
	VATCode   string      `json:"vat_code,omitempty"`
	VATRate   money.Rate  `json:"vat_rate_bp"`
	VAT       money.Pence `json:"vat"`
}

// PaidLines returns what the payer paid for, from the posting of their payment and the lines of
// their basket, with each line's Name left for the caller to fill. A provider's fee entry is the
// council's cost, not the payer's, and is left out. When the payment could only be posted to
// suspense (a fund changed after the basket was checked), each suspense entry stands for the basket
// line in its position, which is what the payer paid for.
func PaidLines(posting Posting, basket []PaymentLine) []ReceiptLine {
	var lines []ReceiptLine
	suspense := 0
	for _, e := range posting.Entries {
		fund, ref := e.Fund, e.Reference
		switch {
		case e.Kind == EntryPayment:
		case e.Kind == EntrySuspenseIn && suspense < len(basket):
			fund, ref = basket[suspense].Fund, basket[suspense].Reference
			suspense++
		default:
			continue
		}
		lines = append(lines, ReceiptLine{Fund: fund, Reference: ref, Amount: e.Amount, VATCode: e.VATCode, VATRate: e.VATRate, VAT: e.VATAmount})
	}
	return lines
}
