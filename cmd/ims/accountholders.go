package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/accountholders"
)

func (m *Main) runAccountHolders(ctx context.Context, args []string) int {
	const usage = "usage: ims accountholders import FILE\n\n" +
		"Imports an account holder CSV file (a header row naming reference, fund, name, address1 to address4,\n" +
		"postcode, balance and stop_message) in this process, creating or updating each holder by fund and\n" +
		"reference. Prints the counts and every refused line with its reason. Exit status: 0 when every line\n" +
		"was applied, 1 when any line was refused (the others are applied), 2 when the file could not be read\n" +
		"(nothing is applied)."
	switch {
	case m.wantsHelp(args, usage):
		return exitOK
	case len(args) == 2 && args[0] == "import":
		return m.accountHoldersImport(ctx, args[1])
	}
	return m.usageError(usage, "accountholders: expected import FILE")
}

func (m *Main) accountHoldersImport(ctx context.Context, path string) int {
	if _, err := os.Stat(path); err != nil {
		return m.errorf("accountholders import: %v", err)
	}
	db, _, err := m.openDatabase(ctx, defaultDatabaseURL, false)
	if err != nil {
		return m.errorf("accountholders import: %v", err)
	}
	defer db.Close()
	var f *os.File
	defer func() {
		if f != nil {
			f.Close()
		}
	}()
	// The file is read twice (checked, then applied): each read opens it afresh.
	open := func() (io.Reader, error) {
		if f != nil {
			f.Close()
		}
		f, err = os.Open(path)
		return f, err
	}
	svc := accountholders.New(db)
	// The operator at the console acts as the system: every fund, as ims config load does.
	imp, err := svc.ImportFile(ctx, ims.System(), filepath.Base(path), open)
	if err != nil {
		m.printError("accountholders import", err)
		return exitUsage
	}
	fmt.Fprintf(m.Stdout, "import %d of %s: %s: %d lines, %d created, %d updated, %d unchanged, %d refused\n",
		imp.ID, imp.FileName, imp.State, imp.RowsDone, imp.Created, imp.Updated, imp.Unchanged, imp.Refused)
	if imp.State == ims.ImportFailed {
		fmt.Fprintf(m.Stderr, "ims: accountholders import: %s\n", imp.Message)
	}
	for offset := 0; ; offset += 1000 {
		lines, err := svc.ImportLines(ctx, ims.System(), imp.ID, offset, 1000)
		if err != nil {
			m.printError("accountholders import", err)
			return exitUsage
		}
		done := len(lines) < 1000
		for _, l := range lines {
			if l.Outcome != ims.LineRefused {
				done = true
				break
			}
			fmt.Fprintf(m.Stderr, "line %d: %s %s: %s\n", l.Line, l.Fund, l.Reference, l.Reason)
		}
		if done {
			break
		}
	}
	switch {
	case imp.State == ims.ImportFailed:
		return exitUsage
	case imp.Refused > 0:
		return exitFailure
	}
	return exitOK
}
