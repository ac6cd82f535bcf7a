package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

func (m *Main) runReference(ctx context.Context, args []string) int {
	if len(args) == 0 || args[0] != "check" {
		return m.errorf("usage: ims reference check --fund CODE [--amount 12.34] [--mop CODE] REFERENCE")
	}
	fs := flag.NewFlagSet("reference check", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fund := fs.String("fund", "", "fund code")
	amount := fs.String("amount", "", "amount in pounds and pence")
	mop := fs.String("mop", "", "method of payment code")
	if err := fs.Parse(args[1:]); err != nil {
		return m.errorf("reference check: %v", err)
	}
	if *fund == "" || fs.NArg() != 1 {
		return m.errorf("usage: ims reference check --fund CODE [--amount 12.34] [--mop CODE] REFERENCE")
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
