package admin

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
	"github.com/ims-council/ims/money"
)

// refundPage is the refund form of one receipt, or its confirmation (Confirm): the payment's lines
// that can still be refunded, each with what is left of it and the amount to refund.
type refundPage struct {
	Summary                     govukfrontend.ErrorSummary
	Receipt, ReceiptHref        string
	Action, MOP, Left           string
	NotRefundable               string // why nothing can be refunded, instead of the form
	Lines                       []refundLineRow
	Reason, ReasonError, Key    string
	Confirm, Partial, MayPartly bool
	Total                       string
}

type refundLineRow struct {
	EntryID                                    int64
	FieldID, Line, Fund, Reference, Paid, Left string
	Amount, Error                              string
	Chosen                                     bool
}

// refundForm is what the form was sent with: the lines ticked, each line's amount as typed, the
// reason and the form's idempotency key.
type refundForm struct {
	chosen  map[int64]bool
	amounts map[int64]string
	reason  string
	key     string
}

// refundContext is what the form is built from: the receipt and what its payment allows.
type refundContext struct {
	detail     ims.ReceiptDetail
	refundable ims.RefundableLines
}

// refundForm shows the refund form of a receipt: every line still refundable ticked, for all that
// is left of it.
func (a *Admin) refundForm(w http.ResponseWriter, r *http.Request) {
	rc, ok := a.refundContext(w, r)
	if !ok {
		return
	}
	f := refundForm{chosen: map[int64]bool{}, amounts: map[int64]string{}, key: newFormKey()}
	for id, left := range rc.refundable.Left {
		if left > 0 {
			f.chosen[id], f.amounts[id] = true, left.String()
		}
	}
	a.showRefundForm(w, r, http.StatusOK, rc, f, nil, false)
}

// refundPost checks the form and shows the confirmation; from the confirmation ("confirm") it
// requests the refund, and "change" goes back to the form with what was typed.
func (a *Admin) refundPost(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		a.fail(w, r, ims.Errorf(ims.Invalid, "The form could not be read. Go back and try again."))
		return
	}
	rc, ok := a.refundContext(w, r)
	if !ok {
		return
	}
	f := readRefundForm(r)
	p := web.PrincipalFrom(r.Context())
	req, err := f.request(rc)
	confirmed := r.PostFormValue("confirm") != "" && r.PostFormValue("change") == ""
	if err == nil && !confirmed {
		// The rules the service applies, checked before the confirmation so a person confirms
		// only a refund that can be made. A confirmation goes straight to the service, which
		// answers a form sent twice with the refund the first made, though nothing is left now.
		if err = req.Check(); err == nil {
			var partial bool
			if _, partial, err = ims.RefundLines(req.Lines, rc.refundable.Left, nil); err == nil && partial {
				err = ims.MayRefundPartly(p)
			}
		}
		err = f.fieldProblems(req, err)
	}
	switch {
	case err != nil:
		a.showRefundForm(w, r, refundStatus(err), rc, f, err, false)
	case r.PostFormValue("change") != "":
		a.showRefundForm(w, r, http.StatusOK, rc, f, nil, false)
	case !confirmed:
		a.showRefundForm(w, r, http.StatusOK, rc, f, nil, true)
	default:
		a.requestRefund(w, r, rc, f, req)
	}
}

// requestRefund asks the service for the refund and goes back to the receipt saying what became of
// it. The same form sent twice (a double press) carries the same key, and the service answers it
// with the first refund rather than making a second.
func (a *Admin) requestRefund(w http.ResponseWriter, r *http.Request, rc refundContext, f refundForm, req ims.RefundRequest) {
	ref, _, err := a.Refunds.Refund(r.Context(), web.PrincipalFrom(r.Context()), req)
	if err != nil {
		switch ims.ErrorCode(err) {
		case ims.Invalid, ims.Conflict, ims.Forbidden:
			// What is left changed meanwhile, or a rule the form could not know: show the lines
			// as they are now, under a new key (the old one may belong to a refund made already).
			if fresh, ok := a.refundContext(w, r); ok {
				f.key = newFormKey()
				a.showRefundForm(w, r, refundStatus(err), fresh, f, f.fieldProblems(req, err), false)
			}
		default:
			a.fail(w, r, err)
		}
		return
	}
	a.flash(r, refundOutcome(ref))
	http.Redirect(w, r, receiptPath(rc.detail.Posting.ReceiptNumber), http.StatusSeeOther)
}

