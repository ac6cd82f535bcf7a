package api

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ims-council/ims"
)

// AccountHolderService is what the account holder routes need (internal/accountholders.Service).
type AccountHolderService interface {
	Search(ctx context.Context, p ims.Principal, q ims.AccountHolderSearch) (ims.AccountHolderPage, error)
	BulkUpsert(ctx context.Context, p ims.Principal, key string, rows []ims.AccountHolderLine) (ims.AccountHolderImport, []ims.AccountHolderImportLine, bool, error)
}

type accountHolderOut struct {
	FundCode        string    `json:"fund_code"`
	Reference       string    `json:"reference"`
	Name            string    `json:"name"`
	Address         []string  `json:"address"`
	Postcode        string    `json:"postcode"`
	Balance         string    `json:"balance"`
	StopMessageCode string    `json:"stop_message_code,omitempty"`
	UpdatedAt       time.Time `json:"updated_at"`
}

type accountHolderListOut struct {
	Items      []accountHolderOut `json:"items"`
	NextCursor string             `json:"next_cursor,omitempty"`
}

// listAccountHolders answers GET /api/v1/account-holders: one page of the holders matching the
// query, limited to the client's fund groups when it has any.
func (a *API) listAccountHolders(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q := ims.AccountHolderSearch{Fund: v.Get("fund"), Reference: v.Get("reference"), Name: v.Get("name"),
		Address: v.Get("address"), Postcode: v.Get("postcode")}
	problems := ims.Problems{}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100 {
			problems.Add("limit", "limit must be a whole number from 1 to 100")
		}
		q.Limit = n
	}
	if c := v.Get("cursor"); c != "" {
		after, ok := decodeCursor(c)
		if !ok {
			problems.Add("cursor", "cursor is not one this API gave; send next_cursor from the previous page unchanged")
		}
		q.After = after
	}
	if len(problems) > 0 {
		a.problem(w, r, problems.Err("The search is not valid"))
		return
	}
	page, err := a.AccountHolders.Search(r.Context(), principal(r.Context()), q)
	if err != nil {
		a.problem(w, r, err)
		return
	}
	out := accountHolderListOut{Items: []accountHolderOut{}}
	for _, h := range page.Holders {
		address := h.Address
		if address == nil {
			address = []string{}
		}
		out.Items = append(out.Items, accountHolderOut{FundCode: h.Fund, Reference: h.Reference, Name: h.Name, Address: address,
			Postcode: h.Postcode, Balance: h.Balance.String(), StopMessageCode: h.StopMessage, UpdatedAt: h.UpdatedAt})
	}
	if page.Next != nil {
		out.NextCursor = encodeCursor(*page.Next)
	}
	writeJSON(w, http.StatusOK, out)
}

// A cursor is the key of the last holder of a page, opaque to clients.
func encodeCursor(k ims.AccountHolderKey) string {
	b, _ := json.Marshal([]string{k.Fund, k.Reference})
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) (*ims.AccountHolderKey, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	var parts []string
	if err != nil || json.Unmarshal(b, &parts) != nil || len(parts) != 2 {
		return nil, false
	}
	return &ims.AccountHolderKey{Fund: parts[0], Reference: parts[1]}, true
}

type bulkAccountHoldersJSON struct {
	AccountHolders []struct {
		FundCode        string          `json:"fund_code"`
		Reference       string          `json:"reference"`
		Name            string          `json:"name"`
		Address         []string        `json:"address"`
		Postcode        string          `json:"postcode"`
		Balance         json.RawMessage `json:"balance"`
		StopMessageCode string          `json:"stop_message_code"`
	} `json:"account_holders"`
}

type bulkResultOut struct {
	Index     int64  `json:"index"` // the row's place in the request, from 0
	FundCode  string `json:"fund_code"`
	Reference string `json:"reference"`
	Outcome   string `json:"outcome"`
	Reason    string `json:"reason,omitempty"`
}

type bulkOut struct {
	ImportID  int64           `json:"import_id"`
	Created   int64           `json:"created"`
	Updated   int64           `json:"updated"`
	Unchanged int64           `json:"unchanged"`
	Refused   int64           `json:"refused"`
	Results   []bulkResultOut `json:"results"`
}

// bulkAccountHolders answers POST /api/v1/account-holders/bulk: creates or updates up to 1000
// holders at once, by the rules of a file import, and answers every row's outcome. The
// Idempotency-Key header is required: the same key and rows give the first answer again (200).
func (a *API) bulkAccountHolders(w http.ResponseWriter, r *http.Request) {
	key := strings.TrimSpace(r.Header.Get("Idempotency-Key"))
	if key == "" || len(key) > 255 {
		a.problem(w, r, ims.FieldError("Idempotency-Key", "Send an Idempotency-Key header (1–255 characters) so a retried request is applied once"))
		return
	}
	var body bulkAccountHoldersJSON
	if err := decode(r, &body); err != nil {
		a.problem(w, r, err)
		return
	}
	problems := ims.Problems{}
	rows := make([]ims.AccountHolderLine, 0, len(body.AccountHolders))
	for i, h := range body.AccountHolders {
		row := ims.AccountHolderLine{AccountHolder: ims.AccountHolder{Fund: h.FundCode, Reference: h.Reference, Name: h.Name,
			Address: h.Address, Postcode: h.Postcode, StopMessage: h.StopMessageCode}}
		if len(h.Balance) > 0 && string(h.Balance) != "null" {
			balance, msg := parseAmount(h.Balance)
			if msg != "" {
				problems.Add("account_holders["+itoa(i)+"].balance", "%s", strings.Replace(msg, "amount", "balance", 1))
			}
			row.Balance, row.HasBalance = balance, true
		}
		rows = append(rows, row)
	}
	if len(problems) > 0 {
		a.problem(w, r, problems.Err("The account holders are not valid"))
		return
	}
	imp, lines, created, err := a.AccountHolders.BulkUpsert(r.Context(), principal(r.Context()), key, rows)
	if err != nil {
		a.problem(w, r, err)
		return
	}
	out := bulkOut{ImportID: imp.ID, Created: imp.Created, Updated: imp.Updated, Unchanged: imp.Unchanged, Refused: imp.Refused,
		Results: []bulkResultOut{}}
	for _, l := range lines {
		out.Results = append(out.Results, bulkResultOut{Index: l.Line - 1, FundCode: l.Fund, Reference: l.Reference, Outcome: l.Outcome, Reason: l.Reason})
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, out)
}
