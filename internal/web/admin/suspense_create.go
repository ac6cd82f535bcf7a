package admin

import (
	"net/http"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
)

// suspenseNewPage is the form that records unidentified money (cash or a transfer nobody can match)
// as a suspense item.
type suspenseNewPage struct {
	Summary                                govukfrontend.ErrorSummary
	Received, Amount, Reference, Narrative govukfrontend.TextInput
	Reason                                 govukfrontend.TextInput
	MOPs                                   []ims.MOP
	MOP, MOPError                          string
	Key                                    string
}

// suspenseCreateOrder is the order of the form's fields, for the error summary.
var suspenseCreateOrder = []string{"received", "amount", "mop_code", "reference", "narrative", "reason"}

// suspenseNew shows the empty form.
func (a *Admin) suspenseNew(w http.ResponseWriter, r *http.Request) {
	a.showSuspenseNew(w, r, http.StatusOK, map[string]string{"key": newFormKey()}, nil)
}

// suspenseCreate records the item (its receipt posted into the suspense fund) and shows it. The
// form's key makes a second press of the button show the same item rather than record it twice.
func (a *Admin) suspenseCreate(w http.ResponseWriter, r *http.Request) {
	v := map[string]string{}
	for _, k := range append(suspenseCreateOrder, "key") {
		v[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	n := ims.NewSuspenseItem{Reference: v["reference"], Narrative: v["narrative"], MOP: v["mop_code"], Reason: v["reason"],
		IdempotencyKey: v["key"]}
	problems := ims.Problems{}
	var ok bool
	if n.Received, ok = parseUKDate(v["received"]); !ok {
		problems.Add("received", "Enter the date received as day/month/year, like 3/12/2026")
	}
	if n.Amount, ok = parsePounds(v["amount"]); !ok {
		problems.Add("amount", "Enter the amount in pounds and pence, like 125.50")
	} else if v["amount"] == "" {
		problems.Add("amount", "Enter the amount received")
	}
	if len(problems) > 0 {
		// The form stops here, so report the other fields' problems with it, not on the next try.
		for field, msg := range ims.ErrorFields(n.Check(a.Now())) {
			if _, seen := problems[field]; !seen {
				problems[field] = msg
			}
		}
	}
	var err error = problems.Err("The suspense item cannot be recorded")
	var it ims.SuspenseItem
	if err == nil {
		it, _, err = a.Suspense.Create(r.Context(), web.PrincipalFrom(r.Context()), n)
	}
	if err != nil {
		a.formFailed(w, r, err, func() { a.showSuspenseNew(w, r, http.StatusUnprocessableEntity, v, err) })
		return
	}
	a.flash(r, "Suspense item "+itemNumber(it.ID)+" recorded: "+it.Amount.Display()+" in suspense, receipt "+it.Receipt)
	http.Redirect(w, r, suspenseItemPath(it.ID), http.StatusSeeOther)
}

func (a *Admin) showSuspenseNew(w http.ResponseWriter, r *http.Request, status int, v map[string]string, err error) {
	choices, cerr := a.Suspense.Choices(r.Context(), web.PrincipalFrom(r.Context()))
	if cerr != nil {
		a.fail(w, r, cerr)
		return
	}
	problems := ims.ErrorFields(err)
	off := false
	in := func(name, label, hint string, width govukfrontend.InputWidth) govukfrontend.TextInput {
		return govukfrontend.TextInput{ID: "f-" + name, Name: name, Label: label, Hint: hint, Value: v[name], Error: problems[name],
			Spellcheck: &off, Autocomplete: "off", Width: width}
	}
	pg := suspenseNewPage{MOPs: choices.MOPs, MOP: v["mop_code"], MOPError: problems["mop_code"], Key: v["key"],
		Received:  in("received", "Date received", "For example, 3/12/2026. Leave blank for today.", govukfrontend.WidthChars10),
		Amount:    in("amount", "Amount in pounds", "For example, 125.50", govukfrontend.WidthChars10),
		Reference: in("reference", "Reference (optional)", "As it arrived, even if it matches nothing.", govukfrontend.WidthChars20),
		Narrative: in("narrative", "Narrative", "What came with the money: the payer's name, the bank's text.", ""),
		Reason:    in("reason", "Why it cannot be allocated", "For example, cash handed in with no bill.", "")}
	pg.Amount.Prefix, pg.Amount.InputMode = "£", "decimal"
	title := "Record unidentified money"
	if err != nil {
		pg.Summary = errorSummary(err, suspenseCreateOrder)
		title = "Error: " + title
	}
	a.render(w, r, status, "admin-suspense-new", title, pg)
}