// refundOutcome says what became of a refund just requested.
func refundOutcome(ref ims.PaymentRefund) string {
	head := fmt.Sprintf("Refund %s of %s", ref.ID, ref.Amount.Display())
	switch ref.State {
	case ims.RefundAwaitingApproval:
		return head + " is above the approval limit: it waits for a refund approver, and nothing is sent to the payer until it is approved."
	case ims.RefundSucceeded:
		return head + " succeeded: the payment provider is returning the money to the payer's card."
	case ims.RefundFailed:
		return head + " failed: " + ref.FailureMessage
	}
	return head + " was sent to the payment provider, which has not finished it yet; this receipt shows its state."
}

// refundStatus is the status of the form shown again with err.
func refundStatus(err error) int {
	switch ims.ErrorCode(err) {
	case ims.Conflict:
		return http.StatusConflict
	case ims.Forbidden:
		return http.StatusForbidden
	}
	return http.StatusUnprocessableEntity
}

// refundContext reads the receipt (limited to the caller's funds) and what its card payment still
// allows to be refunded (limited to callers who see every fund of it).
func (a *Admin) refundContext(w http.ResponseWriter, r *http.Request) (rc refundContext, ok bool) {
	p := web.PrincipalFrom(r.Context())
	d, err := a.Transactions.Receipt(r.Context(), p, r.PathValue("receipt"))
	if err == nil && d.PaymentID == "" {
		err = ims.Errorf(ims.Invalid, "Receipt %s is not a card payment, so it cannot be refunded through the payment provider. A journal can move money already received.", d.Posting.ReceiptNumber)
	}
	var left ims.RefundableLines
	if err == nil {
		left, err = a.Refunds.Refundable(r.Context(), p, d.PaymentID)
	}
	if err != nil {
		a.fail(w, r, err)
		return rc, false
	}
	return refundContext{detail: d, refundable: left}, true
}

func readRefundForm(r *http.Request) refundForm {
	f := refundForm{chosen: map[int64]bool{}, amounts: map[int64]string{}, reason: strings.TrimSpace(r.PostFormValue("reason")),
		key: r.PostFormValue("key")}
	for _, s := range r.PostForm["line"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			f.chosen[id] = true
		}
	}
	for name, values := range r.PostForm {
		if s, ok := strings.CutPrefix(name, "amount-"); ok && len(values) > 0 {
			if id, err := strconv.ParseInt(s, 10, 64); err == nil {
				f.amounts[id] = strings.TrimSpace(values[0])
			}
		}
	}
	return f
}

// request is the service's request for the lines ticked, in the receipt's order; an amount that
// is not money, or no line ticked, is a problem of the form.
func (f refundForm) request(rc refundContext) (ims.RefundRequest, error) {
	req := ims.RefundRequest{PaymentID: rc.detail.PaymentID, Reason: f.reason, IdempotencyKey: f.key}
	problems := ims.Problems{}
	for _, e := range rc.detail.Posting.Entries {
		if !f.chosen[e.ID] {
			continue
		}
		if _, ok := rc.refundable.Left[e.ID]; !ok {
			continue
		}
		amount, ok := parsePounds(f.amounts[e.ID])
		if !ok || amount <= 0 {
			problems.Add(refundAmountField(e.ID), "Enter the amount to refund in pounds and pence, like 12.50")
		}
		req.Lines = append(req.Lines, ims.RefundLine{EntryID: e.ID, Line: e.Line, Amount: amount})
	}
	if len(req.Lines) == 0 {
		problems.Add("lines", "Choose at least one line to refund")
	}
	return req, problems.Err("The refund cannot be made")
}

