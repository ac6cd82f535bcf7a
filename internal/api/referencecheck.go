package api

import (
	"strconv"

	"encoding/json"
	"github.com/ims-council/ims/money"
	"net/http"

	"github.com/ims-council/ims"
)

type referenceCheckRequest struct {
	FundCode  *string `json:"fund_code"`
	Reference *string `json:"reference"`
	// Amount is pounds and pence, as a JSON number (12.34) or string ("12.34"). Its text is parsed
	// exactly, never through a float.
	Amount  json.RawMessage `json:"amount"`
	MOPCode string          `json:"mop_code"`
}

// referenceCheck answers POST /api/v1/reference-checks: would this reference (and amount) be accepted
// for this fund. A reference that fails is a 200 with valid false and the reasons; a malformed
// request is a 422 naming the field.
func (a *API) referenceCheck(w http.ResponseWriter, r *http.Request) {
	var req referenceCheckRequest
	if err := decode(r, &req); err != nil {
		a.problem(w, r, err)
		return
	}
	problems := ims.Problems{}
	if req.FundCode == nil || *req.FundCode == "" {
		problems.Add("fund_code", "fund_code is required")
	}
	if req.Reference == nil {
		problems.Add("reference", "reference is required")
	}
	c := ims.ReferenceCheck{MOP: req.MOPCode}
	if len(req.Amount) > 0 && string(req.Amount) != "null" {
		amount, msg := parseAmount(req.Amount)
		if msg != "" {
			problems.Add("amount", "%s", msg)
		}
		c.Amount = &amount
	}
	if err := problems.Err("The reference check request is not valid"); err != nil {
		a.problem(w, r, err)
		return
	}
	c.Fund, c.Reference = *req.FundCode, *req.Reference
	res, err := a.References.CheckReference(r.Context(), principal(r.Context()), c)
	if err != nil {
		a.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// parseAmount reads an amount sent as a JSON string ("12.34") or number (12.34) from its text,
// exactly: never through a float. It returns why the amount is unacceptable, or "".
func parseAmount(raw json.RawMessage) (money.Pence, string) {
	text := string(raw)
	if text == "" || text == "null" {
		return 0, "amount is required"
	}
	if unquoted, err := strconv.Unquote(text); err == nil {
		text = unquoted
	}
	amount, err := money.Parse(text)
	if err != nil {
		return 0, "amount " + err.Error()
	}
	return amount, ""
}

func itoa(i int) string { return strconv.Itoa(i) }
