package admin

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ims-council/ims"
)

// transactionFields are the search form's fields, in the order the form and its error summary give them.
var transactionFields = []string{"fund", "mop", "by", "from", "to", "reference", "match", "receipt", "amount",
	"narrative", "card", "import", "office", "user", "source", "sort"}

// transactionForm is a transaction search as the query string gives it: the search page, its pages
// and its CSV export all read it, so a link to any of them carries the same search.
type transactionForm struct {
	Values map[string]string // each field of transactionFields, trimmed
	Errors map[string]string
}

// readTransactionForm reads the search of a query string and the query it asks for.
func readTransactionForm(v url.Values) (transactionForm, ims.TransactionQuery) {
	f := transactionForm{Values: map[string]string{}, Errors: map[string]string{}}
	for _, name := range transactionFields {
		f.Values[name] = strings.TrimSpace(v.Get(name))
	}
	val := f.Values
	q := ims.TransactionQuery{Fund: strings.ToUpper(val["fund"]), MOP: strings.ToUpper(val["mop"]), Reference: val["reference"],
		Match: ims.ReferenceMatch(val["match"]), Receipt: val["receipt"], Narrative: val["narrative"], CardLast4: val["card"],
		Office: strings.ToUpper(val["office"]), Source: ims.Source(val["source"]), Cursor: v.Get("cursor")}
	switch q.Match {
	case ims.MatchExact, ims.MatchPrefix, ims.MatchContains:
	default:
		f.Errors["match"] = "Choose how the reference matches: exactly, starts with or contains"
	}
	from, ok := parseUKDate(val["from"])
	if !ok {
		f.Errors["from"] = "Enter the start date as day/month/year, like 3/12/2026"
	}
	to, ok := parseUKDate(val["to"])
	if !ok {
		f.Errors["to"] = "Enter the end date as day/month/year, like 31/12/2026"
	}
	switch val["by"] {
	case "", "business":
		q.From, q.To = from, to
	case "time":
		// The days are London days: from the midnight starting the first to the one ending the last.
		london, err := ims.LondonLocation()
		if err == nil && !from.IsZero() {
			q.After = time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, london)
		}
		if err == nil && !to.IsZero() {
			q.Before = time.Date(to.Year(), to.Month(), to.Day()+1, 0, 0, 0, 0, london)
		}
	default:
		f.Errors["by"] = "Choose whether the dates are business dates or the times the money moved"
	}
	if val["amount"] != "" {
		p, ok := parsePounds(val["amount"])
		if !ok {
			f.Errors["amount"] = "Enter the amount in pounds and pence, like 125.50 or -20.00 for a refund"
		} else {
			q.Amount = &p
		}
	}
	if c := val["card"]; c != "" && (len(c) != 4 || strings.Trim(c, "0123456789") != "") {
		f.Errors["card"] = "Enter the last 4 digits of the card, like 4242"
	}
	if val["import"] != "" {
		n, err := strconv.ParseInt(val["import"], 10, 64)
		if err != nil || n <= 0 {
			f.Errors["import"] = "Enter the import's number, like 42"
		}
		q.ImportID = n
	}
	if u := val["user"]; u != "" {
		// Staff type a user's number; the ledger records "user:12".
		if n, err := strconv.ParseInt(u, 10, 64); err == nil && n > 0 {
			q.User = "user:" + u
		} else {
			q.User = strings.ToLower(u)
		}
	}
	if s := q.Source; s != "" && !validSource(s) {
		f.Errors["source"] = "Choose a source from the list"
	}
	sort, err := ims.ParseTransactionSort(val["sort"])
	if err != nil {
		f.Errors["sort"] = ims.ErrorFields(err)["sort"]
	}
	q.Sort = sort
	return f, q
}

// sources lists the ledger's sources with the words staff read for them.
var sources = []struct {
	Source ims.Source
	Text   string
}{{ims.SourcePortal, "Payment portal"}, {ims.SourceStaff, "Staff"}, {ims.SourceAPI, "API"}, {ims.SourceImport, "Import"},
	{ims.SourceCashReturn, "Cash return"}, {ims.SourceSuspense, "Suspense"}, {ims.SourceSystem, "System"}}

func validSource(s ims.Source) bool {
	for _, known := range sources {
		if known.Source == s {
			return true
		}
	}
	return false
}

// query returns the query string of the search with the given sort and cursor.
func (f transactionForm) query(sort, cursor string) string {
	u := url.Values{}
	for _, name := range transactionFields {
		if v := f.Values[name]; v != "" && name != "sort" {
			u.Set(name, v)
		}
	}
	if sort != "" && sort != "-date" {
		u.Set("sort", sort)
	}
	if cursor != "" {
		u.Set("cursor", cursor)
	}
	return u.Encode()
}
