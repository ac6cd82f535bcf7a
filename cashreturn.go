package ims

import (
	"time"

	"github.com/ims-council/ims/money"
)

// CashReturnKind says what a cash return banks: notes and coins counted by denomination, or a list
// of cheques (SPEC §9).
type CashReturnKind string

// The kinds of cash return.
const (
	CashReturnCash   CashReturnKind = "cash"
	CashReturnCheque CashReturnKind = "cheque"
)

// CashReturnStatus is where a cash return is in its workflow: a draft is filled and submitted, a
// submitted return is authorised (and posted) or deleted; a draft may be voided.
type CashReturnStatus string

// The states of a cash return.
const (
	CashReturnDraft      CashReturnStatus = "draft"
	CashReturnSubmitted  CashReturnStatus = "submitted"
	CashReturnAuthorised CashReturnStatus = "authorised"
	CashReturnDeleted    CashReturnStatus = "deleted"
	CashReturnVoided     CashReturnStatus = "voided"
)

// CashReturnStatuses lists every state, in workflow order.
func CashReturnStatuses() []CashReturnStatus {
	return []CashReturnStatus{CashReturnDraft, CashReturnSubmitted, CashReturnAuthorised, CashReturnDeleted, CashReturnVoided}
}

// A CashReturnTemplate is the shape of a site's cash-up sheet (reference data, kept by a
// SystemAdmin): which kinds of return it allows and the lines staff fill with amounts.
type CashReturnTemplate struct {
	Code         string                   `json:"code" yaml:"code"` // 1–10 letters, digits or hyphens
	Name         string                   `json:"name" yaml:"name"`
	Office       string                   `json:"office_code" yaml:"office"` // the site's office, on every posting
	Cash         bool                     `json:"cash,omitempty" yaml:"cash,omitempty"`
	Cheque       bool                     `json:"cheque,omitempty" yaml:"cheque,omitempty"`
	CardTerminal bool                     `json:"card_terminal,omitempty" yaml:"card_terminal,omitempty"`
	Disabled     bool                     `json:"disabled,omitempty" yaml:"disabled,omitempty"`
	Lines        []CashReturnTemplateLine `json:"lines" yaml:"lines"`
}

// A CashReturnTemplateLine is one line of a template: where its money goes and which of its parts
// staff may change on a return. Fund blank: the cash-return default fund; VATCode blank: the fund's.
type CashReturnTemplateLine struct {
	Fund                string `json:"fund_code,omitempty" yaml:"fund,omitempty"`
	Reference           string `json:"reference" yaml:"reference"`
	Description         string `json:"description" yaml:"description"`
	VATCode             string `json:"vat_code,omitempty" yaml:"vat_code,omitempty"`
	OverrideReference   bool   `json:"override_reference,omitempty" yaml:"override_reference,omitempty"`
	OverrideDescription bool   `json:"override_description,omitempty" yaml:"override_description,omitempty"`
	OverrideVAT         bool   `json:"override_vat,omitempty" yaml:"override_vat,omitempty"`
}

// A CashReturnLine is one line of a return: the template's line as staff filled it (a part left blank keeps the template's). An authoriser's
// adjustment keeps the amount submitted in Submitted and says why in AdjustReason.
type CashReturnLine struct {
	Fund         string      `json:"fund_code"`
	Reference    string      `json:"reference"`
	Description  string      `json:"description"`
	VATCode      string      `json:"vat_code,omitempty"`
	Amount       money.Pence `json:"amount"`
	Submitted    money.Pence `json:"submitted_amount"`
	AdjustReason string      `json:"adjust_reason,omitempty"`
	// What the template lets staff change, copied when the return is created so a later change
	// of the template does not change what a draft may do.
	OverrideReference   bool `json:"-"`
	OverrideDescription bool `json:"-"`
	OverrideVAT         bool `json:"-"`
}

// Adjusted reports whether an authoriser changed the line's amount.
func (l CashReturnLine) Adjusted() bool { return l.AdjustReason != "" }

// A CashCount is the money of one denomination in a cash return's bag.
type CashCount struct {
	Denomination money.Pence `json:"denomination"`
	Amount       money.Pence `json:"amount"`
}

