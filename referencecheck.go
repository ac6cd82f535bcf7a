package ims

import "github.com/ims-council/ims/money"

// A ReferenceCheck asks whether a payment of Amount by MOP to Reference in Fund would be accepted.
// Every path where a reference enters the system runs it: portal, staff, API, journals, imports.
type ReferenceCheck struct {
	Fund         string
	Reference    string
	Amount       *money.Pence // optional: checked against the fund's and the MOP's limits
	MOP          string       // optional: its minimum and maximum apply to Amount
	OverrideStop bool         // a Finance user accepts a payment despite a stop message
}

// ReferenceResult is the answer to a ReferenceCheck. Errors are sentences for the payer or cashier,
// in the order the checks ran; the first failing check stops the rest (SPEC §2.1).
type ReferenceResult struct {
	Valid     bool                  `json:"valid"`
	Reference string                `json:"reference"` // normalised, as it would be recorded
	Errors    []string              `json:"errors"`
	Holder    *AccountHolderSummary `json:"account_holder,omitempty"`
}

// AccountHolderSummary is what a caller allowed to see account holders learns from a check.
type AccountHolderSummary struct {
	Name     string      `json:"name"`
	Postcode string      `json:"postcode,omitempty"`
	Balance  money.Pence `json:"balance"`
	Stopped  bool        `json:"stopped"`
}
