package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/users"
)

// listFlag collects a flag given several times (--role Finance --role Journal) or comma-separated.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

// runUser creates a staff user. The password is read from standard input (one line), so it never
// appears in the process list or shell history.
func (m *Main) runUser(ctx context.Context, args []string) int {
	const usage = "usage: ims user create --email E --name N --role R... [--fund-group G...] < password"
	if m.wantsHelp(args, usage) {
		return exitOK
	}
	if len(args) == 0 || args[0] != "create" {
		return m.usageError(usage, "user: the only subcommand is create")
	}
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	email := fs.String("email", "", "email address")
	name := fs.String("name", "", "full name")
	var roles, groups listFlag
	fs.Var(&roles, "role", "role (repeatable)")
	fs.Var(&groups, "fund-group", "fund group (repeatable)")
	if code, ok := m.parseFlags(fs, args[1:], usage); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return m.usageError(usage, "user create: unexpected argument %q", fs.Arg(0))
	}
	u := ims.User{Email: *email, Name: *name, FundGroups: groups}
	for _, r := range roles {
		role, err := ims.ParseRole(r)
		if err != nil {
			m.printError("user create", err)
			return exitUsage
		}
		u.Roles = append(u.Roles, role)
	}
	password, err := bufio.NewReader(m.Stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return m.errorf("user create: reading the password from standard input: %v", err)
	}
	password = strings.TrimRight(password, "\r\n")
	db, _, err := m.openDatabase(ctx, defaultDatabaseURL, false)
	if err != nil {
		return m.errorf("user create: %v", err)
	}
	defer db.Close()
	created, err := users.New(db).CreateUser(ctx, ims.System(), u, password, auth.DefaultParams())
	if err != nil {
		m.printError("user create", err)
		return exitUsage
	}
	fmt.Fprintf(m.Stdout, "created user %d %s\n", created.ID, created.Email)
	return exitOK
}

// runAPIClient creates an API client and prints its token alone on standard output: it is shown
// once and stored only as a hash.
func (m *Main) runAPIClient(ctx context.Context, args []string) int {
	const usage = "usage: ims apiclient create --name N --scope S... [--allow CIDR...]"
	if m.wantsHelp(args, usage) {
		return exitOK
	}
	if len(args) == 0 || args[0] != "create" {
		return m.usageError(usage, "apiclient: the only subcommand is create")
	}
	fs := flag.NewFlagSet("apiclient create", flag.ContinueOnError)
	name := fs.String("name", "", "client name")
	var scopes, allow listFlag
	fs.Var(&scopes, "scope", "scope (repeatable)")
	fs.Var(&allow, "allow", "allowed source address range in CIDR form (repeatable)")
	if code, ok := m.parseFlags(fs, args[1:], usage); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return m.usageError(usage, "apiclient create: unexpected argument %q", fs.Arg(0))
	}
	c := ims.APIClient{Name: *name, IPAllow: allow}
	for _, s := range scopes {
		scope, err := ims.ParseScope(s)
		if err != nil {
			m.printError("apiclient create", err)
			return exitUsage
		}
		c.Scopes = append(c.Scopes, scope)
	}
	db, _, err := m.openDatabase(ctx, defaultDatabaseURL, false)
	if err != nil {
		return m.errorf("apiclient create: %v", err)
	}
	defer db.Close()
	_, token, err := users.New(db).CreateAPIClient(ctx, ims.System(), c)
	if err != nil {
		m.printError("apiclient create", err)
		return exitUsage
	}
	fmt.Fprintln(m.Stdout, token)
	return exitOK
}
