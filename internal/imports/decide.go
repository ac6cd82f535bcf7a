package imports

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/rules"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/money"
)

// decider decides the lines of one import: the type's defaults, then its rules, then validation.
type decider struct {
	db    *sqldb.DB
	refs  referenceChecker // nil: each line's reference is checked with db.CheckReference
	p     ims.Principal
	t     ims.ImportType
	rules *rules.Set
	bank  bool
	held  map[int]string // statements held for review, and why (heldStatements)
}

// lines returns the import lines of one entry: a batched bank entry whose details each carry an
// amount, and add up to the entry, is one line per detail (SPEC §7.2: batched entries expanded from
// TxDtls), since each detail is a different payer's payment; any other entry is one line.
func (d decider) lines(st *ims.Statement, e *ims.Entry) []Line {
	base := Line{
		FileLine:  e.Line,
		Fund:      e.Fund,
		Reference: e.Reference,
		MOP:       e.MOP,
		VATCode:   e.VATCode,
		Office:    e.Office,
		Narrative: narrative(e.Remittance, e.Narrative),
		BankRef:   first(e.BankRef, e.CustomerRef, e.EndToEndID),
		Channel:   e.Channel,
		Currency:  first(e.Currency, st.Currency, "GBP"),
		Pence:     e.Minor,
		status:    e.Status,
	}
	if !e.BookingDate.IsZero() {
		base.Date = e.BookingDate.Format("2006-01-02")
	}
	if !batched(e) {
		return []Line{base}
	}
	out := make([]Line, len(e.Details))
	for i, dt := range e.Details {
		l := base
		l.Pence = dt.Minor
		l.Narrative = narrative(dt.Remittance, e.Narrative)
		l.BankRef = first(dt.BankRef, dt.EndToEndID, base.BankRef)
		out[i] = l
	}
	return out
}

// batched reports whether every detail of e has an amount and they add up to e's.
func batched(e *ims.Entry) bool {
	if len(e.Details) < 2 {
		return false
	}
	var sum int64
	for _, dt := range e.Details {
		if dt.Minor == 0 || (dt.Currency != "" && dt.Currency != e.Currency) {
			return false
		}
		sum += dt.Minor
	}
	return sum == e.Minor
}

// decide fills in the line's defaults, runs the rules over it and validates it, setting Outcome.
// Money taken back (a negative line of a payment file: an allpay returned cheque or cash
// adjustment, a DWP reversal) that names no valid account cannot wait in suspense, which holds
// money received: it is held for review, not posted, with the reason (ADR 25).
func (d decider) decide(ctx context.Context, l *Line) error {
	if err := d.route(ctx, l); err != nil {
		return err
	}
	if l.Outcome == ToSuspense && l.Pence < 0 {
		l.Outcome, l.Reason = Held, "Money taken back cannot wait in suspense: "+l.Reason
	}
	return nil
}

// route is decide without its last step.
func (d decider) route(ctx context.Context, l *Line) error {
	l.AmountText = money.Pence(l.Pence).String()
	switch {
	case l.Currency != "GBP":
		l.Outcome, l.Reason = NotPosted, "The amount is in "+l.Currency+"; IMS posts pounds sterling only"
		return nil
	case d.bank && l.Pence < 0:
		l.Outcome, l.Reason = Debit, "Money out of the account: listed for reconciliation, not posted"
		return nil
	case l.status != "" && l.status != "BOOK":
		l.Outcome, l.Reason = NotPosted, "The bank has not booked this entry (status "+l.status+")"
		return nil
	}
	if l.Fund == "" {
		l.Fund = d.t.Fund
	}
	if l.MOP == "" {
		l.MOP = d.t.ChannelMOPs[l.Channel]
	}
	if l.MOP == "" {
		l.MOP = d.t.DefaultMOP
	}
	if l.Office == "" {
		l.Office = d.t.DefaultOffice
	}
	if why := d.held[l.Statement]; why != "" {
		l.Outcome, l.Reason = Held, fmt.Sprintf("Statement %d is held for review: %s", l.Statement, why)
		return nil
	}
	d.applyRules(l)
	if l.Outcome != "" {
		return nil
	}
	if l.Fund == "" {
		l.Outcome, l.Reason = ToSuspense, "No fund: neither the file, the import type nor a rule names one"
		return nil
	}
	amount := money.Pence(l.Pence)
	res, err := d.checkReference(ctx, ims.ReferenceCheck{Fund: l.Fund, Reference: l.Reference, Amount: &amount, MOP: l.MOP})
	switch {
	case ims.ErrorCode(err) == ims.Invalid:
		// A fund or MOP that does not exist (or that the caller does not see) is this line's
		// problem, not the file's: the money still arrived and waits in suspense.
		l.Outcome, l.Reason = ToSuspense, ims.ErrorMessage(err)
	case err != nil:
		return err
	case !res.Valid:
		l.Outcome, l.Reason = ToSuspense, strings.Join(res.Errors, "; ")
	default:
		l.Outcome, l.Reference = ToLedger, res.Reference
	}
	return nil
}

// applyRules runs the import rules over the line, copying back what they changed and, when a rule
// skips the line or sends it to suspense, the outcome and the rule's reason.
func (d decider) applyRules(l *Line) {
	o := d.rules.Apply(d.t.Code, rules.Line{Reference: l.Reference, Narrative: l.Narrative, Fund: l.Fund,
		MOP: l.MOP, BankReference: l.BankRef, Channel: l.Channel, Amount: money.Pence(l.Pence), Date: parseDate(l.Date)})
	l.Reference, l.Narrative, l.Fund, l.MOP = o.Line.Reference, o.Line.Narrative, o.Line.Fund, o.Line.MOP
	l.Changes, l.Notes = o.Changes, o.Notes
	switch {
	case o.Skip:
		l.Outcome, l.Rule, l.Reason = Skipped, o.SkipRule, first(o.SkipReason, "Skipped by rule "+o.SkipRule)
	case o.Suspense:
		l.Outcome, l.Rule, l.Reason = ToSuspense, o.SuspenseRule, first(o.SuspenseReason, "Sent to suspense by rule "+o.SuspenseRule)
	}
}

// narrative joins the payer's remittance text and the bank's narrative, leaving out one the other
// already holds, so rules see everything the bank said once.
func narrative(remittance, narr string) string {
	remittance, narr = strings.TrimSpace(remittance), strings.TrimSpace(narr)
	switch {
	case remittance == "" || strings.Contains(narr, remittance):
		return narr
	case narr == "" || strings.Contains(remittance, narr):
		return remittance
	}
	return remittance + " " + narr
}

// parseDate returns the line's date, zero when it has none, which no date condition holds for.
func parseDate(s string) time.Time {
	t, _ := time.Parse("2006-01-02", s)
	return t
}

// first returns the first of ss that is not blank.
func first(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

// referenceChecker checks a line's reference: sqldb.ReferenceChecker reads each fund's rules
// once per import, which a file of a million lines needs.
type referenceChecker interface {
	Check(ctx context.Context, p ims.Principal, c ims.ReferenceCheck) (ims.ReferenceResult, error)
}

func (d decider) checkReference(ctx context.Context, c ims.ReferenceCheck) (ims.ReferenceResult, error) {
	if d.refs == nil {
		return d.db.CheckReference(ctx, d.p, c)
	}
	return d.refs.Check(ctx, d.p, c)
}
