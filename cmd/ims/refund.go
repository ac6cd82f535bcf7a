package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"
)

// runRefund lists refunds found at a card provider that no IMS refund asked for (made in the
// provider's own admin tool, say). IMS never posts them by itself; finance decide what each was for.
func (m *Main) runRefund(ctx context.Context, args []string) int {
	const usage = "usage: ims refund unmatched"
	if m.wantsHelp(args, usage) {
		return exitOK
	}
	if len(args) != 1 || args[0] != "unmatched" {
		return m.usageError(usage, "refund: the only subcommand is unmatched, with no arguments")
	}
	db, _, err := m.openDatabase(ctx, defaultDatabaseURL, false)
	if err != nil {
		return m.errorf("refund unmatched: %v", err)
	}
	defer db.Close()
	list, err := db.UnmatchedProviderRefunds(ctx)
	if err != nil {
		return m.errorf("refund unmatched: %v", err)
	}
	if len(list) == 0 {
		fmt.Fprintln(m.Stdout, "no refunds at a provider that IMS did not ask for")
		return exitOK
	}
	w := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "PAYMENT\tPROVIDER REFUND\tAMOUNT\tSTATUS\tMADE\tFOUND")
	for _, u := range list {
		made := "-"
		if !u.ProviderCreatedAt.IsZero() {
			made = u.ProviderCreatedAt.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", u.PaymentID, u.ProviderRefundID, u.Amount.Display(), u.Status,
			made, u.FoundAt.UTC().Format(time.RFC3339))
	}
	if err := w.Flush(); err != nil {
		return m.errorf("refund unmatched: %v", err)
	}
	return exitOK
}
