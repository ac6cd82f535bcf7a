package ims

import (
	"time"

	"github.com/ims-council/ims/money"
)

// An AccountHolder is a debtor account mirrored from a back-office system (council tax, rents,
// sundry debtors). It lets staff look accounts up, pre-fills addresses, and backs "account must exist".
type AccountHolder struct {
	Fund        string      `json:"fund_code" yaml:"fund_code"`
	Reference   string      `json:"reference" yaml:"reference"`
	Name        string      `json:"name,omitempty" yaml:"name,omitempty"`
	Address     []string    `json:"address,omitempty" yaml:"address,omitempty"`
	Postcode    string      `json:"postcode,omitempty" yaml:"postcode,omitempty"`
	Balance     money.Pence `json:"balance" yaml:"balance"`
	StopMessage string      `json:"stop_message_code,omitempty" yaml:"stop_message_code,omitempty"` // FundMessage code that stops payments
	UpdatedAt   time.Time   `json:"updated_at" yaml:"-"`
}

// Validate reports problems with the holder's fields: a fund, and a reference given as it is
// recorded (NormalizeReference), since payments are matched to accounts by it.
func (h AccountHolder) Validate() error {
	p := Problems{}
	if h.Fund == "" {
		p.Add("fund_code", "Choose a fund")
	}
	if NormalizeReference(h.Reference) != h.Reference || h.Reference == "" {
		p.Add("reference", "Enter the reference in capitals without surrounding spaces")
	}
	return p.Err("Account holder is not valid")
}

// A FundMessage is a message of a fund that, attached to an account holder, stops payments to that
// account: "Do not accept payment – account with enforcement agent".
type FundMessage struct {
	Fund string `json:"fund_code" yaml:"fund_code"`
	Code string `json:"code" yaml:"code"`
	Text string `json:"text" yaml:"text"` // for staff and API clients
	// What the public (the portal) is told instead, in English and Welsh; blank: a neutral sentence
	// (PublicText). Staff text may name enforcement agents or insolvency, so payers never see it.
	TextPublic   string `json:"text_public,omitempty" yaml:"text_public,omitempty"`
	TextPublicCy string `json:"text_public_cy,omitempty" yaml:"text_public_cy,omitempty"`
}

// Validate reports every problem with the message's fields.
func (m FundMessage) Validate() error {
	p := Problems{}
	checkCode(p, "code", m.Code, 10)
	if m.Fund == "" {
		p.Add("fund_code", "Choose a fund")
	}
	if m.Text == "" {
		p.Add("text", "Enter the message")
	}
	return p.Err("Fund message " + m.Code + " is not valid")
}
