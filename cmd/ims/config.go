package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/refdata"
)

func (m *Main) runConfig(ctx context.Context, args []string) int {
	const usage = "usage: ims config load FILE | ims config check | ims config export [-o FILE]"
	switch {
	case m.wantsHelp(args, usage):
		return exitOK
	case len(args) == 2 && args[0] == "load":
		return m.configLoad(ctx, args[1])
	case len(args) == 1 && args[0] == "check":
		return m.configCheck(ctx)
	case len(args) >= 1 && args[0] == "export":
		return m.configExport(ctx, args[1:])
	}
	return m.usageError(usage, "config: expected load FILE, check or export")
}

// readReferenceData parses a configuration document: JSON when the file starts with '{', YAML
// otherwise. Unknown keys are errors, so a misspelt setting is not silently ignored.
func readReferenceData(path string) (ims.ReferenceData, error) {
	var doc ims.ReferenceData
	b, err := os.ReadFile(path)
	if err != nil {
		return doc, err
	}
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '{' {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&doc); err != nil {
			return doc, fmt.Errorf("%s: %w", path, err)
		}
		return doc, nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		return doc, fmt.Errorf("%s: %w", path, err)
	}
	return doc, nil
}

func (m *Main) configLoad(ctx context.Context, path string) int {
	doc, err := readReferenceData(path)
	if err != nil {
		return m.errorf("config load: %v", err)
	}
	db, _, err := m.openDatabase(ctx, defaultDatabaseURL, false)
	if err != nil {
		return m.errorf("config load: %v", err)
	}
	defer db.Close()
	n, err := refdata.New(db).LoadReferenceData(ctx, ims.System(), doc)
	if err != nil {
		m.printError("config load", err)
		return exitUsage
	}
	fmt.Fprintf(m.Stdout, "loaded %d records from %s\n", n, path)
	return exitOK
}

func (m *Main) configCheck(ctx context.Context) int {
	db, _, err := m.openDatabase(ctx, defaultDatabaseURL, false)
	if err != nil {
		return m.errorf("config check: %v", err)
	}
	defer db.Close()
	problems, err := db.CheckConfiguration(ctx)
	if err != nil {
		return m.errorf("config check: %v", err)
	}
	for _, p := range problems {
		fmt.Fprintln(m.Stdout, "problem: "+p)
	}
	if len(problems) > 0 {
		return exitFailure
	}
	fmt.Fprintln(m.Stdout, "ok")
	return exitOK
}

// printError prints an error's message and each field problem on its own line. A field problem
// that only repeats the message (an error about one field says the same thing twice) is left out.
func (m *Main) printError(command string, err error) {
	message := ims.ErrorMessage(err)
	fmt.Fprintf(m.Stderr, "ims: %s: %s\n", command, message)
	fields := ims.ErrorFields(err)
	keys := make([]string, 0, len(fields))
	for k, v := range fields {
		if strings.TrimSpace(v) != message {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(m.Stderr, "  %s: %s\n", k, strings.TrimSpace(fields[k]))
	}
	if ims.ErrorCode(err) == ims.Internal {
		fmt.Fprintf(m.Stderr, "  cause: %v\n", err)
	}
}
