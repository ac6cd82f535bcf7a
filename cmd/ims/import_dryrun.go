package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/imports"
)

// importFile is `ims import --type T [--dry-run] [--json] [--force --reason R] FILE`: with --dry-run
// it reports what each line would do; without, it posts the file (importPost).
func (m *Main) importFile(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	typ := fs.String("type", "", "the import type's `code` (see ims import types)")
	dry := fs.Bool("dry-run", false, "report what each line would do, writing nothing")
	asJSON := fs.Bool("json", false, "print one JSON object instead of a table")
	force := fs.Bool("force", false, "import a file that was imported before (needs --reason)")
	reason := fs.String("reason", "", "why a file imported before is imported again (with --force)")
	if code, ok := m.parseFlags(fs, args, importUsage); !ok {
		return code
	}
	switch {
	case *typ == "":
		return m.usageError(importUsage, "import: --type is required")
	case fs.NArg() != 1:
		return m.usageError(importUsage, "import: expected one FILE")
	case *dry && *force:
		return m.usageError(importUsage, "import: --force posts; it cannot be used with --dry-run")
	}
	path := fs.Arg(0)
	db, _, err := m.openDatabase(ctx, defaultDatabaseURL, false)
	if err != nil {
		return m.errorf("import: %v", err)
	}
	defer db.Close()
	r, closeFile, err := m.openInput(path)
	if err != nil {
		return m.errorf("import: %v", err)
	}
	defer closeFile()
	if !*dry {
		req := imports.Request{ImportType: *typ, FileName: filepath.Base(path), Source: ims.ImportSourceCLI,
			Force: *force, ForceReason: *reason}
		return m.importPost(ctx, db, req, r, *asJSON)
	}
	rep, err := imports.New(db).DryRun(ctx, ims.System(), *typ, filepath.Base(path), r)
	if err != nil {
		var pe ims.ParseErrors
		if errors.As(err, &pe) {
			m.printParseError(path, "import type "+*typ, pe)
			return exitFailure
		}
		return m.refused("import", err)
	}
	if *asJSON {
		return m.printImportJSON(rep)
	}
	m.printImportTable(rep)
	return exitOK
}

// importJSON is the one object `ims import --json` prints: what a script needs to decide, without
// the lines.
type importJSON struct {
	ImportType string        `json:"import_type"`
	File       string        `json:"file"`
	Status     string        `json:"status"`
	Lines      int           `json:"lines"`
	Value      int64         `json:"value"`
	Ledger     imports.Count `json:"ledger"`
	Suspense   imports.Count `json:"suspense"`
	Skipped    imports.Count `json:"skipped"`
	Debits     imports.Count `json:"debits"`
	NotPosted  int           `json:"not_posted"`
	Warnings   []string      `json:"warnings"`
}

func (m *Main) printImportJSON(rep imports.Report) int {
	t := rep.Totals
	out := importJSON{ImportType: rep.ImportType, File: rep.File, Status: rep.Status, Lines: t.Lines, Value: t.Value,
		Ledger: t.Ledger, Suspense: t.Suspense, Skipped: t.Skipped, Debits: t.Debits, NotPosted: t.NotPosted,
		Warnings: rep.Warnings}
	if out.Warnings == nil {
		out.Warnings = []string{}
	}
	enc := json.NewEncoder(m.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return m.errorf("import: %v", err)
	}
	return exitOK
}

// printImportTable prints one row a line, the rule changes under it, then the totals.
func (m *Main) printImportTable(rep imports.Report) {
	fmt.Fprintf(m.Stdout, "Dry run of %s as import type %s (%s): nothing was written.\n", rep.File, rep.ImportType, rep.Format)
	for _, w := range rep.Warnings {
		fmt.Fprintf(m.Stdout, "Warning: %s\n", w)
	}
	fmt.Fprintln(m.Stdout)
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tLINE\tDATE\tAMOUNT\tFUND\tREFERENCE\tMOP\tOUTCOME\tWHY")
	for _, l := range rep.Lines {
		fileLine := ""
		if l.FileLine > 0 {
			fileLine = fmt.Sprint(l.FileLine)
		}
		amount := l.AmountText
		if l.Currency != "GBP" {
			amount += " " + l.Currency
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", l.N, fileLine, l.Date, amount, dash(l.Fund),
			dash(l.Reference), dash(l.MOP), l.Outcome, l.Reason)
		for _, c := range l.Changes {
			fmt.Fprintf(tw, "\t\t\t\t\t\t\t\trule %s: %s %q → %q\n", c.Rule, c.Field, c.Old, c.New)
		}
		for _, n := range l.Notes {
			fmt.Fprintf(tw, "\t\t\t\t\t\t\t\tnote: %s\n", n)
		}
	}
	tw.Flush()
	if rep.LinesLeftOut > 0 {
		fmt.Fprintf(m.Stdout, "The first %d lines are shown; %d more are counted in the totals.\n", len(rep.Lines), rep.LinesLeftOut)
	}
	m.printTotals(rep.Totals)
}

// dash stands in for a blank cell, so that the columns stay readable.
func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}