// A BankedCheque is one cheque banked with a cheque return.
type BankedCheque struct {
	Number string      `json:"number"`
	Drawer string      `json:"drawer"`
	Amount money.Pence `json:"amount"`
}

// A CashReturnNote is a remark on a return by anyone working on it.
type CashReturnNote struct {
	Text      string    `json:"text"`
	By        string    `json:"by"`
	ByName    string    `json:"by_name,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// A CashReturn is one site's record of cash or cheques banked (SPEC §9).
type CashReturn struct {
	ID           int64            `json:"id"`
	Template     string           `json:"template_code"`
	TemplateName string           `json:"template_name"`
	Kind         CashReturnKind   `json:"kind"`
	Status       CashReturnStatus `json:"status"`
	Office       string           `json:"office_code"`
	BagNumber    string           `json:"bag_number,omitempty"`
	Lines        []CashReturnLine `json:"lines"`
	Cash         []CashCount      `json:"cash,omitempty"`
	Cheques      []BankedCheque   `json:"cheques,omitempty"`
	Notes        []CashReturnNote `json:"notes,omitempty"`
	CreatedBy    string           `json:"created_by"`
	CreatedAt    time.Time        `json:"created_at"`
	SubmittedBy  string           `json:"submitted_by,omitempty"`
	SubmittedAt  time.Time        `json:"submitted_at,omitzero"`
	AuthorisedBy string           `json:"authorised_by,omitempty"`
	AuthorisedAt time.Time        `json:"authorised_at,omitzero"`
	PostingID    int64            `json:"posting_id,omitempty"`
	Receipt      string           `json:"receipt_number,omitempty"`
	ClosedBy     string           `json:"closed_by,omitempty"` // who deleted or voided it
	ClosedAt     time.Time        `json:"closed_at,omitzero"`
	CloseReason  string           `json:"close_reason,omitempty"`
}

// LinesTotal returns the total of the return's lines as they stand (after any adjustment).
func (r CashReturn) LinesTotal() money.Pence {
	var t money.Pence
	for _, l := range r.Lines {
		t += l.Amount
	}
	return t
}

// BankedTotal returns what the return says was banked: the cash analysis of a cash return, the
// cheque list of a cheque return.
func (r CashReturn) BankedTotal() money.Pence {
	var t money.Pence
	if r.Kind == CashReturnCheque {
		for _, c := range r.Cheques {
			t += c.Amount
		}
		return t
	}
	for _, c := range r.Cash {
		t += c.Amount
	}
	return t
}

// Funds returns the codes of the funds the return's lines go to, each once.
func (r CashReturn) Funds() []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range r.Lines {
		if !seen[l.Fund] {
			seen[l.Fund] = true
			out = append(out, l.Fund)
		}
	}
	return out
}

// A CashReturnFill is what staff fill on a draft: the amount (and, where the template allows, the
// reference, description and VAT code) of each line, by position, the bag number and the cash
// analysis, or the cheque list.
type CashReturnFill struct {
	Lines     []CashReturnLine `json:"lines"`
	BagNumber string           `json:"bag_number,omitempty"`
	Cash      []CashCount      `json:"cash,omitempty"`
	Cheques   []BankedCheque   `json:"cheques,omitempty"`
}

// A CashReturnAdjustment changes the amount of one line (by position) when authorising.
type CashReturnAdjustment struct {
	Line   int         `json:"line"`
	Amount money.Pence `json:"amount"`
	Reason string      `json:"reason"`
}

// A CashReturnQuery chooses cash returns to list: by status, by the business date they were
// created (From, To inclusive; zero: open), a page at a time before the id After (0: the newest).
type CashReturnQuery struct {
	Status CashReturnStatus
	From   time.Time
	To     time.Time
	Before int64
	Limit  int
}

// CashReturnSettings are the council's choices for cash returns: the methods of payment their
// postings carry and the address told when a return is deleted or voided.
type CashReturnSettings struct {
	CashMOP     string `json:"cash_mop"`
	ChequeMOP   string `json:"cheque_mop"`
	NotifyEmail string `json:"notify_email,omitempty"`
}
