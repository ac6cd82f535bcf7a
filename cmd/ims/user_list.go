package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/users"
)

// runUserList prints every staff account (or those of one role, or the disabled ones) with what an
// operator needs when someone cannot sign in: whether the account is disabled or locked, when it
// last signed in and whether it has an authenticator app.
func (m *Main) runUserList(ctx context.Context, args []string) int {
	const usage = "usage: ims user list [--role R] [--disabled]"
	fs := flag.NewFlagSet("user list", flag.ContinueOnError)
	role := fs.String("role", "", "only users holding this role")
	disabled := fs.Bool("disabled", false, "only disabled users")
	if code, ok := m.parseFlags(fs, args, usage); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return m.usageError(usage, "user list: unexpected argument %q", fs.Arg(0))
	}
	var f users.UserFilter
	if *role != "" {
		r, err := ims.ParseRole(*role)
		if err != nil {
			m.printError("user list", err)
			return exitUsage
		}
		f.Role = r
	}
	if *disabled {
		f.Disabled = disabled
	}
	db, _, err := m.openDatabase(ctx, defaultDatabaseURL, false)
	if err != nil {
		return m.errorf("user list: %v", err)
	}
	defer db.Close()
	accounts, err := users.New(db).Accounts(ctx, ims.System(), f)
	if err != nil {
		return m.refused("user list", err)
	}
	if len(accounts) == 0 {
		fmt.Fprintln(m.Stdout, "no users")
		return exitOK
	}
	now := db.Now()
	tw := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "EMAIL\tNAME\tROLES\tSTATUS\tLAST SIGN-IN\tAUTHENTICATOR APP")
	for _, a := range accounts {
		roles := make([]string, len(a.Roles))
		for i, r := range a.Roles {
			roles[i] = string(r)
		}
		app := "no"
		if a.TOTP {
			app = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", a.Email, a.Name, orNone(strings.Join(roles, ",")),
			accountStatus(a, now, db.London), londonTime(a.LastLogin, db.London, "never"), app)
	}
	if err := tw.Flush(); err != nil {
		return m.errorf("user list: %v", err)
	}
	return exitOK
}

// accountStatus says whether an account can sign in: enabled or disabled, and locked (until when,
// in UK time) under the lockout policy the server applies.
func accountStatus(a users.Account, now time.Time, london *time.Location) string {
	status := "enabled"
	if a.Disabled {
		status = "disabled"
	}
	locked, until := a.Locked(auth.DefaultLockoutPolicy(), now)
	switch {
	case locked && until.IsZero():
		status += ", locked until unlocked"
	case locked:
		status += ", locked until " + londonTime(until, london, "")
	}
	return status
}

// londonTime writes t as a UK date and time to the minute, or none for the zero time.
func londonTime(t time.Time, london *time.Location, none string) string {
	if t.IsZero() {
		return none
	}
	return t.In(london).Format("2006-01-02 15:04")
}

// orNone returns s, or "none" when it is empty, so no column of the list is blank.
func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
