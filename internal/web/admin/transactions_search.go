package admin

import (
	"net/http"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
)

// transactionSearchPage is the transaction search: the form, a page of entries with sortable
// columns, the next page and the CSV export of the whole result.
type transactionSearchPage struct {
	transactionForm
	Summary               govukfrontend.ErrorSummary
	Filters               [][]govukfrontend.TextInput // rows of three
	Sources               []sourceOption
	Columns               []sortColumn
	Rows                  []transactionRow
	Next, First, ExportTo string
	Searched              bool
}

type sourceOption struct {
	Value, Text string
	Selected    bool
}

// sortColumn is a sortable column heading: a link to the search sorted by it, the other way when
// it is the sort already.
type sortColumn struct {
	Text, Href, AriaSort string
	Numeric              bool
}

type transactionRow struct {
	Receipt, ReceiptHref, Date, Fund, Reference, MOP, Amount, Narrative, Card, Source string
}

// transactionSearch searches the ledger's entries. A GET form, so a search can be bookmarked and
// shared; pages follow the opaque cursor of the last entry shown.
func (a *Admin) transactionSearch(w http.ResponseWriter, r *http.Request) {
	form, q := readTransactionForm(r.URL.Query())
	v := transactionSearchPage{transactionForm: form, Searched: len(r.URL.Query()) > 0}
	var page ims.TransactionPage
	var err error
	if len(form.Errors) == 0 {
		page, err = a.Transactions.Search(r.Context(), web.PrincipalFrom(r.Context()), q)
	}
	if ims.ErrorCode(err) == ims.Invalid {
		for k, msg := range ims.ErrorFields(err) {
			form.Errors[k] = msg
		}
	} else if err != nil {
		a.fail(w, r, err)
		return
	}
	v.Filters = transactionFilters(form)
	for _, s := range sources {
		v.Sources = append(v.Sources, sourceOption{Value: string(s.Source), Text: s.Text, Selected: form.Values["source"] == string(s.Source)})
	}
	if len(form.Errors) > 0 {
		for _, name := range append(transactionFields, "cursor", "before") {
			if msg, ok := form.Errors[name]; ok {
				v.Summary.Errors = append(v.Summary.Errors, govukfrontend.ErrorLink{Text: msg, Href: "#f-" + name})
			}
		}
		a.render(w, r, http.StatusUnprocessableEntity, "admin-transactions-search", "Error: Transactions", v)
		return
	}
	v.Columns = sortColumns(form, q.Sort)
	for _, t := range page.Transactions {
		row := transactionRow{Receipt: t.ReceiptNumber, ReceiptHref: receiptPath(t.ReceiptNumber), Date: ukDate(t.BusinessDate),
			Fund: t.Fund, Reference: t.Reference, MOP: t.MOP, Amount: t.Amount.Display(), Narrative: t.Narrative, Source: string(t.Source)}
		if t.CardLast4 != "" {
			row.Card = t.CardBrand + " •••• " + t.CardLast4
		}
		v.Rows = append(v.Rows, row)
	}
	sort := form.Values["sort"]
	if page.Next != "" {
		v.Next = "/admin/transactions?" + form.query(sort, page.Next)
	}
	if q.Cursor != "" {
		v.First = "/admin/transactions?" + form.query(sort, "")
	}
	v.ExportTo = "/admin/transactions/export.csv?" + form.query(sort, "")
	a.render(w, r, http.StatusOK, "admin-transactions-search", "Transactions", v)
}

// sortColumns are the headings of the sortable columns for a search sorted by current.
func sortColumns(f transactionForm, current ims.TransactionSort) []sortColumn {
	col, desc := current.Column()
	var out []sortColumn
	for _, c := range []struct{ name, text, first string }{
		{"date", "Date", "-date"}, {"reference", "Reference", "reference"}, {"amount", "Amount", "-amount"}} {
		sc := sortColumn{Text: c.text, AriaSort: "none", Numeric: c.name == "amount"}
		next := c.first
		if col == c.name {
			sc.AriaSort = "ascending"
			next = "-" + c.name
			if desc {
				sc.AriaSort, next = "descending", c.name
			}
		}
		sc.Href = "/admin/transactions?" + f.query(next, "")
		out = append(out, sc)
	}
	return out
}

// transactionFilters are the search form's text fields, in rows of three.
func transactionFilters(f transactionForm) [][]govukfrontend.TextInput {
	off := false
	in := func(name, label, hint string, width govukfrontend.InputWidth) govukfrontend.TextInput {
		return govukfrontend.TextInput{ID: "f-" + name, Name: name, Label: label, Hint: hint, Value: f.Values[name],
			Error: f.Errors[name], Spellcheck: &off, Autocomplete: "off", Width: width}
	}
	return [][]govukfrontend.TextInput{
		{in("reference", "Reference", "", ""), in("receipt", "Receipt number", "", govukfrontend.WidthChars10),
			in("amount", "Amount in pounds", "For example, 125.50", govukfrontend.WidthChars10)},
		{in("from", "From", "For example, 3/12/2026", govukfrontend.WidthChars10),
			in("to", "To", "For example, 31/12/2026", govukfrontend.WidthChars10),
			in("narrative", "Narrative contains", "", "")},
		{in("fund", "Fund code", "", govukfrontend.WidthChars5), in("mop", "Method of payment code", "", govukfrontend.WidthChars5),
			in("card", "Card last 4 digits", "", govukfrontend.WidthChars5)},
		{in("import", "Import number", "", govukfrontend.WidthChars10), in("office", "Office code", "", govukfrontend.WidthChars5),
			in("user", "User number", "Who posted it", govukfrontend.WidthChars10)},
	}
}
