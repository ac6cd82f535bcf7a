package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/exports"
)

const exportCmdUsage = `usage: ims export run [--target T]
       ims export show BATCH

run makes every export batch that is due (the entries each target has not had yet; only target T
with --target), writes each file to IMS_EXPORT_DIR when it is set, and prints the batches' ids, one
a line: nothing when nothing is new. show writes batch BATCH's file to standard output, byte for
byte as it was first written.`

// runExport is the export command, for the operator and for a scheduler outside IMS; ims serve
// also runs the export daily.
func (m *Main) runExport(ctx context.Context, args []string) int {
	switch {
	case m.wantsHelp(args, exportCmdUsage):
		return exitOK
	case len(args) >= 1 && args[0] == "run":
		return m.exportRun(ctx, args[1:])
	case len(args) == 2 && args[0] == "show":
		return m.exportShow(ctx, args[1])
	}
	return m.usageError(exportCmdUsage, "export: expected run [--target T] or show BATCH")
}

func (m *Main) exportRun(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("export run", flag.ContinueOnError)
	target := fs.String("target", "", "only the export target `T`")
	if code, ok := m.parseFlags(fs, args, exportCmdUsage); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return m.usageError(exportCmdUsage, "export run: unexpected argument %q", fs.Arg(0))
	}
	db, cfg, err := m.openDatabase(ctx, defaultDatabaseURL, false)
	if err != nil {
		return m.errorf("export run: %v", err)
	}
	defer db.Close()
	made, err := exports.New(db, cfg.ExportDir).Run(ctx, ims.System(), *target)
	// The batches made are printed even when another target failed: they are recorded.
	for _, b := range made {
		fmt.Fprintln(m.Stdout, b.ID)
	}
	if err != nil {
		return m.refused("export run", err)
	}
	return exitOK
}

func (m *Main) exportShow(ctx context.Context, id string) int {
	db, cfg, err := m.openDatabase(ctx, defaultDatabaseURL, false)
	if err != nil {
		return m.errorf("export show: %v", err)
	}
	defer db.Close()
	_, content, err := exports.New(db, cfg.ExportDir).Batch(ctx, ims.System(), id)
	if err != nil {
		return m.refused("export show", err)
	}
	if _, err := m.Stdout.Write(content); err != nil {
		return m.errorf("export show: %v", err)
	}
	return exitOK
}
