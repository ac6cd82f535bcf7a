package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat"
	"github.com/ims-council/ims/internal/fileformat/bankcsv"
)

const statementUsage = `usage: ims statement show [--format F | --profile P.yaml] FILE

Reads a payment or bank file and prints a JSON summary: statements, entries, credit and debit
totals per currency, opening and closing balances, whether each statement reconciles, and every
problem found, each with the statement it belongs to ("statement", left out for the file as a
whole) and whether it is only a warning; an import holds a statement whose problem is not a
warning for review. Without --format the format is told from the file's content. --profile reads a
bank CSV export with a profile of your own (see docs/file-formats.md). FILE "-" reads standard
input.

Exit status: 0 when the file was read (whatever problems it has), 2 when it could not be read.
`

// runStatement dispatches the statement subcommands; "show" is the only one.
func (m *Main) runStatement(ctx context.Context, args []string) int {
	if len(args) == 0 || args[0] != "show" {
		if len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help") {
			fmt.Fprint(m.Stdout, statementUsage)
			return exitOK
		}
		fmt.Fprint(m.Stderr, statementUsage)
		return exitUsage
	}
	return m.runStatementShow(ctx, args[1:])
}

// runStatementShow parses one file and prints its summary.
func (m *Main) runStatementShow(_ context.Context, args []string) int {
	fs := flag.NewFlagSet("statement show", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprint(m.Stderr, statementUsage, "\nformats: "+strings.Join(fileformat.Names(), ", ")+"\n")
	}
	formatName := fs.String("format", "", "the file's format (one of "+strings.Join(fileformat.Names(), ", ")+"); detected when omitted")
	profilePath := fs.String("profile", "", "a bank CSV `profile` file (YAML) to read the file with")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitUsage
	}
	path := fs.Arg(0)

	var format fileformat.Format
	switch {
	case *profilePath != "" && *formatName != "" && *formatName != bankcsv.Format:
		return m.errorf("statement show: --profile is for bank CSV files; it cannot be used with --format %s", *formatName)
	case *profilePath != "":
		p, err := loadProfile(*profilePath)
		if err != nil {
			return m.errorf("statement show: %v", err)
		}
		*formatName = bankcsv.Format // the file's format is given, so a refusal gets the hint below
		format = fileformat.Format{Name: bankcsv.Format, Sniff: bankcsv.Sniff,
			Parse: func(r io.Reader) (*ims.StatementFile, error) { return bankcsv.ParseProfile(r, p) },
			Scan: func(r io.Reader, each ims.EntryFunc) (*ims.StatementFile, error) {
				return bankcsv.ScanProfile(r, p, each)
			}}
	case *formatName != "":
		// Check the name before opening the file, so a typo is reported as such.
		var err error
		if format, err = fileformat.Lookup(*formatName); err != nil {
			return m.errorf("statement show: %s", ims.ErrorMessage(err))
		}
	}

	r, closeFile, err := m.openInput(path)
	if err != nil {
		return m.errorf("statement show: %v", err)
	}
	defer closeFile()
	// The buffer holds the head for detection and then streams the whole file to the parser.
	br := bufio.NewReaderSize(r, fileformat.SniffLen)
	head, err := br.Peek(fileformat.SniffLen)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return m.errorf("statement show: %s: %v", path, err)
	}
	if format.Name == "" {
		if format, err = fileformat.Detect(head); err != nil {
			return m.errorf("statement show: %s: %s", path, ims.ErrorMessage(err))
		}
		fmt.Fprintf(m.Stderr, "ims: detected format %s\n", format.Name)
	}

	// The summary needs the counts and totals, which the parser keeps, not the entries: a file of
	// any size is shown in constant memory.
	file, err := format.Scan(br, func(*ims.Statement, *ims.Entry) error { return nil })
	if err != nil {
		m.printParseError(path, format.Name, err)
		if *formatName != "" {
			// The parser says what it expected; a hint about what the file seems to be saves a guess.
			if other, derr := fileformat.Detect(head); derr == nil && other.Name != format.Name {
				fmt.Fprintf(m.Stderr, "ims: %s looks like %s; try --format %s or leave --format out\n", path, other.Name, other.Name)
			}
		}
		return exitUsage
	}

	enc := json.NewEncoder(m.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // narratives and messages are shown as the file wrote them
	if err := enc.Encode(fileformat.Summarize(file)); err != nil {
		return m.errorf("statement show: writing the summary: %v", err)
	}
	return exitOK
}

// loadProfile reads a bank CSV profile from a YAML (or JSON) file and checks it, refusing keys that
// are not profile fields so that a misspelt one is not silently ignored.
func loadProfile(path string) (bankcsv.Profile, error) {
	var p bankcsv.Profile
	f, err := os.Open(path)
	if err != nil {
		return p, err
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil {
		return p, fmt.Errorf("profile %s: %v", path, err)
	}
	if err := p.Validate(); err != nil {
		return p, fmt.Errorf("profile %s is not valid: %v", path, err)
	}
	return p, nil
}

// openInput opens path for reading, or standard input for "-".
func (m *Main) openInput(path string) (io.Reader, func(), error) {
	if path == "-" {
		return m.Stdin, func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}

// printParseError prints every reason the file could not be read, one a line, each with where it is.
func (m *Main) printParseError(path, format string, err error) {
	var pes ims.ParseErrors
	if !errors.As(err, &pes) {
		fmt.Fprintf(m.Stderr, "ims: %s: cannot be read as %s: %v\n", path, format, err)
		return
	}
	fmt.Fprintf(m.Stderr, "ims: %s: cannot be read as %s (%d %s):\n", path, format, len(pes), plural(len(pes), "error", "errors"))
	for _, pe := range pes {
		fmt.Fprintf(m.Stderr, "ims: %s: %s\n", path, describeParseError(pe))
	}
}

// describeParseError writes "line 12, column 3: reason", naming a numeric column as such and an XML
// path or column name as the parser gave it.
func describeParseError(pe ims.ParseError) string {
	var where []string
	if pe.Line > 0 {
		where = append(where, fmt.Sprintf("line %d", pe.Line))
	}
	if pe.Column != "" {
		if isDigits(pe.Column) {
			where = append(where, "column "+pe.Column)
		} else {
			where = append(where, pe.Column)
		}
	}
	if len(where) == 0 {
		return pe.Message
	}
	return strings.Join(where, ", ") + ": " + pe.Message
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
