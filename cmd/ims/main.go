// Command ims is the Income Management System: one binary that serves the web application and API,
// migrates the database, loads configuration and data, and verifies the ledger.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"

	"github.com/ims-council/ims/internal/auth"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	os.Exit(m.Run(ctx, os.Args[1:]))
}

// Exit codes shared by every command.
const (
	exitOK      = 0
	exitFailure = 1 // the command ran and the answer is "no" (invalid reference, broken chain, problems found)
	exitUsage   = 2 // the command could not run: bad flags, bad input, bad configuration
)

// Main is the whole program with its surroundings passed in, so tests run it in-process exactly as an
// operator runs the binary.
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string

	// demoHashing, when set, hashes the demo users' passwords instead of auth.DefaultParams: tests
	// set cheaper parameters. It is unexported so that the binary always hashes at full cost.
	demoHashing *auth.Params
}

// command is one subcommand: it receives the arguments after its name and returns the exit code.
type command struct {
	summary string
	run     func(m *Main, ctx context.Context, args []string) int
}

func (m *Main) commands() map[string]command {
	return map[string]command{
		"accountholders": {"accountholders import FILE: import an account holder CSV file", (*Main).runAccountHolders},
		"apiclient":      {"apiclient create --name N --scope S...: create an API client and print its token", (*Main).runAPIClient},
		"config":         {"config load FILE | config check | config export [-o FILE]: load, check or export reference data", (*Main).runConfig},
		"demo":           {"load the demo council into an empty database", (*Main).runDemo},
		"export":         {"export run [--target T] | show BATCH: write the export batches due; print a batch's file", (*Main).runExport},
		"import":         {"import types | --type T [--dry-run] FILE: list the import types; post a file (or report what it would do)", (*Main).runImport},
		"ledger":         {"ledger verify: recompute the ledger's hash chain", (*Main).runLedger},
		"migrate":        {"apply database migrations", (*Main).runMigrate},
		"reference":      {"reference check --fund CODE [--amount A] [--mop M] REF: validate a reference", (*Main).runReference},
		"refund":         {"refund unmatched: list refunds at a card provider that IMS did not ask for", (*Main).runRefund},
		"serve":          {"serve [--demo]: run the web application and API", (*Main).runServe},
		"statement":      {"statement show FILE: summarise a bank or payment file", (*Main).runStatement},
		"user":           {"user create | list | unlock | set-password | reset-totp | disable | enable | grant: staff accounts", (*Main).runUser},
		"version":        {"print the version", (*Main).runVersion},
	}
}

// Run executes the command named by args[0] and returns the process exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	cmds := m.commands()
	switch {
	case len(args) == 0:
		m.usage(m.Stderr, cmds)
		return exitUsage
	case isHelp(args[0]):
		m.usage(m.Stdout, cmds) // asked for: an answer, not an error
		return exitOK
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(m.Stderr, "ims: unknown command %q\n", args[0])
		m.usage(m.Stderr, cmds)
		return exitUsage
	}
	return c.run(m, ctx, args[1:])
}

func (m *Main) usage(w io.Writer, cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "usage: ims COMMAND [ARGS]\n\ncommands:")
	for _, n := range names {
		fmt.Fprintf(w, "  %-14s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\n`ims COMMAND --help` describes a command.")
}

// errorf prints a one-line error to standard error and returns the usage exit code.
func (m *Main) errorf(format string, args ...any) int {
	fmt.Fprintf(m.Stderr, "ims: "+format+"\n", args...)
	return exitUsage
}
