package main

import (
	"context"
	"encoding/json"
	"flag"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/refdata"
)

const importUsage = `usage: ims import types
       ims import --type T [--dry-run] [--json] [--force --reason R] FILE

types prints the import types as JSON, the names --type takes. --dry-run reads FILE as an import
of type T and prints what each line would do (ledger, suspense and why, skipped, bank debit) and
the totals, writing nothing; with --json it prints one JSON object. A file that cannot be imported
exits 1 with every reason.

Without --dry-run the file is posted: one posting holds every line bound for the ledger or for
suspense, all or nothing, and the import's id, status and totals are printed (--json: one object).
A refused file exits 1 with every reason and posts nothing. A file imported before (the same
SHA-256) is refused naming the first import, unless --force is given with --reason.`

// runImport is the import command: `ims import types` lists the import types, the names a script
// passes to --type; `ims import --type T [--dry-run] FILE` posts FILE, or reports what it would do.
func (m *Main) runImport(ctx context.Context, args []string) int {
	switch {
	case m.wantsHelp(args, importUsage):
		return exitOK
	case len(args) >= 1 && args[0] == "types":
		return m.importTypes(ctx, args[1:])
	case len(args) >= 1 && strings.HasPrefix(args[0], "-"):
		return m.importFile(ctx, args)
	}
	return m.usageError(importUsage, "import: expected types or --type T [--dry-run] FILE")
}

// importTypeJSON is one import type as `ims import types` prints it. Its keys are always present (a
// type without a fund has "fund": null), so a script can read them without checking first.
type importTypeJSON struct {
	Code           string            `json:"code"`
	Name           string            `json:"name"`
	Format         string            `json:"format"`
	BankCSVProfile *string           `json:"bank_csv_profile"`
	Fund           *string           `json:"fund"`
	DefaultMOP     string            `json:"default_mop"`
	DefaultOffice  string            `json:"default_office"`
	ChannelMOPs    map[string]string `json:"channel_mops"`
	DropFolder     *string           `json:"drop_folder"`
	Disabled       bool              `json:"disabled"`
}

// importTypes prints every import type, disabled ones included, as one JSON array in code order.
func (m *Main) importTypes(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("import types", flag.ContinueOnError)
	if code, ok := m.parseFlags(fs, args, importUsage); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return m.usageError(importUsage, "import types: unexpected argument %q", fs.Arg(0))
	}
	db, _, err := m.openDatabase(ctx, defaultDatabaseURL, false)
	if err != nil {
		return m.errorf("import types: %v", err)
	}
	defer db.Close()
	types, err := refdata.New(db).ImportTypes().List(ctx, ims.System())
	if err != nil {
		return m.refused("import types", err)
	}
	out := make([]importTypeJSON, len(types))
	for i, t := range types {
		channels := t.ChannelMOPs
		if channels == nil {
			channels = map[string]string{}
		}
		out[i] = importTypeJSON{Code: t.Code, Name: t.Name, Format: t.Format, BankCSVProfile: orNull(t.BankCSVProfile),
			Fund: orNull(t.Fund), DefaultMOP: t.DefaultMOP, DefaultOffice: t.DefaultOffice, ChannelMOPs: channels,
			DropFolder: orNull(t.DropFolder), Disabled: t.Disabled}
	}
	enc := json.NewEncoder(m.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return m.errorf("import types: %v", err)
	}
	return exitOK
}

// orNull is nil for a blank field, which JSON writes as null.
func orNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
