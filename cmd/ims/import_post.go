package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/imports"
	"github.com/ims-council/ims/internal/jobs"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/money"
)

// importPost posts a file as an import, in this process, and prints what it did. The import's
// background job is enqueued too, to run in ten minutes: should this command stop part way (a
// killed process posts nothing, the posting being one transaction), a running server finishes it.
func (m *Main) importPost(ctx context.Context, db *sqldb.DB, req imports.Request, r io.Reader, asJSON bool) int {
	svc := imports.New(db)
	j, err := jobs.New(jobs.Config{DB: db})
	if err != nil {
		return m.errorf("import: %v", err)
	}
	svc.Queue = jobs.Later{Jobs: j, After: 10 * time.Minute}
	imp, err := svc.ImportNow(ctx, ims.System(), req, r)
	if err != nil {
		return m.refused("import", err)
	}
	if asJSON {
		if code := m.printPostedJSON(imp); code != exitOK {
			return code
		}
	} else {
		m.printPosted(imp)
	}
	if imp.State != ims.ImportPosted {
		if !asJSON {
			fmt.Fprintf(m.Stderr, "ims: import: %s\n", imp.Message)
			for _, e := range imp.Errors {
				fmt.Fprintf(m.Stderr, "ims: %s: %s\n", imp.FileName, e)
			}
		}
		return exitFailure
	}
	return exitOK
}

// postedJSON is the one object `ims import --json` prints for a posted (or refused) import.
type postedJSON struct {
	ImportID   int64         `json:"import_id"`
	ImportType string        `json:"import_type"`
	File       string        `json:"file"`
	Status     string        `json:"status"`
	Message    string        `json:"message"`
	Receipt    string        `json:"receipt_number,omitempty"`
	Lines      int           `json:"lines"`
	Value      int64         `json:"value"`
	Posted     imports.Count `json:"posted"`
	Suspense   imports.Count `json:"suspense"`
	Skipped    imports.Count `json:"skipped"`
	Debits     imports.Count `json:"debits"`
	NotPosted  int           `json:"not_posted"`
	Held       imports.Count `json:"held"`
	Errors     []string      `json:"errors"`
	Warnings   []string      `json:"warnings"`
}

func (m *Main) printPostedJSON(imp ims.Import) int {
	t := imp.Totals
	out := postedJSON{ImportID: imp.ID, ImportType: imp.ImportType, File: imp.FileName, Status: imp.State,
		Message: imp.Message, Receipt: imp.Receipt, Lines: t.Lines, Value: t.Value, Posted: t.Ledger,
		Suspense: t.Suspense, Skipped: t.Skipped, Debits: t.Debits, NotPosted: t.NotPosted, Held: t.Held,
		Errors: orEmpty(imp.Errors), Warnings: orEmpty(imp.Warnings)}
	enc := json.NewEncoder(m.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return m.errorf("import: %v", err)
	}
	return exitOK
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// printPosted prints the import's id, status and totals.
func (m *Main) printPosted(imp ims.Import) {
	fmt.Fprintf(m.Stdout, "Import %d of %s as import type %s: %s.\n", imp.ID, imp.FileName, imp.ImportType, imp.State)
	if imp.State != ims.ImportPosted {
		return
	}
	if imp.Receipt != "" {
		fmt.Fprintf(m.Stdout, "Posted as receipt %s.\n", imp.Receipt)
	}
	for _, w := range imp.Warnings {
		fmt.Fprintf(m.Stdout, "Warning: %s\n", w)
	}
	m.printTotals(imp.Totals)
}

// printTotals prints an import's lines by outcome, with their value.
func (m *Main) printTotals(t imports.Totals) {
	gbp := func(p int64) string { return money.Pence(p).Display() }
	fmt.Fprintf(m.Stdout, "\n%d lines, income %s\n", t.Lines, gbp(t.Value))
	fmt.Fprintf(m.Stdout, "  to the ledger   %5d  %s\n", t.Ledger.Count, gbp(t.Ledger.Pence))
	fmt.Fprintf(m.Stdout, "  to suspense     %5d  %s\n", t.Suspense.Count, gbp(t.Suspense.Pence))
	fmt.Fprintf(m.Stdout, "  skipped         %5d  %s\n", t.Skipped.Count, gbp(t.Skipped.Pence))
	fmt.Fprintf(m.Stdout, "  bank debits     %5d  %s (not posted)\n", t.Debits.Count, gbp(t.Debits.Pence))
	if t.Held.Count > 0 {
		fmt.Fprintf(m.Stdout, "  held for review %5d  %s (not posted: see each held line's reason)\n", t.Held.Count, gbp(t.Held.Pence))
	}
	if t.NotPosted > 0 {
		fmt.Fprintf(m.Stdout, "  not posted      %5d  (another currency, or not booked)\n", t.NotPosted)
	}
}
