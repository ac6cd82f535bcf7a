package admin

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
)

// staffPaymentForm is what the payment form was sent with, every field as typed. Form fields are
// named as the service names its problems (lines[0].reference, payer.postcode, cheque.number), so
// each problem lands on its field.
type staffPaymentForm struct {
	Key                               string
	Kind, MOP, Office                 string
	Name, Line1, Line2, Town          string
	Postcode, Email                   string
	Number, Drawer, SortCode, Account string
	Rows                              []staffPaymentRow
	FindReference, FindName, FindPost string
	Confirmed                         bool
}

// staffPaymentRow is one line of the basket as typed.
type staffPaymentRow struct {
	Fund, Reference, Amount, VATCode string
	MOP                              string // post room: the line's method of payment
	Override                         bool
	Reason                           string
}

func (r staffPaymentRow) blank() bool {
	return r.Fund == "" && r.Reference == "" && r.Amount == "" && r.VATCode == ""
}

// Lines on a new form, and the most the form holds (a basket's limit).
const staffPaymentRows = 3

// staffPaymentNew shows a new payment form: empty, with the account holders a look-up found
// (?find_reference=, find_name=, find_postcode=), or filled in from the one chosen (?use=fund|reference).
// The look-up is a form of its own, so the Enter key in the payment's fields takes the payment.
func (a *Admin) staffPaymentNew(w http.ResponseWriter, r *http.Request) {
	ctx, p, q := r.Context(), web.PrincipalFrom(r.Context()), r.URL.Query()
	f := staffPaymentForm{Key: newFormKey(), Rows: make([]staffPaymentRow, staffPaymentRows),
		FindReference: strings.TrimSpace(q.Get("find_reference")), FindName: strings.TrimSpace(q.Get("find_name")),
		FindPost: strings.TrimSpace(q.Get("find_postcode"))}
	switch {
	case q.Has("find"):
		found, err := a.StaffPayments.FindAccountHolders(ctx, p, ims.AccountHolderSearch{Reference: f.FindReference,
			Name: f.FindName, Postcode: f.FindPost})
		if ims.ErrorCode(err) == ims.Invalid {
			a.showStaffPaymentForm(w, r, http.StatusUnprocessableEntity, f, staffPaymentExtras{}, err)
			return
		}
		if err != nil {
			a.fail(w, r, err)
			return
		}
		a.showStaffPaymentForm(w, r, http.StatusOK, f, staffPaymentExtras{found: found, searched: true}, nil)
		return
	case q.Get("use") != "":
		fund, reference, _ := strings.Cut(q.Get("use"), "|")
		found, err := a.StaffPayments.FindAccountHolders(ctx, p, ims.AccountHolderSearch{Reference: reference})
		if err != nil {
			a.fail(w, r, err)
			return
		}
		i := slices.IndexFunc(found, func(h ims.AccountHolder) bool { return h.Fund == fund && h.Reference == reference })
		if i < 0 {
			a.fail(w, r, ims.Errorf(ims.NotFound, "Account %s was not found", reference))
			return
		}
		f.use(found[i])
	}
	a.showStaffPaymentForm(w, r, http.StatusOK, f, staffPaymentExtras{}, nil)
}

// staffPaymentExtras is what the form shows besides what was typed: account holders found, lines
// refused for a stop message, a warning to confirm.
type staffPaymentExtras struct {
	found    []ims.AccountHolder
	searched bool
	stopped  map[int]string // by row
	warning  string
}

