package ims

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// StaffPaymentKind is how a member of staff takes a payment (SPEC §5.3).
type StaffPaymentKind string

// The kinds of staff payment.
const (
	StaffCard   StaffPaymentKind = "card"   // over the phone: staff type the card on the provider's page (MOTO)
	StaffCheque StaffPaymentKind = "cheque" // a cheque, posted at once
	StaffPost   StaffPaymentKind = "post"   // money that came by post, posted at once with a method the user may post
)

// StaffPaymentRole returns the role that takes payments of kind k, and false for a kind that does
// not exist.
func StaffPaymentRole(k StaffPaymentKind) (Role, bool) {
	switch k {
	case StaffCard:
		return Payments, true
	case StaffCheque:
		return ChequeProcess, true
	case StaffPost:
		return PostPayment, true
	}
	return "", false
}

// StaffPaymentKinds returns the kinds of staff payment p may take, in the order forms offer them.
func StaffPaymentKinds(p Principal) []StaffPaymentKind {
	var kinds []StaffPaymentKind
	for _, k := range []StaffPaymentKind{StaffCard, StaffCheque, StaffPost} {
		if r, _ := StaffPaymentRole(k); p.HasRole(r) {
			kinds = append(kinds, k)
		}
	}
	return kinds
}

// A Cheque is what staff copy from a cheque. The number and the drawer are required; the sort code
// and account number are kept when given, to trace a cheque the bank returns.
type Cheque struct {
	Number        string `json:"number"`
	Drawer        string `json:"drawer"`
	SortCode      string `json:"sort_code,omitempty"`
	AccountNumber string `json:"account_number,omitempty"`
}

// Normalised returns the cheque with spaces and dashes taken out of its numbers and the drawer's
// name trimmed, as it is recorded.
func (c Cheque) Normalised() Cheque {
	digits := strings.NewReplacer(" ", "", "-", "")
	c.Number, c.SortCode, c.AccountNumber = digits.Replace(c.Number), digits.Replace(c.SortCode), digits.Replace(c.AccountNumber)
	c.Drawer = strings.Join(strings.Fields(c.Drawer), " ")
	return c
}

// A StopOverride is a Finance user's decision to take a payment to an account with a stop message.
type StopOverride struct {
	Line   int    `json:"line"` // index of the basket line
	Reason string `json:"reason"`
}

// A StaffPayment is a basket a member of staff takes: over the phone by card, or posted at once
// from a cheque or the post room.
type StaffPayment struct {
	Kind StaffPaymentKind
	MOP  string // cheque: the method of payment; post: each line's that has none of its own; card: ignored (the staff card MOP)
	// LineMOPs are a post-room payment's methods of payment, one per line in Lines' order (SPEC
	// §5.3: chosen per line); a cheque's lines all take MOP.
	LineMOPs  []string
	Office    string // where the money was received
	Payer     Payer
	Narrative string
	Lines     []PaymentLine
	Cheque    Cheque // cheques only
	Overrides []StopOverride
	// ReversalConfirmed says the user saw the warning that the MOP is one for payment reversals.
	ReversalConfirmed bool
	// IdempotencyKey is the form's: the same key from the same user records one payment.
	IdempotencyKey string
}

// Request returns the payment as the basket check and the card payment service take it: from
// staff, in English, with the lines a Finance user overrode marked so their stop message does not
// refuse them (ims.CheckReference still requires the Finance role).
func (sp StaffPayment) Request() PaymentRequest {
	req := PaymentRequest{Source: SourceStaff, Language: "en", Payer: sp.Payer, Office: sp.Office, Narrative: sp.Narrative}
	for i, l := range sp.Lines {
		l.OverrideStop = sp.overridden(i)
		req.Lines = append(req.Lines, l)
	}
	return req
}

func (sp StaffPayment) overridden(line int) bool {
	for _, o := range sp.Overrides {
		if o.Line == line {
			return true
		}
	}
	return false
}

// LineMOP returns the method of payment line i is posted with and the form field a problem with it
// names: a cheque's one method (mop_code); a post-room line's own (lines[i].mop_code), or the
// payment's when the line has none.
func (sp StaffPayment) LineMOP(i int) (code, field string) {
	if sp.Kind == StaffPost && (i < len(sp.LineMOPs) && sp.LineMOPs[i] != "" || sp.MOP == "") {
		if i < len(sp.LineMOPs) {
			code = sp.LineMOPs[i]
		}
		return code, fmt.Sprintf("lines[%d].mop_code", i)
	}
	return sp.MOP, "mop_code"
}

