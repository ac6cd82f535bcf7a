package ims

import (
	"fmt"
	"time"
	"unicode/utf8"
)

// AccountHolderSearch is what staff and API clients search account holders by (SPEC §1). Every
// field is optional and the given ones must all match: Reference is the reference or its start,
// Name and Address are text anywhere in them (any case), Postcode is the postcode or its start
// (any case, spaces ignored), Fund narrows to one fund. After continues a search from the key of the
// last holder of the previous page; Limit is the page size.
type AccountHolderSearch struct {
	Fund      string
	Reference string
	Name      string
	Address   string
	Postcode  string
	After     *AccountHolderKey
	Limit     int
}

// AccountHolderKey is an account holder's key, the order results come in.
type AccountHolderKey struct {
	Fund      string
	Reference string
}

// AccountHolderPage is one page of a search, in (fund, reference) order. Next is the key to pass as
// After for the next page, nil on the last page.
type AccountHolderPage struct {
	Holders []AccountHolder
	Next    *AccountHolderKey
}

// AccountHolderDetail is one account holder with the text of its stop message and the messages of
// its fund that staff may choose as a stop message.
type AccountHolderDetail struct {
	AccountHolder
	StopMessageText string
	FundName        string
	FundMessages    []FundMessage
}

// Import states: queued until its background job starts, running while lines are applied, then done
// (every line has an outcome, refused ones included) or failed (the file could not be read, so
// nothing was applied, or the job gave up).
const (
	ImportQueued  = "queued"
	ImportRunning = "running"
	ImportDone    = "done"
	ImportFailed  = "failed"
)

// Line outcomes of an account holder import.
const (
	LineCreated   = "created"   // a new account holder
	LineUpdated   = "updated"   // an existing holder whose fields changed
	LineUnchanged = "unchanged" // an existing holder the line repeats exactly (a re-import)
	LineRefused   = "refused"   // not applied; Reason says why
)

// Where an account holder import came from.
const (
	ImportSourceUpload = "upload" // a file uploaded in the back office
	ImportSourceCLI    = "cli"    // ims accountholders import FILE
	ImportSourceAPI    = "api"    // POST /api/v1/account-holders/bulk
)

// AccountHolderImport is one bulk load of account holders with its progress and counts.
type AccountHolderImport struct {
	ID        int64
	Source    string
	FileName  string
	SHA256    string
	Size      int64
	State     string
	Message   string // why it failed, or a summary when done
	RowsTotal int64  // lines to apply, known once the file has been read through once
	RowsDone  int64
	Created   int64
	Updated   int64
	Unchanged int64
	Refused   int64
	Actor     string // "user:12", "apiclient:3" or "system"
	ActorName string
	CreatedAt time.Time
	UpdatedAt time.Time
	// FinishedAt is when it reached done or failed; zero before.
	FinishedAt time.Time
}

// Finished reports whether the import will change no more.
func (i AccountHolderImport) Finished() bool { return i.State == ImportDone || i.State == ImportFailed }

// AccountHolderImportLine is the outcome of one line of an import.
type AccountHolderImportLine struct {
	Line      int64
	Fund      string
	Reference string
	Outcome   string
	Reason    string
}

// An AccountHolderLine is one account holder to create or update, from a file's row or an API
// request's row, at its line (or row number). HasBalance is false when the row gives no balance: a
// new holder then has none and a stored one keeps its own.
type AccountHolderLine struct {
	Line int64
	AccountHolder
	HasBalance bool
}

// AccountHolderLineFacts is what deciding one import line needs from the reference data: the fund
// (nil when it does not exist), its reference checker (nil when the fund has no validator) and the
// codes of its messages.
type AccountHolderLineFacts struct {
	Fund     *Fund
	Checker  *ReferenceChecker
	Messages map[string]bool
}

// Longest fields an account holder may hold: longer ones are refused rather than cut, so what is
// stored is what the back-office system holds.
const (
	maxHolderName    = 200
	maxHolderAddress = 200 // each line
	maxHolderLines   = 6
)

// CheckAccountHolderLine decides whether a line of an account holder import (CSV or API) may be
// applied by p, and returns "" or the reason it is refused. h.Reference must already be normalised
// (NormalizeReference). A fund p cannot see is refused with the same words as a fund that does not
// exist, so an import does not reveal other fund groups' funds. The reference must pass the fund's
// validator (length, characters, format, check digit; SPEC §2.1): a back-office export may hold
// references the validator refuses, and storing them would make accounts nobody can pay, so they are
// refused with the validator's reason for the council to correct at source. A stop message must be
// one of the fund's messages.
func CheckAccountHolderLine(h AccountHolder, facts AccountHolderLineFacts, p Principal) string {
	if h.Fund == "" {
		return "The fund is blank"
	}
	if facts.Fund == nil || !p.SeesFund(h.Fund) {
		return fmt.Sprintf("Fund %s does not exist or is not one of your funds", h.Fund)
	}
	if msg := CheckReferenceText(h.Reference); msg != "" {
		return msg
	}
	if facts.Checker != nil {
		if msg := facts.Checker.Check(h.Reference); msg != "" {
			return msg
		}
	}
	if utf8.RuneCountInString(h.Name) > maxHolderName {
		return fmt.Sprintf("The name is longer than %d characters", maxHolderName)
	}
	if len(h.Address) > maxHolderLines {
		return fmt.Sprintf("The address has more than %d lines", maxHolderLines)
	}
	for _, a := range h.Address {
		if utf8.RuneCountInString(a) > maxHolderAddress {
			return fmt.Sprintf("An address line is longer than %d characters", maxHolderAddress)
		}
	}
	if h.StopMessage != "" && !facts.Messages[h.StopMessage] {
		return fmt.Sprintf("Fund %s has no message %s", h.Fund, h.StopMessage)
	}
	return ""
}

// AccountHolderOutcome compares a line about to be applied with the holder stored under its key
// (nil when none) and returns created, updated or unchanged.
func AccountHolderOutcome(stored *AccountHolder, h AccountHolder) string {
	switch {
	case stored == nil:
		return LineCreated
	case stored.Name == h.Name && equalLines(stored.Address, h.Address) && stored.Postcode == h.Postcode &&
		stored.Balance == h.Balance && stored.StopMessage == h.StopMessage:
		return LineUnchanged
	}
	return LineUpdated
}

func equalLines(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// CanSearchAccountHolders reports whether p may search and read account holders: staff holding any
// of TransactionList, TransactionDetails, Finance, Payments or SystemAdmin (all of whom look accounts
// up to take, find or correct money), or an API client with the account-holders scope.
func CanSearchAccountHolders(p Principal) error {
	for _, r := range []Role{TransactionList, TransactionDetails, Finance, Payments, SystemAdmin} {
		if p.HasRole(r) {
			return nil
		}
	}
	if p.HasScope(ScopeAccountHolders) {
		return nil
	}
	return Errorf(Forbidden, "You need one of the TransactionList, TransactionDetails, Finance, Payments or SystemAdmin roles to look up account holders.")
}

// CanChangeAccountHolders reports whether p may import account holders and set their stop messages:
// staff with Finance or SystemAdmin, or an API client with the account-holders scope.
func CanChangeAccountHolders(p Principal) error {
	if p.HasRole(Finance) || p.HasRole(SystemAdmin) || p.HasScope(ScopeAccountHolders) {
		return nil
	}
	return Errorf(Forbidden, "You need the Finance or SystemAdmin role to change account holders.")
}