// staffPaymentPost adds a line to the form, or checks the payment and takes it: a cheque or
// post-room payment is posted and its result shown; for a card payment the officer is sent to the
// provider's card page. Lines refused for a stop message are shown with it (and, to a Finance user,
// the override); a payment reversal method's warning is shown to confirm first.
func (a *Admin) staffPaymentPost(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		a.fail(w, r, ims.Errorf(ims.Invalid, "The form could not be read. Go back and try again."))
		return
	}
	ctx, p := r.Context(), web.PrincipalFrom(r.Context())
	f := readStaffPaymentForm(r)
	if r.PostFormValue("do") == "add" {
		if len(f.Rows) < ims.MaxBasketLines {
			f.Rows = append(f.Rows, staffPaymentRow{})
		}
		a.showStaffPaymentForm(w, r, http.StatusOK, f, staffPaymentExtras{}, nil)
		return
	}
	sp, at, problems := f.payment()
	check, err := a.StaffPayments.Check(ctx, p, sp)
	if err != nil && ims.ErrorCode(err) != ims.Invalid {
		a.fail(w, r, err)
		return
	}
	extras := staffPaymentExtras{stopped: map[int]string{}}
	for line, text := range check.Stopped {
		extras.stopped[at[line]] = text
	}
	err = staffPaymentProblems(problems, err, at)
	if err != nil {
		a.showStaffPaymentForm(w, r, http.StatusUnprocessableEntity, f, extras, err)
		return
	}
	if check.Warning != "" && !f.Confirmed {
		extras.warning = check.Warning
		a.showStaffPaymentForm(w, r, http.StatusOK, f, extras, nil)
		return
	}
	taken, err := a.StaffPayments.Take(ctx, p, sp)
	if err != nil {
		if ims.ErrorCode(err) != ims.Invalid {
			a.fail(w, r, err)
			return
		}
		a.showStaffPaymentForm(w, r, http.StatusUnprocessableEntity, f, extras, staffPaymentProblems(ims.Problems{}, err, at))
		return
	}
	switch {
	case taken.NextURL != "":
		http.Redirect(w, r, taken.NextURL, http.StatusSeeOther) // the provider's card page
	case taken.Record.Kind == ims.StaffCard:
		http.Redirect(w, r, StaffCardReturnPath+"?payment_id="+taken.Record.PaymentID, http.StatusSeeOther)
	default:
		a.flash(r, "Payment taken. The receipt number is "+taken.Record.ReceiptNumber)
		http.Redirect(w, r, staffPostedPath(taken.Record.ReceiptNumber), http.StatusSeeOther)
	}
}

// readStaffPaymentForm reads the form as typed.
func readStaffPaymentForm(r *http.Request) staffPaymentForm {
	v := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	f := staffPaymentForm{Key: v("key"), Kind: v("kind"), MOP: v("mop_code"), Office: v("office"),
		Name: v("payer.name"), Line1: v("payer.address"), Line2: v("payer.address2"), Town: v("payer.town"),
		Postcode: v("payer.postcode"), Email: v("payer.email"), Number: v("cheque.number"), Drawer: v("cheque.drawer"),
		SortCode: v("cheque.sort_code"), Account: v("cheque.account_number"), FindReference: v("find_reference"),
		FindName: v("find_name"), FindPost: v("find_postcode"), Confirmed: v("confirm") == "yes"}
	n, _ := strconv.Atoi(v("rows"))
	n = max(1, min(n, ims.MaxBasketLines))
	for i := range n {
		name := func(field string) string { return "lines[" + strconv.Itoa(i) + "]." + field }
		f.Rows = append(f.Rows, staffPaymentRow{Fund: v(name("fund_code")), Reference: v(name("reference")),
			Amount: v(name("amount")), VATCode: v(name("vat_code")), MOP: v(name("mop_code")), Override: v(name("override")) == "yes",
			Reason: v(name("override_reason"))})
	}
	return f
}

// use fills the payer in from an account holder and puts its account in the first blank line.
func (f *staffPaymentForm) use(h ims.AccountHolder) {
	f.Name, f.Line1, f.Line2, f.Town, f.Postcode = h.Name, "", "", "", h.Postcode
	for i, line := range h.Address {
		switch i {
		case 0:
			f.Line1 = line
		case 1:
			f.Line2 = line
		default:
			f.Town = strings.TrimSpace(f.Town + " " + line)
		}
	}
	i := slices.IndexFunc(f.Rows, staffPaymentRow.blank)
	if i < 0 {
		if len(f.Rows) >= ims.MaxBasketLines {
			return
		}
		f.Rows, i = append(f.Rows, staffPaymentRow{}), len(f.Rows)
	}
	f.Rows[i].Fund, f.Rows[i].Reference = h.Fund, h.Reference
}

