package ims

import "time"

// Import states of a payment file (SPEC §7.3). An import is queued until its background job starts
// and running while its file is read and posted; then posted (one posting holds every line that
// went to the ledger or to suspense), failed (the file was refused, or the job gave up: nothing was
// posted) or, later, reversed (one reversing posting undid it).
const (
	ImportPosted   = "posted"
	ImportReversed = "reversed"
)

// Where a payment import came from. The back office upload, the API and the command line share
// the account holder imports' names (ImportSourceUpload, ImportSourceAPI, ImportSourceCLI).
const ImportSourceFolder = "folder" // a file dropped into the import type's folder under IMS_IMPORT_DIR

// An ImportCount is how many lines, and how much money in pence.
type ImportCount struct {
	Count int   `json:"count"`
	Pence int64 `json:"pence"`
}

// ImportTotals sums an import's lines by outcome. Value is the income the file holds (every line
// but debits, lines not posted and lines of statements held for review), so Ledger + Suspense +
// Skipped = Value.
type ImportTotals struct {
	Lines    int         `json:"lines"`
	Value    int64       `json:"value"`
	Ledger   ImportCount `json:"ledger"`
	Suspense ImportCount `json:"suspense"`
	Skipped  ImportCount `json:"skipped"`
	Debits   ImportCount `json:"debits"` // sterling debits, pence positive: the money that left the account
	// NotPosted counts the credits IMS cannot post (another currency, not booked); their amounts
	// are not added up, since they may be in several currencies.
	NotPosted int `json:"not_posted"`
	// Held counts the credits of statements held for review (their figures disagree), not posted.
	Held ImportCount `json:"held,omitzero"`
}

// An Import is one payment or bank file read into the ledger: where it came from, how far its
// background job has gone, and what it posted.
type Import struct {
	ID           int64        `json:"id"`
	ImportType   string       `json:"import_type"`
	Source       string       `json:"source"` // upload, api, cli or folder
	FileName     string       `json:"file_name"`
	SHA256       string       `json:"sha256"`
	Size         int64        `json:"size_bytes"`
	State        string       `json:"status"`            // queued, running, posted, failed, reversed
	Message      string       `json:"message,omitempty"` // why it failed, or what it did
	Errors       []string     `json:"errors,omitempty"`  // every reason the file was refused (capped)
	Warnings     []string     `json:"warnings,omitempty"`
	RowsTotal    int64        `json:"rows_total"` // lines to decide, known once the file has been read through
	RowsDone     int64        `json:"rows_done"`
	Totals       ImportTotals `json:"totals"`
	PostingID    int64        `json:"posting_id,omitempty"`
	Receipt      string       `json:"receipt_number,omitempty"`
	ReversalID   int64        `json:"reversal_posting_id,omitempty"`
	DuplicateOf  int64        `json:"duplicate_of,omitempty"`  // the earlier import of the same file, when forced
	ForcedReason string       `json:"forced_reason,omitempty"` // why the same file was imported again
	Actor        string       `json:"actor"`
	ActorName    string       `json:"actor_name"`
	CreatedAt    time.Time    `json:"created_at"`
	FinishedAt   *time.Time   `json:"finished_at,omitempty"`
}

// Finished reports whether the import's job has nothing left to do.
func (i Import) Finished() bool {
	return i.State == ImportPosted || i.State == ImportFailed || i.State == ImportReversed
}

// An ImportFilter chooses imports to list, newest first.
type ImportFilter struct {
	ImportType string
	State      string
	StartedBy  string // Principal.Actor of who started it; blank: anyone
	Before     int64  // only imports with a smaller id: the next page
	Limit      int
}
