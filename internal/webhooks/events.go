package webhooks

import (
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

// The "data" of each event type, as docs/webhooks.md describes them. They carry what a receiving
// system needs to match the money to its own records (references, amounts, receipt numbers), and
// nothing of the payer's personal details or card.

// PaymentData is the data of payment.succeeded and payment.failed.
type PaymentData struct {
	PaymentID       string            `json:"payment_id"`
	State           ims.PaymentState  `json:"state"` // succeeded, failed, cancelled or expired
	ReceiptNumber   string            `json:"receipt_number"`
	Amount          money.Pence       `json:"amount"`
	Source          ims.Source        `json:"source"`
	ClientReference string            `json:"client_reference,omitempty"`
	MOP             string            `json:"mop_code"`
	Lines           []PaymentDataLine `json:"lines"`
	FailureCode     string            `json:"failure_code,omitempty"`
	FailureMessage  string            `json:"failure_message,omitempty"`
	FinishedAt      time.Time         `json:"finished_at"`
}

// A PaymentDataLine is one fund and account reference a payment paid.
type PaymentDataLine struct {
	Fund      string      `json:"fund_code"`
	Reference string      `json:"reference"`
	Amount    money.Pence `json:"amount"`
}

// PaymentEvent returns the event of a card payment that has just finished.
func PaymentEvent(pp ims.PendingPayment) ims.WebhookEvent {
	t := ims.EventPaymentFailed
	if pp.State == ims.PaymentSucceeded {
		t = ims.EventPaymentSucceeded
	}
	d := PaymentData{PaymentID: pp.ID, State: pp.State, ReceiptNumber: pp.ReceiptNumber, Amount: pp.Amount, Source: pp.Source,
		ClientReference: pp.ClientReference, MOP: pp.MOP, FailureCode: pp.FailureCode, FailureMessage: pp.FailureMessage,
		FinishedAt: pp.FinishedAt, Lines: []PaymentDataLine{}}
	for _, l := range pp.Lines {
		d.Lines = append(d.Lines, PaymentDataLine{Fund: l.Fund, Reference: l.Reference, Amount: l.Amount})
	}
	return ims.WebhookEvent{Type: t, Data: d}
}

// RefundData is the data of refund.succeeded and refund.failed.
type RefundData struct {
	RefundID       string          `json:"refund_id"`
	PaymentID      string          `json:"payment_id"`
	State          ims.RefundState `json:"state"`
	Amount         money.Pence     `json:"amount"`
	Reason         string          `json:"reason"`
	FailureMessage string          `json:"failure_message,omitempty"`
	FinishedAt     time.Time       `json:"finished_at"`
}

// RefundEvent returns the event of a refund that has just succeeded or failed.
func RefundEvent(r ims.PaymentRefund) ims.WebhookEvent {
	t := ims.EventRefundFailed
	if r.State == ims.RefundSucceeded {
		t = ims.EventRefundSucceeded
	}
	return ims.WebhookEvent{Type: t, Data: RefundData{RefundID: r.ID, PaymentID: r.PaymentID, State: r.State, Amount: r.Amount,
		Reason: r.Reason, FailureMessage: r.FailureMessage, FinishedAt: r.FinishedAt}}
}

// ImportData is the data of import.completed.
type ImportData struct {
	ImportID      int64            `json:"import_id"`
	ImportType    string           `json:"import_type"`
	FileName      string           `json:"file_name"`
	State         string           `json:"status"` // posted
	ReceiptNumber string           `json:"receipt_number,omitempty"`
	Totals        ims.ImportTotals `json:"totals"`
}

// ImportEvent returns the event of an import that has just been posted.
func ImportEvent(imp ims.Import) ims.WebhookEvent {
	return ims.WebhookEvent{Type: ims.EventImportCompleted, Data: ImportData{ImportID: imp.ID, ImportType: imp.ImportType,
		FileName: imp.FileName, State: imp.State, ReceiptNumber: imp.Receipt, Totals: imp.Totals}}
}
