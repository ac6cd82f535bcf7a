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

// userUsage lists the user subcommands: creating staff accounts, and the operator's break-glass
// commands for when nobody can sign in to the back office to do it (see user_access.go).
const userUsage = `usage: ims user SUBCOMMAND
  create --email E --name N --role R... [--fund-group G...] < password
  list [--role R] [--disabled]
  unlock EMAIL
  set-password EMAIL < password
  reset-totp EMAIL
  disable EMAIL
  enable EMAIL
  grant EMAIL --role R...`

// runUser runs a user subcommand.
func (m *Main) runUser(ctx context.Context, args []string) int {
	if m.wantsHelp(args, userUsage) {
		return exitOK
	}
	if len(args) == 0 {
		return m.usageError(userUsage, "user: name a subcommand")
	}
	sub := map[string]func(context.Context, []string) int{
		"create": m.runUserCreate, "list": m.runUserList, "unlock": m.runUserUnlock,
		"set-password": m.runUserSetPassword, "reset-totp": m.runUserResetTOTP,
		"disable": m.runUserDisable, "enable": m.runUserEnable, "grant": m.runUserGrant,
	}
	run, ok := sub[args[0]]
	if !ok {
		return m.usageError(userUsage, "user: unknown subcommand %q", args[0])
	}
	return run(ctx, args[1:])
}

// runUserCreate creates a staff user. The password is read from standard input (one line), so it
// never appears in the process list or shell history.
func (m *Main) runUserCreate(ctx context.Context, args []string) int {
	const usage = "usage: ims user create --email E --name N --role R... [--fund-group G...] < password"
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	email := fs.String("email", "", "email address")
	name := fs.String("name", "", "full name")
	var roles, groups listFlag
	fs.Var(&roles, "role", "role (repeatable)")
	fs.Var(&groups, "fund-group", "fund group (repeatable)")
	if code, ok := m.parseFlags(fs, args, usage); !ok {
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
	password, err := m.readPassword()
	if err != nil {
		return m.errorf("user create: %v", err)
	}
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

// readPassword reads one line from standard input: a password, kept out of the process list and
// the shell history.
func (m *Main) readPassword() (string, error) {
	password, err := bufio.NewReader(m.Stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("reading the password from standard input: %v", err)
	}
	return strings.TrimRight(password, "\r\n"), nil
}

// runAPIClient creates an API client and prints its token alone on standard output: it is shown
// once and stored only as a hash.
func (m *Main) runAPIClient(ctx context.Context, args []string) int {
	const usage = "usage: ims apiclient create --name N --scope S... [--allow CIDR...] [--fund-group G...]"
	if m.wantsHelp(args, usage) {
		return exitOK
	}
	if len(args) == 0 || args[0] != "create" {
		return m.usageError(usage, "apiclient: the only subcommand is create")
	}
	fs := flag.NewFlagSet("apiclient create", flag.ContinueOnError)
	name := fs.String("name", "", "client name")
	var scopes, allow, groups listFlag
	fs.Var(&scopes, "scope", "scope (repeatable)")
	fs.Var(&allow, "allow", "allowed source address range in CIDR form (repeatable)")
	fs.Var(&groups, "fund-group", "fund group: the client sees only its groups' funds (repeatable; none: every fund)")
	if code, ok := m.parseFlags(fs, args[1:], usage); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return m.usageError(usage, "apiclient create: unexpected argument %q", fs.Arg(0))
	}
	c := ims.APIClient{Name: *name, IPAllow: allow, FundGroups: groups}
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
