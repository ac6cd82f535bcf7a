package cashreturns

import (
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

// AuthorisedData is the data of the cash_return.authorised webhook event: what a receiving system
// needs to match the money banked to its own records.
type AuthorisedData struct {
	CashReturnID  int64                `json:"cash_return_id"`
	Template      string               `json:"template_code"`
	Kind          ims.CashReturnKind   `json:"kind"`
	Office        string               `json:"office_code"`
	BagNumber     string               `json:"bag_number,omitempty"`
	ReceiptNumber string               `json:"receipt_number"`
	Amount        money.Pence          `json:"amount"`
	SubmittedAt   time.Time            `json:"submitted_at"`
	AuthorisedAt  time.Time            `json:"authorised_at"`
	Lines         []AuthorisedDataLine `json:"lines"`
}

// An AuthorisedDataLine is one line posted.
type AuthorisedDataLine struct {
	Fund      string      `json:"fund_code"`
	Reference string      `json:"reference"`
	Amount    money.Pence `json:"amount"`
}

// authorisedEvent returns the event of return r, just authorised and posted.
func authorisedEvent(r ims.CashReturn) ims.WebhookEvent {
	d := AuthorisedData{CashReturnID: r.ID, Template: r.Template, Kind: r.Kind, Office: r.Office, BagNumber: r.BagNumber,
		ReceiptNumber: r.Receipt, Amount: r.LinesTotal(), SubmittedAt: r.SubmittedAt.UTC(), AuthorisedAt: r.AuthorisedAt.UTC(),
		Lines: []AuthorisedDataLine{}}
	for _, l := range r.Lines {
		if l.Amount != 0 {
			d.Lines = append(d.Lines, AuthorisedDataLine{Fund: l.Fund, Reference: l.Reference, Amount: l.Amount})
		}
	}
	return ims.WebhookEvent{Type: ims.EventCashReturnAuthorised, Data: d}
}
