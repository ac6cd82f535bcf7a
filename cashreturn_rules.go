package ims

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/ims-council/ims/money"
)

// Denominations returns the sterling notes and coins a cash analysis counts, largest first: £50,
// £20, £10, £5, £2, £1, 50p, 20p, 10p, 5p, 2p, 1p.
func Denominations() []money.Pence {
	return []money.Pence{5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1}
}

// DenominationName writes a denomination as people say it: £20, 50p.
func DenominationName(d money.Pence) string {
	if d >= 100 && d%100 == 0 {
		return fmt.Sprintf("£%d", d/100)
	}
	return fmt.Sprintf("%dp", d)
}

// CashField is the field name of a denomination's amount in a cash analysis: "cash-5000".
func CashField(d money.Pence) string { return fmt.Sprintf("cash-%d", d) }

var templateCode = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]{0,9}$`)

// Validate reports every problem with the template's own fields; that its funds, VAT codes and
// office exist is checked by storage against the reference data.
func (t CashReturnTemplate) Validate() error {
	p := Problems{}
	if !templateCode.MatchString(t.Code) {
		p.Add("code", "Code must be 1–10 letters, digits or hyphens")
	}
	if strings.TrimSpace(t.Name) == "" {
		p.Add("name", "Enter the template's name")
	}
	if strings.TrimSpace(t.Office) == "" {
		p.Add("office", "Choose the site's office")
	}
	if !t.Cash && !t.Cheque && !t.CardTerminal {
		p.Add("cash", "Choose at least one of cash, cheque or card terminal")
	}
	if len(t.Lines) == 0 {
		p.Add("lines", "Add at least one line")
	}
	for i, l := range t.Lines {
		f := fmt.Sprintf("lines[%d]", i)
		if strings.TrimSpace(l.Reference) == "" && !l.OverrideReference {
			p.Add(f+".reference", "Enter the line's reference, or let staff enter it")
		}
		if strings.TrimSpace(l.Description) == "" {
			p.Add(f+".description", "Enter the line's description")
		}
		if LooksLikeCardNumber(l.Reference) || LooksLikeCardNumber(l.Description) {
			p.Add(f+".reference", "The line looks like it holds a card number; card numbers must never be recorded")
		}
	}
	return p.Err("Cash return template " + t.Code + " is not valid")
}

// Allows reports whether the template may be used for a return of kind k.
func (t CashReturnTemplate) Allows(k CashReturnKind) bool {
	switch k {
	case CashReturnCash:
		return t.Cash
	case CashReturnCheque:
		return t.Cheque
	}
	return false
}

// NewCashReturn is a draft return of kind k from template t, its lines the template's with no
// amounts; a line naming no fund goes to defaultFund (the cash-return default fund).
func NewCashReturn(t CashReturnTemplate, k CashReturnKind, defaultFund string) (CashReturn, error) {
	switch {
	case t.Disabled:
		return CashReturn{}, Errorf(Invalid, "Template %s is disabled", t.Code)
	case k != CashReturnCash && k != CashReturnCheque:
		return CashReturn{}, FieldError("kind", "Choose cash or cheque")
	case !t.Allows(k):
		return CashReturn{}, FieldError("kind", "Template %s is not for %s returns", t.Name, k)
	}
	r := CashReturn{Template: t.Code, TemplateName: t.Name, Kind: k, Status: CashReturnDraft, Office: t.Office}
	for _, l := range t.Lines {
		fund := strings.TrimSpace(l.Fund)
		if fund == "" {
			if defaultFund == "" {
				return CashReturn{}, Errorf(Unavailable, "No fund is the cash-return default fund; a SystemAdmin must choose one")
			}
			fund = defaultFund
		}
		r.Lines = append(r.Lines, CashReturnLine{Fund: fund, Reference: NormalizeReference(l.Reference), Description: l.Description,
			VATCode: l.VATCode, OverrideReference: l.OverrideReference, OverrideDescription: l.OverrideDescription, OverrideVAT: l.OverrideVAT})
	}
	return r, nil
}

// CheckCashReturnStatus refuses action on r unless r is in status want, as a Conflict saying where
// the return is.
func CheckCashReturnStatus(r CashReturn, action string, want CashReturnStatus) error {
	if r.Status != want {
		return Errorf(Conflict, "Cash return %d is %s, so it cannot be %s", r.ID, r.Status, action)
	}
	return nil
}

// ApplyDraft returns draft r with what staff filled in d: every line's amount (none negative) and,
// where the template allows, its reference, description and VAT code; the bag number and cash
// analysis of a cash return, or the cheque list of a cheque return. A part the template does not
// let staff change is refused naming the line. Totals are checked when the return is submitted,
// so a draft may be saved half done.
func ApplyDraft(r CashReturn, d CashReturnFill) (CashReturn, error) {
	if err := CheckCashReturnStatus(r, "changed", CashReturnDraft); err != nil {
		return r, err
	}
	p := Problems{}
	if len(d.Lines) != len(r.Lines) {
		p.Add("lines", "The return has %d lines but %d were given", len(r.Lines), len(d.Lines))
		return r, p.Err("The cash return cannot be saved")
	}
	lines := make([]CashReturnLine, len(r.Lines))
	for i, l := range r.Lines {
		f := fmt.Sprintf("lines[%d]", i)
		in := d.Lines[i]
		if in.Amount < 0 {
			p.Add(f+".amount", "Line %d: the amount cannot be negative", i+1)
		}
		l.Amount, l.Submitted = in.Amount, in.Amount
		// A part left blank keeps what it holds; a part staff may not change must not be given otherwise.
		if ref := NormalizeReference(in.Reference); ref != l.Reference && ref != "" {
			if !l.OverrideReference {
				p.Add(f+".reference", "Line %d: the reference %s cannot be changed", i+1, l.Reference)
			} else if LooksLikeCardNumber(ref) {
				p.Add(f+".reference", "Line %d: the reference looks like a card number; card numbers must never be recorded", i+1)
			}
			l.Reference = ref
		}
		if desc := strings.TrimSpace(in.Description); desc != l.Description && desc != "" {
			if !l.OverrideDescription {
				p.Add(f+".description", "Line %d: the description cannot be changed", i+1)
			} else if LooksLikeCardNumber(desc) {
				p.Add(f+".description", "Line %d: the description looks like a card number; card numbers must never be recorded", i+1)
			}
			l.Description = desc
		}
		if vat := strings.TrimSpace(in.VATCode); vat != l.VATCode && vat != "" {
			if !l.OverrideVAT {
				p.Add(f+".vat_code", "Line %d: the VAT code cannot be changed", i+1)
			}
			l.VATCode = vat
		}
		lines[i] = l
	}
	r.Lines = lines
	r.BagNumber = strings.TrimSpace(d.BagNumber)
	if r.Kind == CashReturnCash {
		r.Cash = checkCash(p, d.Cash)
		r.Cheques = nil
		if len(r.BagNumber) > 30 || LooksLikeCardNumber(r.BagNumber) {
			p.Add("bag_number", "Enter a bag number of 30 characters or fewer")
		}
	} else {
		r.Cheques = checkCheques(p, d.Cheques)
		r.Cash, r.BagNumber = nil, ""
	}
	return r, p.Err("The cash return cannot be saved")
}

// checkCash reports each count of an unknown denomination, negative, or not a multiple of its
// denomination (naming it), and returns the counts of more than nothing, largest first.
func checkCash(p Problems, counts []CashCount) []CashCount {
	given := map[money.Pence]money.Pence{}
	for _, c := range counts {
		if !isDenomination(c.Denomination) {
			p.Add("cash", "%s is not a note or coin", c.Denomination.Display())
			continue
		}
		given[c.Denomination] += c.Amount
	}
	var out []CashCount
	for _, d := range Denominations() {
		a := given[d]
		switch {
		case a < 0:
			p.Add(CashField(d), "The amount in %s cannot be negative", DenominationName(d))
		case a%d != 0:
			p.Add(CashField(d), "The amount in %s must be a multiple of %s; %s is not", DenominationName(d), DenominationName(d), a.Display())
		case a > 0:
			out = append(out, CashCount{Denomination: d, Amount: a})
		}
	}
	return out
}

func isDenomination(d money.Pence) bool {
	for _, known := range Denominations() {
		if d == known {
			return true
		}
	}
	return false
}

// checkCheques reports each cheque without a number, a drawer or a positive amount, and returns
// the list with its text trimmed.
func checkCheques(p Problems, cheques []BankedCheque) []BankedCheque {
	out := make([]BankedCheque, 0, len(cheques))
	for i, c := range cheques {
		f := fmt.Sprintf("cheques[%d]", i)
		c.Number, c.Drawer = strings.TrimSpace(c.Number), strings.TrimSpace(c.Drawer)
		switch {
		case c.Number == "" || len(c.Number) > 20:
			p.Add(f+".number", "Cheque %d: enter the cheque number (up to 20 characters)", i+1)
		case LooksLikeCardNumber(c.Number):
			p.Add(f+".number", "Cheque %d: the number looks like a card number", i+1)
		}
		if c.Drawer == "" || len(c.Drawer) > 100 || LooksLikeCardNumber(c.Drawer) {
			p.Add(f+".drawer", "Cheque %d: enter who the cheque is from (up to 100 characters)", i+1)
		}
		if c.Amount <= 0 {
			p.Add(f+".amount", "Cheque %d: the amount must be more than £0.00", i+1)
		}
		out = append(out, c)
	}
	return out
}

// CheckSubmit refuses to submit a return that is not a draft or whose figures do not stand: some
// money on its lines, a reference on each line with money, and the lines totalling exactly what
// was banked — the cash analysis (with a bag number) of a cash return, or at least one cheque of a
// cheque return (SPEC §9).
func CheckSubmit(r CashReturn) error {
	if err := CheckCashReturnStatus(r, "submitted", CashReturnDraft); err != nil {
		return err
	}
	p := Problems{}
	for i, l := range r.Lines {
		if l.Amount > 0 && l.Reference == "" {
			p.Add(fmt.Sprintf("lines[%d].reference", i), "Line %d: enter a reference", i+1)
		}
	}
	lines, banked := r.LinesTotal(), r.BankedTotal()
	if lines <= 0 {
		p.Add("lines", "Enter the amount of at least one line")
	}
	switch r.Kind {
	case CashReturnCash:
		if r.BagNumber == "" {
			p.Add("bag_number", "Enter the bag number")
		}
		if lines > 0 && lines != banked {
			p.Add("cash", "The cash analysis totals %s but the lines total %s; they must be equal", banked.Display(), lines.Display())
		}
	case CashReturnCheque:
		switch {
		case len(r.Cheques) == 0:
			p.Add("cheques", "Enter at least one cheque")
		case lines > 0 && lines != banked:
			p.Add("cheques", "The cheques total %s but the lines total %s; they must be equal", banked.Display(), lines.Display())
		}
	}
	return p.Err("The cash return cannot be submitted")
}

// CheckAuthorise refuses to authorise a return that is not submitted, or by the person who
// submitted it (a second pair of eyes), and returns it with adj applied: each adjusted line's new
// amount (not negative) and the reason, required. The lines must still hold some money.
func CheckAuthorise(r CashReturn, by Principal, adj []CashReturnAdjustment) (CashReturn, error) {
	if err := CheckCashReturnStatus(r, "authorised", CashReturnSubmitted); err != nil {
		return r, err
	}
	if r.SubmittedBy == by.Actor() {
		return r, Errorf(Forbidden, "Cash return %d was submitted by you; someone else must authorise it", r.ID)
	}
	p := Problems{}
	lines := append([]CashReturnLine(nil), r.Lines...)
	for _, a := range adj {
		f := fmt.Sprintf("lines[%d].amount", a.Line)
		reason := strings.TrimSpace(a.Reason)
		switch {
		case a.Line < 0 || a.Line >= len(lines):
			p.Add("lines", "The return has no line %d", a.Line+1)
		case a.Amount < 0:
			p.Add(f, "Line %d: the amount cannot be negative", a.Line+1)
		case a.Amount == lines[a.Line].Amount:
		case reason == "":
			p.Add(fmt.Sprintf("lines[%d].adjust_reason", a.Line), "Line %d: enter the reason for the adjustment", a.Line+1)
		case len(reason) > 500 || LooksLikeCardNumber(reason):
			p.Add(fmt.Sprintf("lines[%d].adjust_reason", a.Line), "Line %d: enter a reason of 500 characters or fewer, without a card number", a.Line+1)
		default:
			lines[a.Line].Amount, lines[a.Line].AdjustReason = a.Amount, reason
		}
	}
	r.Lines = lines
	if len(p) == 0 && r.LinesTotal() <= 0 {
		p.Add("lines", "The adjusted lines total nothing; delete the return instead")
	}
	return r, p.Err("The cash return cannot be authorised")
}

// CheckClose refuses to delete (a submitted return) or void (a draft) without a reason or in the
// wrong state, and returns the status the return moves to.
func CheckClose(r CashReturn, reason string) (CashReturnStatus, error) {
	to, action := CashReturnDeleted, "deleted"
	if r.Status == CashReturnDraft {
		to, action = CashReturnVoided, "voided"
	} else if err := CheckCashReturnStatus(r, "deleted", CashReturnSubmitted); err != nil {
		return "", err
	}
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return "", FieldError("reason", "Enter why the return is %s", action)
	case len(reason) > 500 || LooksLikeCardNumber(reason):
		return "", FieldError("reason", "Enter a reason of 500 characters or fewer, without a card number")
	}
	return to, nil
}

// CheckNote refuses an empty note, a long one, or one holding a card number.
func CheckNote(text string) error {
	text = strings.TrimSpace(text)
	switch {
	case text == "":
		return FieldError("note", "Enter the note")
	case len(text) > 2000:
		return FieldError("note", "Enter a note of 2,000 characters or fewer")
	case LooksLikeCardNumber(text):
		return FieldError("note", "The note looks like it holds a card number; card numbers must never be recorded")
	}
	return nil
}

// CashReturnPosting is the posting of an authorised return: one cash-return line per line with
// money, carrying mop (the cash or cheque MOP) and the return's office, each dated when the return
// was submitted (SPEC §9: the transaction date is the submission date).
func CashReturnPosting(r CashReturn, mop string) NewPosting {
	np := NewPosting{Kind: PostingCashReturn, Source: SourceCashReturn, SourceRef: fmt.Sprint(r.ID), Office: r.Office,
		Narrative: fmt.Sprintf("Cash return %d: %s", r.ID, r.TemplateName)}
	for _, l := range r.Lines {
		if l.Amount == 0 {
			continue
		}
		np.Entries = append(np.Entries, NewLedgerEntry{Kind: EntryCashReturn, Fund: l.Fund, Reference: l.Reference, MOP: mop,
			Amount: l.Amount, VATCode: l.VATCode, Narrative: l.Description, TransactionTime: r.SubmittedAt})
	}
	return np
}

// SeesCashReturn reports whether p sees every fund the return's lines go to (fund-group scoping:
// a return touching a fund outside p's groups is as if it did not exist).
func SeesCashReturn(p Principal, r CashReturn) bool {
	for _, f := range r.Funds() {
		if !p.SeesFund(f) {
			return false
		}
	}
	return true
}

// MayReadCashReturns refuses a principal who may not read cash returns: staff need one of the cash
// return roles, API clients the cash-returns scope.
func MayReadCashReturns(p Principal) error {
	if p.APIClientID != 0 {
		return p.RequireScope(ScopeCashReturns)
	}
	for _, r := range []Role{CashReturns, CashReturnAuthoriser, CashReturnDelete} {
		if p.HasRole(r) {
			return nil
		}
	}
	return p.Require(CashReturns)
}

// CashReturnEmail is what the email telling the configured address about a deleted or voided
// return says.
type CashReturnEmail struct {
	ID       int64            `json:"id"`
	Template string           `json:"template"`
	Status   CashReturnStatus `json:"status"`
	Total    money.Pence      `json:"total"`
	By       string           `json:"by"`
	Reason   string           `json:"reason"`
	At       time.Time        `json:"at"`
}