// payment returns the payment the form asks for, the row of each of its lines (blank rows are left
// out) and the problems of values that could not be read.
func (f staffPaymentForm) payment() (ims.StaffPayment, []int, ims.Problems) {
	problems := ims.Problems{}
	sp := ims.StaffPayment{Kind: ims.StaffPaymentKind(f.Kind), MOP: f.MOP, Office: f.Office, IdempotencyKey: f.Key,
		ReversalConfirmed: f.Confirmed, Cheque: ims.Cheque{Number: f.Number, Drawer: f.Drawer, SortCode: f.SortCode, AccountNumber: f.Account},
		Payer: ims.Payer{Name: f.Name, Postcode: f.Postcode, Email: f.Email}}
	if f.Kind == "" {
		problems.Add("kind", "Choose how the payment is made")
	}
	for _, line := range []string{f.Line1, f.Line2, f.Town} {
		if line != "" {
			sp.Payer.Address = append(sp.Payer.Address, line)
		}
	}
	var at []int
	for row, l := range f.Rows {
		if l.blank() {
			continue
		}
		amount, ok := parsePounds(l.Amount)
		if !ok {
			problems.Add(staffRowField(row, "amount"), "Enter the amount in pounds and pence, like 125.50")
		}
		if l.Override {
			sp.Overrides = append(sp.Overrides, ims.StopOverride{Line: len(sp.Lines), Reason: l.Reason})
		}
		sp.Lines = append(sp.Lines, ims.PaymentLine{Fund: l.Fund, Reference: l.Reference, Amount: amount, VATCode: l.VATCode})
		sp.LineMOPs = append(sp.LineMOPs, l.MOP)
		at = append(at, row)
	}
	return sp, at, problems
}

func staffRowField(row int, field string) string { return "lines[" + strconv.Itoa(row) + "]." + field }

var staffLineField = regexp.MustCompile(`^lines\[(\d+)\]\.(.+)$`)

// staffPaymentProblems adds the service's problems to the form's own, naming the form's rows
// rather than the basket's lines.
func staffPaymentProblems(problems ims.Problems, err error, at []int) error {
	for name, msg := range ims.ErrorFields(err) {
		if m := staffLineField.FindStringSubmatch(name); m != nil {
			if i, _ := strconv.Atoi(m[1]); i < len(at) {
				name = staffRowField(at[i], m[2])
			}
		}
		problems.Add(name, "%s", msg)
	}
	if err != nil && len(ims.ErrorFields(err)) == 0 {
		problems.Add("lines", "%s", ims.ErrorMessage(err))
	}
	return problems.Err("The payment cannot be taken")
}

// staffPaymentPage is the payment form as shown.
type staffPaymentPage struct {
	Summary  govukfrontend.ErrorSummary
	Form     staffPaymentForm
	Errors   map[string]string
	Kinds    []staffKindOption
	Funds    []allocOption
	MOPs     []allocOption // cheque methods, for the cheque's one
	Offices  []allocOption
	Rows     []staffRowView
	Found    []staffHolderView
	Searched bool
	Warning  string
	Find     []staffField
	Payer    []staffField
	Cheque   []staffField
	Cheques  bool // the user takes cheques: the cheque's fields are shown
	Posts    bool // the user takes cheques or post: the office is asked
	PostRoom bool // the user takes post-room payments: each line's method is asked
	Override bool // the user may override a stop message
}

// staffField is one text input of the form (admin-staffpayments-field).
type staffField struct {
	ID, Name, Label, Hint, Value, Error, Width, Autocomplete, Type string
}

