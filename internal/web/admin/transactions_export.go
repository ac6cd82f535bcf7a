package admin

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// transactionCSVHeader names the export's columns.
var transactionCSVHeader = []string{"receipt_number", "posting_kind", "business_date", "transaction_time", "posted_at",
	"entry_id", "line", "entry_kind", "fund", "reference", "mop", "amount", "vat_code", "vat_rate_percent", "vat_amount",
	"narrative", "office", "card_brand", "card_last4", "psp_reference", "links_entry", "source", "source_ref", "posted_by"}

// transactionExport answers the search of the query string with every entry it finds as CSV,
// written as the rows are read: no cap, and nothing held but the row in hand (SPEC §10).
func (a *Admin) transactionExport(w http.ResponseWriter, r *http.Request) {
	form, q := readTransactionForm(r.URL.Query())
	for name, msg := range form.Errors {
		a.fail(w, r, ims.FieldError(name, "%s", msg))
		return
	}
	started := false
	cw := csv.NewWriter(w)
	err := a.Transactions.Export(r.Context(), web.PrincipalFrom(r.Context()), q, func(t ims.Transaction) error {
		if !started {
			started = true
			h := w.Header()
			h.Set("Content-Type", "text/csv; charset=utf-8")
			h.Set("Content-Disposition", `attachment; filename="transactions.csv"`)
			h.Set("Cache-Control", "no-store")
			if err := cw.Write(transactionCSVHeader); err != nil {
				return err
			}
		}
		return cw.Write(transactionCSVRow(t))
	})
	if err == nil && !started {
		// No row: the header alone, so the file still says what it would hold.
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="transactions.csv"`)
		err = cw.Write(transactionCSVHeader)
	}
	if err == nil {
		cw.Flush()
		err = cw.Error()
	}
	if err == nil {
		return
	}
	if !started {
		a.fail(w, r, err)
		return
	}
	// Part of the file has gone: end the connection without finishing it, so the download fails
	// rather than looking like a whole, shorter file.
	a.Log.ErrorContext(r.Context(), "transaction export failed part way", "request_id", web.RequestID(r.Context()), "err", err)
	panic(http.ErrAbortHandler)
}

// transactionCSVRow is one entry as a row of the export, each cell guarded against formula injection.
func transactionCSVRow(t ims.Transaction) []string {
	links := ""
	if t.LinksEntry != 0 {
		links = strconv.FormatInt(t.LinksEntry, 10)
	}
	row := []string{t.ReceiptNumber, string(t.PostingKind), t.BusinessDate.Format(time.DateOnly),
		t.TransactionTime.UTC().Format(time.RFC3339), t.PostedAt.UTC().Format(time.RFC3339),
		strconv.FormatInt(t.ID, 10), strconv.Itoa(t.Line), string(t.Kind), t.Fund, t.Reference, t.MOP, t.Amount.String(),
		t.VATCode, t.VATRate.Percent(), t.VATAmount.String(), t.Narrative, t.Office, t.CardBrand, t.CardLast4,
		t.PSPReference, links, string(t.Source), t.SourceRef, t.Actor}
	for i, cell := range row {
		row[i] = csvSafe(cell)
	}
	return row
}

// csvSafe keeps a spreadsheet from reading a cell as a formula: a cell starting =, +, -, @, tab or
// carriage return gets a leading apostrophe. Amounts are written by IMS and a negative one (a
// refund) is left as a number.
func csvSafe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '@', '\t', '\r':
		return "'" + s
	case '-':
		if !plainNumber(s[1:]) {
			return "'" + s
		}
	}
	return s
}

// plainNumber reports whether s is digits with at most one decimal point, like 12.50.
func plainNumber(s string) bool {
	points := 0
	for _, c := range s {
		switch {
		case c == '.':
			points++
		case c < '0' || c > '9':
			return false
		}
	}
	return s != "" && s != "." && points <= 1
}