func refundAmountField(entryID int64) string { return "amount-" + strconv.FormatInt(entryID, 10) }

var refundLineProblem = regexp.MustCompile(`^lines\[(\d+)\]\.`)

// fieldProblems renames the service's problems of its lines (lines[1].amount) to the form's
// amount fields, which are named by entry.
func (f refundForm) fieldProblems(req ims.RefundRequest, err error) error {
	fields := ims.ErrorFields(err)
	if ims.ErrorCode(err) != ims.Invalid || len(fields) == 0 {
		return err
	}
	problems := ims.Problems{}
	for name, msg := range fields {
		if m := refundLineProblem.FindStringSubmatch(name); m != nil {
			if i, _ := strconv.Atoi(m[1]); i < len(req.Lines) {
				name = refundAmountField(req.Lines[i].EntryID)
			}
		}
		problems.Add(name, "%s", msg)
	}
	return problems.Err(ims.ErrorMessage(err))
}

func (a *Admin) showRefundForm(w http.ResponseWriter, r *http.Request, status int, rc refundContext, f refundForm, err error, confirm bool) {
	p := web.PrincipalFrom(r.Context())
	receipt := rc.detail.Posting.ReceiptNumber
	pg := refundPage{Receipt: receipt, ReceiptHref: receiptPath(receipt), Action: refundFormPath(receipt),
		MOP: rc.refundable.MOPName, Left: rc.refundable.Total().Display(), Reason: f.reason, Key: f.key, Confirm: confirm,
		MayPartly: ims.MayRefundPartly(p) == nil}
	problems := ims.ErrorFields(err)
	var total money.Pence
	for _, e := range rc.detail.Posting.Entries {
		left, ok := rc.refundable.Left[e.ID]
		if !ok {
			continue // not a payment line
		}
		row := refundLineRow{EntryID: e.ID, FieldID: "f-" + refundAmountField(e.ID), Line: strconv.Itoa(e.Line), Fund: e.Fund,
			Reference: e.Reference, Paid: e.Amount.Display(), Left: left.Display(), Amount: f.amounts[e.ID],
			Error: problems[refundAmountField(e.ID)], Chosen: f.chosen[e.ID] && left > 0}
		if row.Chosen {
			amount, _ := parsePounds(row.Amount)
			total += amount
			row.Amount = amount.String()
		}
		pg.Lines = append(pg.Lines, row)
	}
	pg.Total = total.Display()
	pg.Partial = total < rc.refundable.Total()
	switch {
	case !rc.refundable.MOPRefundable:
		pg.NotRefundable = "Payments by " + rc.refundable.MOPName + " cannot be refunded through the payment provider."
	case rc.refundable.Total() <= 0:
		pg.NotRefundable = "Nothing of this payment is left to refund: it has been refunded, or journalled or transferred elsewhere."
	}
	title := "Refund receipt " + receipt
	if confirm {
		title = "Check the refund of receipt " + receipt
	}
	if err != nil {
		pg.ReasonError = problems["reason"]
		for _, l := range pg.Lines {
			if l.Error != "" {
				pg.Summary.Errors = append(pg.Summary.Errors, govukfrontend.ErrorLink{Text: "Line " + l.Line + ": " + l.Error, Href: "#" + l.FieldID})
			}
		}
		if msg, ok := problems["lines"]; ok {
			pg.Summary.Errors = append(pg.Summary.Errors, govukfrontend.ErrorLink{Text: msg, Href: "#lines"})
		}
		if pg.ReasonError != "" {
			pg.Summary.Errors = append(pg.Summary.Errors, govukfrontend.ErrorLink{Text: pg.ReasonError, Href: "#f-reason"})
		}
		if len(pg.Summary.Errors) == 0 {
			pg.Summary.Errors = append(pg.Summary.Errors, govukfrontend.ErrorLink{Text: ims.ErrorMessage(err), Href: "#lines"})
		}
		title = "Error: " + title
	}
	a.render(w, r, status, "admin-refunds-new", title, pg)
}