func newStaffField(name, label, value, width string, problems map[string]string) staffField {
	return staffField{ID: fieldID(name), Name: name, Label: label, Value: value, Error: problems[name], Width: width,
		Autocomplete: "off", Type: "text"}
}

type staffKindOption struct {
	Value, Text, Hint string
	Checked           bool
}

type staffRowView struct {
	staffPaymentRow
	Index     int
	Number    int // Index + 1, as the legend says
	Funds     []allocOption
	MOPs      []allocOption // post room: the user's methods
	Stop      string
	Fields    []staffField      // reference, amount, VAT code
	Errors    map[string]string // by field: fund_code, reference, amount, vat_code, mop_code, override
	Prefix    string            // of its fields' names: lines[0].
	IDPrefix  string            // of its fields' ids: f-lines-0-
	HasErrors bool
}

type staffHolderView struct {
	Fund, Reference, Name, Address, Postcode, Use string
	Stopped                                       bool
}

// showStaffPaymentForm renders the form with what was typed, the look-up's results and err's
// problems on their fields.
func (a *Admin) showStaffPaymentForm(w http.ResponseWriter, r *http.Request, status int, f staffPaymentForm, x staffPaymentExtras, err error) {
	p := web.PrincipalFrom(r.Context())
	choices, cerr := a.StaffPayments.Choices(r.Context(), p)
	if cerr != nil {
		a.fail(w, r, cerr)
		return
	}
	problems := ims.ErrorFields(err)
	if problems == nil {
		problems = map[string]string{}
	}
	pg := staffPaymentPage{Form: f, Errors: problems, Searched: x.searched, Warning: x.warning, Override: choices.MayOverride}
	if len(choices.Kinds) == 1 && f.Kind == "" {
		pg.Form.Kind = string(choices.Kinds[0])
	}
	for _, k := range choices.Kinds {
		o := staffKindOption{Value: string(k), Checked: pg.Form.Kind == string(k)}
		switch k {
		case ims.StaffCard:
			o.Text, o.Hint = "Card, over the phone", "You type the card details on the card provider's page"
		case ims.StaffCheque:
			o.Text, o.Hint = "Cheque", "Posted at once; enter the cheque's details below"
			pg.Cheques, pg.Posts = true, true
		case ims.StaffPost:
			o.Text, o.Hint = "Received by post", "Posted at once with the method of payment you choose"
			pg.Posts, pg.PostRoom = true, true
		}
		pg.Kinds = append(pg.Kinds, o)
	}
	pg.MOPs = append(pg.MOPs, allocOption{Value: "", Text: "Choose a method"})
	for _, m := range choices.MOPs {
		if ims.StaffPostable(ims.StaffCheque, m.Kind) {
			pg.MOPs = append(pg.MOPs, allocOption{Value: m.Code, Text: m.Code + " – " + m.Name, Selected: m.Code == f.MOP})
		}
	}
	office := f.Office
	if office == "" {
		office = choices.LastOffice // where this user usually takes payments
	}
	pg.Offices = append(pg.Offices, allocOption{Value: "", Text: "Choose an office"})
	for _, o := range choices.Offices {
		pg.Offices = append(pg.Offices, allocOption{Value: o.Code, Text: o.Name, Selected: o.Code == office})
	}
	for i, row := range f.Rows {
		v := staffRowView{staffPaymentRow: row, Index: i, Number: i + 1, Stop: x.stopped[i], Errors: map[string]string{},
			Prefix: staffRowField(i, ""), IDPrefix: fieldID(staffRowField(i, ""))}
		v.Funds = append(v.Funds, allocOption{Value: "", Text: "Choose a fund"})
		for _, fund := range choices.Funds {
			v.Funds = append(v.Funds, allocOption{Value: fund.Code, Text: fund.Code + " – " + fund.Name, Selected: fund.Code == row.Fund})
		}
		if pg.PostRoom {
			v.MOPs = append(v.MOPs, allocOption{Value: "", Text: "Choose a method"})
			for _, m := range choices.MOPs { // the user's, never a card (ims.StaffPostable)
				v.MOPs = append(v.MOPs, allocOption{Value: m.Code, Text: m.Code + " – " + m.Name, Selected: m.Code == row.MOP})
			}
		}
		v.Fields = []staffField{newStaffField(v.Prefix+"reference", "Reference", row.Reference, "govuk-input--width-20", problems),
			newStaffField(v.Prefix+"amount", "Amount, in pounds", row.Amount, "govuk-input--width-10", problems),
			newStaffField(v.Prefix+"vat_code", "VAT code (optional: the fund's own when blank)", row.VATCode, "govuk-input--width-5", problems)}
		for _, field := range []string{"fund_code", "reference", "amount", "vat_code", "mop_code", "override"} {
			if msg := problems[staffRowField(i, field)]; msg != "" {
				v.Errors[field], v.HasErrors = msg, true
			}
		}
		pg.Rows = append(pg.Rows, v)
	}
	for _, h := range x.found {
		pg.Found = append(pg.Found, staffHolderView{Fund: h.Fund, Reference: h.Reference, Name: h.Name,
			Address: strings.Join(h.Address, ", "), Postcode: h.Postcode, Use: h.Fund + "|" + h.Reference, Stopped: h.StopMessage != ""})
	}
	field := func(name, label, value, width string) staffField {
		return newStaffField(name, label, value, width, problems)
	}
	pg.Find = []staffField{field("find_reference", "Reference", f.FindReference, "govuk-input--width-20"),
		field("find_name", "Name", f.FindName, "govuk-input--width-20"), field("find_postcode", "Postcode", f.FindPost, "govuk-input--width-10")}
	pg.Payer = []staffField{field("payer.name", "Full name", f.Name, ""), field("payer.address", "Address line 1", f.Line1, ""),
		field("payer.address2", "Address line 2 (optional)", f.Line2, ""), field("payer.town", "Town or city", f.Town, "govuk-!-width-two-thirds"),
		field("payer.postcode", "Postcode", f.Postcode, "govuk-input--width-10"), field("payer.email", "Email address for the receipt (optional)", f.Email, "")}
	pg.Payer[5].Type = "email"
	pg.Cheque = []staffField{field("cheque.number", "Cheque number", f.Number, "govuk-input--width-10"),
		field("cheque.drawer", "Drawer (the name printed on the cheque)", f.Drawer, ""),
		field("cheque.sort_code", "Sort code (optional)", f.SortCode, "govuk-input--width-5"),
		field("cheque.account_number", "Account number (optional)", f.Account, "govuk-input--width-10")}
	title := "Take a payment"
	if err != nil {
		title = "Error: " + title
		pg.Summary = staffPaymentSummary(problems, len(f.Rows))
	}
	a.render(w, r, status, "admin-staffpayments-new", title, pg)
}

// staffPaymentSummary lists the problems in the order of the form, each linking to its field.
func staffPaymentSummary(problems map[string]string, rows int) govukfrontend.ErrorSummary {
	order := []string{"find", "payer.name", "payer.address", "payer.postcode", "payer.email", "lines"}
	for i := range rows {
		for _, field := range []string{"fund_code", "reference", "amount", "vat_code", "mop_code", "override"} {
			order = append(order, staffRowField(i, field))
		}
	}
	order = append(order, "kind", "mop_code", "office", "cheque.number", "cheque.drawer", "cheque.sort_code",
		"cheque.account_number", "confirm", "narrative", "language")
	var s govukfrontend.ErrorSummary
	shown := map[string]bool{}
	for _, name := range order {
		if msg, ok := problems[name]; ok {
			s.Errors = append(s.Errors, govukfrontend.ErrorLink{Text: msg, Href: "#" + fieldID(name)})
			shown[name] = true
		}
	}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range problems {
			if !shown[k] && !yield(k) {
				return
			}
		}
	}) {
		s.Errors = append(s.Errors, govukfrontend.ErrorLink{Text: problems[name], Href: "#f-lines"})
	}
	return s
}
