package ims

import "time"

// LedgerVerification is one run of the ledger verification (ims ledger verify, or an Auditor's
// button in the back office): both hash chains recomputed, and who asked when.
type LedgerVerification struct {
	At        time.Time
	Actor     string // as the audit trail records it: "user:12"
	ActorName string
	Ledger    ChainReport
	Audit     ChainReport
}

// Verified reports whether both chains were intact.
func (v LedgerVerification) Verified() bool { return v.Ledger.BrokenAt == 0 && v.Audit.BrokenAt == 0 }

// Who returns who ran it, as AuditEntry.Who says it.
func (v LedgerVerification) Who() string {
	return AuditEntry{AuditEvent: AuditEvent{Actor: v.Actor}, ActorName: v.ActorName}.Who()
}
