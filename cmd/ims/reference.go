package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

func (m *Main) runReference(ctx context.Context, args []string) int {
	const usage = "usage: ims reference check --fund CODE [--amount 12.34] [--mop CODE] REFERENCE"
	if m.wantsHelp(args, usage) {
		return exitOK
	}
	if len(args) == 0 || args[0] != "check" {
		return m.usageError(usage, "reference: the only subcommand is check")
	}
	fs := flag.NewFlagSet("reference check", flag.ContinueOnError)
	fund := fs.String("fund", "", "fund code")
	amount := fs.String("amount", "", "amount in pounds and pence")
	mop := fs.String("mop", "", "method of payment code")
	if code, ok := m.parseFlags(fs, args[1:], usage); !ok {
		return code
	}
	switch {
	case *fund == "":
		return m.usageError(usage, "reference check: --fund is required")
	case fs.NArg() != 1:
		return m.usageError(usage, "reference check: give one reference (found %d)", fs.NArg())
	}
	c := ims.ReferenceCheck{Fund: *fund, Reference: fs.Arg(0), MOP: *mop}
	if *amount != "" {
		a, err := money.Parse(*amount)
		if err != nil {
			return m.errorf("reference check: --amount: %v", err)
		}
		c.Amount = &a
	}
	db, _, err := m.openDatabase(ctx, defaultDatabaseURL, false)
	if err != nil {
		return m.errorf("reference check: %v", err)
	}
	defer db.Close()
	res, err := db.CheckReference(ctx, ims.System(), c)
	if err != nil {
		m.printError("reference check", err)
		return exitUsage
	}
	if !res.Valid {
		fmt.Fprintf(m.Stdout, "invalid: %s\n", strings.Join(res.Errors, "; "))
		return exitFailure
	}
	fmt.Fprintln(m.Stdout, "valid")
	return exitOK
}
