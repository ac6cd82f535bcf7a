package main

import (
	"context"
	"fmt"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/ledger"
)

// runLedger verifies the ledger's hash chain and, chained the same way, the audit trail's, so an
// auditor checks both with one command.
func (m *Main) runLedger(ctx context.Context, args []string) int {
	const usage = "usage: ims ledger verify"
	if m.wantsHelp(args, usage) {
		return exitOK
	}
	if len(args) != 1 || args[0] != "verify" {
		return m.usageError(usage, "ledger: the only subcommand is verify, with no arguments")
	}
	db, _, err := m.openDatabase(ctx, defaultDatabaseURL, false)
	if err != nil {
		return m.errorf("ledger verify: %v", err)
	}
	defer db.Close()
	ledgerReport, auditReport, err := ledger.New(db).Verify(ctx, ims.System())
	if err != nil {
		return m.errorf("ledger verify: %v", err)
	}
	chains := []struct {
		rep                ims.ChainReport
		broken, ok, record string
	}{
		{ledgerReport, "broken at posting", "ok", "postings"},
		{auditReport, "audit trail broken at event", "audit ok", "events"},
	}
	for _, c := range chains {
		if c.rep.BrokenAt != 0 {
			fmt.Fprintf(m.Stdout, "%s %d: %s\n", c.broken, c.rep.BrokenAt, c.rep.Reason)
			return exitFailure
		}
		fmt.Fprintf(m.Stdout, "%s %d %s, head %s\n", c.ok, c.rep.Postings, c.record, c.rep.Head)
	}
	return exitOK
}
