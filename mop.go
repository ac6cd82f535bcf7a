package ims

import (
	"fmt"

	"github.com/ims-council/ims/money"
)

// MOPKind says how money arrived. It replaces the string flags other systems use, so "is this a
// card payment" is a typed question with one answer.
type MOPKind string

// The kinds of method of payment.
const (
	KindCash                MOPKind = "cash"
	KindCheque              MOPKind = "cheque"
	KindCardSelfService     MOPKind = "card_self_service"
	KindCardStaff           MOPKind = "card_staff"
	KindCardATP             MOPKind = "card_atp"
	KindPaymentNetwork      MOPKind = "payment_network"
	KindBank                MOPKind = "bank"
	KindDirectDebit         MOPKind = "direct_debit"
	KindDWP                 MOPKind = "dwp"
	KindJournal             MOPKind = "journal"
	KindJournalReallocation MOPKind = "journal_reallocation"
	KindTransferIn          MOPKind = "transfer_in"
	KindTransferOut         MOPKind = "transfer_out"
	KindCardFee             MOPKind = "card_fee"
	KindOther               MOPKind = "other"
)

// MOPKinds lists every kind, in the order forms show them.
func MOPKinds() []MOPKind {
	return []MOPKind{KindCash, KindCheque, KindCardSelfService, KindCardStaff, KindCardATP, KindPaymentNetwork,
		KindBank, KindDirectDebit, KindDWP, KindJournal, KindJournalReallocation, KindTransferIn, KindTransferOut,
		KindCardFee, KindOther}
}

// RoleKinds are the kinds of which exactly one enabled MOP must exist, because the system picks "the"
// MOP for that role itself (a journal, a transfer, a card fee).
func RoleKinds() []MOPKind {
	return []MOPKind{KindJournal, KindJournalReallocation, KindTransferIn, KindTransferOut, KindCardFee}
}

// FeeTreatment says who bears a card fee.
type FeeTreatment string

// Fee treatments.
const (
	FeeNone     FeeTreatment = ""
	FeeRecharge FeeTreatment = "recharge" // added to the payer's account as its own entry
	FeeCentral  FeeTreatment = "central"  // charged to a configured fund and reference
)

// A MOP is a method of payment: how money arrived, with the limits and capabilities that follow.
type MOP struct {
	Code      string       `json:"code" yaml:"code"`
	Name      string       `json:"name" yaml:"name"`
	Kind      MOPKind      `json:"kind" yaml:"kind"`
	MinAmount *money.Pence `json:"min_amount,omitempty" yaml:"min_amount,omitempty"`
	MaxAmount *money.Pence `json:"max_amount,omitempty" yaml:"max_amount,omitempty"`
	Disabled  bool         `json:"disabled,omitempty" yaml:"disabled,omitempty"`

	Refundable      bool         `json:"refundable,omitempty" yaml:"refundable,omitempty"`
	IncursFee       bool         `json:"incurs_fee,omitempty" yaml:"incurs_fee,omitempty"`
	FeeTreatment    FeeTreatment `json:"fee_treatment,omitempty" yaml:"fee_treatment,omitempty"`
	FeeFund         string       `json:"fee_fund,omitempty" yaml:"fee_fund,omitempty"`
	FeeReference    string       `json:"fee_reference,omitempty" yaml:"fee_reference,omitempty"`
	ProviderAccount string       `json:"provider_account,omitempty" yaml:"provider_account,omitempty"` // payment provider account name
	Reversal        bool         `json:"reversal,omitempty" yaml:"reversal,omitempty"`                 // negative amounts expected

	BadgeColour     string `json:"badge_colour,omitempty" yaml:"badge_colour,omitempty"`
	BadgeTextColour string `json:"badge_text_colour,omitempty" yaml:"badge_text_colour,omitempty"`

	Metadata map[string]string `json:"metadata,omitempty" yaml:"metadata,omitempty"`
}

// Validate reports every problem with the MOP's own fields.
func (m MOP) Validate() error {
	p := Problems{}
	checkCode(p, "code", m.Code, 5)
	if m.Name == "" {
		p.Add("name", "Enter a name")
	}
	known := false
	for _, k := range MOPKinds() {
		known = known || k == m.Kind
	}
	if !known {
		p.Add("kind", "Kind %q is not one of %v", m.Kind, MOPKinds())
	}
	if m.MinAmount != nil && m.MaxAmount != nil && *m.MinAmount > *m.MaxAmount {
		p.Add("min_amount", "Minimum amount is more than the maximum amount")
	}
	switch m.FeeTreatment {
	case FeeNone:
		if m.IncursFee {
			p.Add("fee_treatment", "Choose how the fee is treated: recharge or central")
		}
	case FeeRecharge:
	case FeeCentral:
		if m.FeeFund == "" || m.FeeReference == "" {
			p.Add("fee_fund", "A central fee needs a fund and a reference to charge")
		}
	default:
		p.Add("fee_treatment", "Fee treatment %q is not one of recharge, central", m.FeeTreatment)
	}
	return p.Err("Method of payment " + m.Code + " is not valid")
}

// CheckAmount returns "" when amount is within the MOP's limits, else the reason for a payer.
func (m MOP) CheckAmount(amount money.Pence) string {
	if m.MinAmount != nil && amount < *m.MinAmount {
		return fmt.Sprintf("Amount must be %s or more for %s", m.MinAmount.Display(), m.Name)
	}
	if m.MaxAmount != nil && amount > *m.MaxAmount {
		return fmt.Sprintf("Amount must be %s or less for %s", m.MaxAmount.Display(), m.Name)
	}
	return ""
}
