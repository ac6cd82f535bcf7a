package main

import (
	"context"
	"fmt"

	"github.com/ims-council/ims"
)

func (m *Main) runLedger(ctx context.Context, args []string) int {
	if len(args) != 1 || args[0] != "verify" {
		return m.errorf("usage: ims ledger verify")
	}
	db, _, err := m.openDatabase(ctx, defaultDatabaseURL, false)
	if err != nil {
		return m.errorf("ledger verify: %v", err)
	}
	defer db.Close()
	rep, err := db.VerifyLedger(ctx, ims.System())
	if err != nil {
		return m.errorf("ledger verify: %v", err)
	}
	if rep.BrokenAt != 0 {
		fmt.Fprintf(m.Stdout, "broken at posting %d: %s\n", rep.BrokenAt, rep.Reason)
		return exitFailure
	}
	fmt.Fprintf(m.Stdout, "ok %d postings, head %s\n", rep.Postings, rep.Head)
	// The audit trail is chained the same way; an auditor checks both with one command.
	audit, err := db.VerifyAudit(ctx, ims.System())
	if err != nil {
		return m.errorf("ledger verify: audit trail: %v", err)
	}
	if audit.BrokenAt != 0 {
		fmt.Fprintf(m.Stdout, "audit trail broken at event %d: %s\n", audit.BrokenAt, audit.Reason)
		return exitFailure
	}
	fmt.Fprintf(m.Stdout, "audit ok %d events, head %s\n", audit.Postings, audit.Head)
	return exitOK
}
