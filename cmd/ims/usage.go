package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// isHelp reports whether an argument asks for help.
func isHelp(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help" || arg == "help"
}

// wantsHelp prints usage to standard output and reports true when args is only a request for help
// (`ims ledger --help`). Help is an answer, not an error: it goes where `| less` finds it.
func (m *Main) wantsHelp(args []string, usage string) bool {
	if len(args) != 1 || !isHelp(args[0]) {
		return false
	}
	fmt.Fprintln(m.Stdout, usage)
	return true
}

// parseFlags parses a command's flags. --help prints the usage and every flag to standard output and
// returns exit 0; a flag the command does not have is named on standard error with the usage and
// returns exit 2. ok is true when the command should go on.
func (m *Main) parseFlags(fs *flag.FlagSet, args []string, usage string) (code int, ok bool) {
	fs.SetOutput(io.Discard) // the flag package's own messages are replaced by the ones below
	err := fs.Parse(args)
	switch {
	case err == nil:
		return exitOK, true
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprintln(m.Stdout, usage)
		fmt.Fprintln(m.Stdout, "\nflags:")
		fs.SetOutput(m.Stdout)
		fs.PrintDefaults()
		return exitOK, false
	}
	return m.usageError(usage, "%s: %v", fs.Name(), err), false
}

// usageError prints a one-line error and the command's usage to standard error and returns the usage
// exit code.
func (m *Main) usageError(usage, format string, args ...any) int {
	fmt.Fprintf(m.Stderr, "ims: "+format+"\n", args...)
	fmt.Fprintln(m.Stderr, usage)
	return exitUsage
}
