package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat/imscsv"
	"github.com/ims-council/ims/internal/imports"
	"github.com/ims-council/ims/money"
)

// importRowJSON is one payment of a JSON import: the columns of the IMS CSV layout.
type importRowJSON struct {
	Date            string          `json:"date"`
	Fund            string          `json:"fund"`
	Reference       string          `json:"reference"`
	Amount          json.RawMessage `json:"amount"`
	AmountPence     json.RawMessage `json:"amount_pence"`
	MOP             string          `json:"mop"`
	VATCode         string          `json:"vat_code"`
	Narrative       string          `json:"narrative"`
	Office          string          `json:"office"`
	SourceReference string          `json:"source_reference"`
}

type importRowsJSON struct {
	ImportType string          `json:"import_type"`
	FileName   string          `json:"file_name"`
	Rows       []importRowJSON `json:"rows"`
}

// defaultRowsFileName names the file JSON rows become when the request names none.
const defaultRowsFileName = "api-rows.csv"

// importRows answers POST /api/v1/imports with a JSON body: every row is checked, the rows are
// written as an IMS CSV file and that file is imported as an upload of it would be, so a row takes
// the same rules, defaults and validation whichever way it came. The import type must read IMS CSV.
func (a *API) importRows(w http.ResponseWriter, r *http.Request, key string) {
	var body importRowsJSON
	if err := decode(r, &body); err != nil {
		a.problem(w, r, err)
		return
	}
	req := imports.Request{ImportType: strings.TrimSpace(body.ImportType), FileName: strings.TrimSpace(body.FileName),
		Source: ims.ImportSourceAPI, IdempotencyKey: key}
	if req.FileName == "" {
		req.FileName = defaultRowsFileName
	}
	problems := ims.Problems{}
	if len(req.FileName) > 255 {
		problems.Add("file_name", "file_name must be at most 255 characters")
	}
	a.checkRowsImportType(r, req.ImportType, problems)
	if len(body.Rows) == 0 {
		problems.Add("rows", "Send at least one row")
	}
	var file bytes.Buffer
	if err := imscsv.WriteHeader(&file); err != nil {
		a.problem(w, r, err)
		return
	}
	for i, row := range body.Rows {
		e, ok := rowEntry(row, "rows["+itoa(i)+"]", problems)
		if !ok || len(problems) > 0 {
			continue // the file will not be sent: only the problems are wanted now
		}
		if err := imscsv.WriteRow(&file, e); err != nil {
			a.problem(w, r, err)
			return
		}
	}
	if len(problems) > 0 {
		a.problem(w, r, problems.Err("The import rows are not valid"))
		return
	}
	a.startImport(w, r, req, &file)
}

// checkRowsImportType adds a problem when the import type cannot take JSON rows: it must exist and
// read IMS CSV files. (A disabled type is refused by the service, as for a file.)
func (a *API) checkRowsImportType(r *http.Request, code string, problems ims.Problems) {
	if code == "" {
		problems.Add("import_type", "import_type is required: an import type whose files are IMS CSV")
		return
	}
	t, err := a.ImportTypes.Get(r.Context(), code)
	switch {
	case ims.ErrorCode(err) == ims.NotFound:
		problems.Add("import_type", "Import type %q does not exist", code)
	case err != nil:
		problems.Add("import_type", "Import type %q could not be read: %s", code, ims.ErrorMessage(err))
	case t.Format != imscsv.Format:
		problems.Add("import_type", "Import type %s reads %s files; JSON rows are imported as IMS CSV, so name an import type of format imscsv, or send the file itself as the body",
			t.Code, t.Format)
	}
}

// rowEntry checks one row, adding its problems under the row's name (rows[3].amount), and returns
// it as the entry an IMS CSV row holds.
func rowEntry(row importRowJSON, name string, problems ims.Problems) (ims.Entry, bool) {
	ok := true
	fail := func(field, format string, args ...any) {
		problems.Add(name+"."+field, format, args...)
		ok = false
	}
	date, err := time.Parse(time.DateOnly, strings.TrimSpace(row.Date))
	if err != nil {
		fail("date", "date must be the date the payment was made, YYYY-MM-DD")
	}
	hasPounds := len(row.Amount) > 0 && string(row.Amount) != "null"
	hasPence := len(row.AmountPence) > 0 && string(row.AmountPence) != "null"
	var amount money.Pence
	switch {
	case hasPounds && hasPence:
		fail("amount", "Send amount (pounds, \"12.50\") or amount_pence (1250), not both")
	case hasPounds:
		var msg string
		if amount, msg = parseAmount(row.Amount); msg != "" {
			fail("amount", "%s", msg)
		}
	case hasPence:
		n, err := strconv.ParseInt(string(row.AmountPence), 10, 64)
		if err != nil {
			fail("amount_pence", "amount_pence must be a whole number of pence, like 1250 for £12.50")
		}
		amount = money.Pence(n)
	default:
		fail("amount", "amount is required: pounds as \"12.50\", or amount_pence as 1250")
	}
	if ok && amount == 0 {
		fail(map[bool]string{true: "amount_pence", false: "amount"}[hasPence], "The amount must not be zero")
	}
	e := ims.Entry{BookingDate: date, Currency: "GBP", Minor: int64(amount), Fund: strings.TrimSpace(row.Fund),
		Reference: strings.TrimSpace(row.Reference), MOP: strings.TrimSpace(row.MOP), VATCode: strings.TrimSpace(row.VATCode),
		Narrative: strings.TrimSpace(row.Narrative), Office: strings.TrimSpace(row.Office), BankRef: strings.TrimSpace(row.SourceReference)}
	return e, ok
}