// MOPCodes returns the codes of the methods of payment a cheque or post-room payment names, each
// once; none for a card payment.
func (sp StaffPayment) MOPCodes() []string {
	var codes []string
	add := func(c string) {
		if c != "" && !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	if sp.Kind == StaffCheque || sp.Kind == StaffPost {
		add(sp.MOP)
		for i := range sp.Lines {
			code, _ := sp.LineMOP(i)
			add(code)
		}
	}
	return codes
}

// CheckStaffPayment applies the rules a staff payment has besides its basket's (CheckBasket): the
// role of its kind; for cheque and post payments, for each line, a method of payment of the right
// kind that the user may post (allowed) and an office that exists; a cheque's number and drawer;
// and overrides only by a Finance user, each with a reason, on a line of the basket. mops holds
// the methods sp names (MOPCodes) that exist, by code; officeExists whether sp.Office is an
// enabled office.
func CheckStaffPayment(sp StaffPayment, p Principal, mops map[string]MOP, allowed []string, officeExists bool) error {
	role, ok := StaffPaymentRole(sp.Kind)
	if !ok {
		return FieldError("kind", "Choose how the payment is made")
	}
	if err := p.Require(role); err != nil {
		return err
	}
	problems := Problems{}
	if sp.Kind != StaffCard {
		n := len(sp.Lines)
		if sp.Kind == StaffCheque {
			n = max(n, 1) // the cheque's one method is checked even before the basket has lines
		}
		for i := range n {
			code, field := sp.LineMOP(i)
			mop, found := mops[code]
			switch {
			case !found || mop.Disabled:
				problems.Add(field, "Choose a method of payment")
			case !StaffPostable(sp.Kind, mop.Kind):
				problems.Add(field, "Method of payment %s cannot be used for a %s payment", mop.Name, sp.Kind)
			case !slices.Contains(allowed, mop.Code):
				problems.Add(field, "You may not post payments by %s; ask a user administrator", mop.Name)
			}
		}
		if !officeExists {
			problems.Add("office", "Choose the office that received the payment")
		}
	}
	if sp.Kind == StaffCheque {
		c := sp.Cheque.Normalised()
		if !chequeDigits(c.Number) || len(c.Number) < 6 || len(c.Number) > 8 {
			problems.Add("cheque.number", "Enter the cheque number, 6 to 8 digits")
		}
		if c.Drawer == "" {
			problems.Add("cheque.drawer", "Enter the drawer's name as it is on the cheque")
		}
		if c.SortCode != "" && (len(c.SortCode) != 6 || !chequeDigits(c.SortCode)) {
			problems.Add("cheque.sort_code", "Enter the sort code as 6 digits, like 30-94-57")
		}
		if c.AccountNumber != "" && (len(c.AccountNumber) < 6 || len(c.AccountNumber) > 8 || !chequeDigits(c.AccountNumber)) {
			problems.Add("cheque.account_number", "Enter the account number, 6 to 8 digits")
		}
	}
	for _, o := range sp.Overrides {
		field := fmt.Sprintf("lines[%d].override", o.Line)
		switch {
		case o.Line < 0 || o.Line >= len(sp.Lines):
			problems.Add("lines", "There is no line %d to override", o.Line+1)
		case !p.HasRole(Finance):
			problems.Add(field, "Only a user with the Finance role may take a payment despite a stop message")
		case strings.TrimSpace(o.Reason) == "":
			problems.Add(field, "Enter why the payment is taken despite the stop message")
		case LooksLikeCardNumber(o.Reason):
			problems.Add(field, "Do not enter card numbers here")
		}
	}
	return problems.Err("The payment cannot be taken")
}

// CheckStaffBasket is CheckBasket for a cheque or post-room payment, whose lines may each have
// their own method of payment: each line's amount against its method's limits (a negative amount
// only on a method for payment reversals, SPEC §3.2), the rest as CheckBasket. mops[i] is line i's
// method (the zero MOP when none was chosen); lines holds the facts of each line read against it.
func CheckStaffBasket(req PaymentRequest, mops []MOP, lines []BasketLineFacts) error {
	problems := Problems{}
	for i, l := range req.Lines {
		if i < len(lines) && i < len(mops) && lines[i].CheckErr == nil {
			if msg := AmountProblem(lines[i].Fund, &mops[i], l.Amount); msg != "" {
				problems.Add(fmt.Sprintf("lines[%d].amount", i), "%s", msg)
			}
		}
	}
	// Each line's amount was checked against its own method above; a method without limits that
	// takes any sign leaves CheckBasket the basket's other rules (its fund's maximum agrees).
	for k, v := range ErrorFields(CheckBasket(req, MOP{Reversal: true}, lines)) {
		problems.Add(k, "%s", v)
	}
	return problems.Err("The payment cannot be taken")
}

// StaffPostable reports whether a staff payment of kind k may be posted with a method of payment of
// kind m: a cheque with a cheque method; a post-room payment with any method money arrives by that
// is not a card (cards go through the provider) nor a method the system keeps for itself.
func StaffPostable(k StaffPaymentKind, m MOPKind) bool {
	if k == StaffCheque {
		return m == KindCheque
	}
	switch m {
	case KindCash, KindCheque, KindPaymentNetwork, KindBank, KindDirectDebit, KindDWP, KindOther:
		return true
	}
	return false
}

// ReversalWarning returns the warning to confirm before a payment is taken with a positive amount
// on a method of payment for payment reversals (SPEC §3.2, §5.3), which expects negative ones; it
// names each such line by its account. A negative amount on such a method is what it is for and
// gets none; "" when there is none to give or the user has confirmed it. mops holds the methods
// the payment names, by code.
func ReversalWarning(sp StaffPayment, mops map[string]MOP) string {
	if sp.ReversalConfirmed {
		return ""
	}
	var lines []string
	for i, l := range sp.Lines {
		code, _ := sp.LineMOP(i)
		if m, ok := mops[code]; ok && m.Reversal && l.Amount > 0 {
			lines = append(lines, fmt.Sprintf("the line for fund %s account %s (%s by %s)", l.Fund, NormalizeReference(l.Reference), l.Amount.Display(), m.Name))
		}
	}
	if len(lines) == 0 {
		return ""
	}
	return "Payment reversal methods expect negative amounts, but " + strings.Join(lines, " and ") +
		" is positive. A reversal takes money back off an account: enter it as a negative amount, or check this is what you mean before you continue."
}

func chequeDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// A StaffPaymentRecord is what is kept of a staff payment besides its posting or pending payment:
// how it was taken, by whom, the cheque, and the stop messages overridden.
type StaffPaymentRecord struct {
	ReceiptNumber string               `json:"receipt_number"`
	Kind          StaffPaymentKind     `json:"kind"`
	PaymentID     string               `json:"payment_id,omitempty"` // card payments: the pending payment
	PostingID     int64                `json:"posting_id,omitempty"` // cheque and post payments: posted at once
	TakenBy       int64                `json:"taken_by"`
	Cheque        Cheque               `json:"cheque,omitzero"`
	Overrides     []StopOverrideRecord `json:"overrides,omitempty"`
	CreatedAt     time.Time            `json:"created_at"`
}

// A StopOverrideRecord is a stop message overridden on one line of a staff payment.
type StopOverrideRecord struct {
	Line         int    `json:"line"`
	Fund         string `json:"fund_code"`
	Reference    string `json:"reference"`
	StopMessage  string `json:"stop_message"`
	Reason       string `json:"reason"`
	OverriddenBy int64  `json:"overridden_by"`
}

// StaffPaymentChoices is what the staff payment form offers a user.
type StaffPaymentChoices struct {
	Kinds   []StaffPaymentKind // the kinds the user's roles take
	Funds   []Fund             // enabled funds the user sees, suspense left out
	MOPs    []MOP              // enabled methods the user may post cheque and post-room payments with
	Offices []Office           // enabled offices
	// LastOffice is the office of the user's last cheque or post-room payment, offered first.
	LastOffice string
	// MayOverride says the user holds Finance, so may take a payment despite a stop message.
	MayOverride bool
}

// StaffPaymentCheck is what checking a staff payment found besides its problems: the lines refused
// for their account's stop message (line index → the message, as staff read it), which a Finance
// user may override, and the warning to confirm for a payment reversal method.
type StaffPaymentCheck struct {
	Stopped map[int]string
	Warning string
}

// StaffPaymentTaken is a staff payment taken: its record; for a card payment, the provider's card
// page to send the officer to (blank once the payment is finished). Created is false when the
// form was sent again and the first payment is returned.
type StaffPaymentTaken struct {
	Record  StaffPaymentRecord
	NextURL string
	Created bool
}

// StaffPaymentResult is a staff payment as its result page shows it: its record with, for a card
// payment, the pending payment as the provider last reported it, or, for a posted one, its posting.
type StaffPaymentResult struct {
	Record  StaffPaymentRecord
	Payment PendingPayment
	Posting Posting
}
