package main

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/users"
)

// The break-glass commands: what an operator does when the only user administrator is locked out,
// has lost their phone, or has left. Each acts as the system principal (shell access to the server
// is the highest trust there is) through the users service, so each change is checked and audited
// as the same action in the back office is, and prints one line saying what it did. A refusal (an
// unknown email, a password the rules refuse) is named on standard error with exit status 1.

// userAction is one break-glass command's work on the user found by email; it returns the line
// to print.
type userAction func(ctx context.Context, svc *users.Service, u users.UserDetail) (string, error)

// runUserAction parses `ims user NAME EMAIL [flags]` with the flags of fs (flags may come before
// or after the email), finds the user and runs act on them. before, when not nil, runs after the
// arguments are parsed and before the database is opened: for input such as a password.
func (m *Main) runUserAction(ctx context.Context, fs *flag.FlagSet, args []string, usage string, before func() error, act userAction) int {
	name := fs.Name()
	var positional []string
	for {
		if code, ok := m.parseFlags(fs, args, usage); !ok {
			return code
		}
		if fs.NArg() == 0 {
			break
		}
		positional, args = append(positional, fs.Arg(0)), fs.Args()[1:]
	}
	switch {
	case len(positional) == 0:
		return m.usageError(usage, "%s: give the email address of the user", name)
	case len(positional) > 1:
		return m.usageError(usage, "%s: unexpected argument %q", name, positional[1])
	}
	if before != nil {
		if err := before(); err != nil {
			m.printError(name, err)
			return exitUsage
		}
	}
	db, _, err := m.openDatabase(ctx, defaultDatabaseURL, false)
	if err != nil {
		return m.errorf("%s: %v", name, err)
	}
	defer db.Close()
	svc := users.New(db)
	u, err := svc.UserByEmail(ctx, ims.System(), positional[0])
	if err != nil {
		return m.refused(name, err)
	}
	line, err := act(ctx, svc, u)
	if err != nil {
		return m.refused(name, err)
	}
	fmt.Fprintln(m.Stdout, line)
	return exitOK
}

// refused prints a service's error and returns its exit status: 1 when IMS answered no (no such
// user, a password the rules refuse), 2 when it could not answer (the database failed).
func (m *Main) refused(command string, err error) int {
	m.printError(command, err)
	switch ims.ErrorCode(err) {
	case ims.Invalid, ims.NotFound, ims.Conflict, ims.Forbidden:
		return exitFailure
	}
	return exitUsage
}

// runUserUnlock clears a user's failed sign-ins, which ends their lockout.
func (m *Main) runUserUnlock(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("user unlock", flag.ContinueOnError)
	return m.runUserAction(ctx, fs, args, "usage: ims user unlock EMAIL", nil,
		func(ctx context.Context, svc *users.Service, u users.UserDetail) (string, error) {
			n, err := svc.Unlock(ctx, ims.System(), u.ID)
			if err != nil || n == 0 {
				return fmt.Sprintf("%s had no failed sign-ins: nothing to unlock", u.Email), err
			}
			return fmt.Sprintf("unlocked %s: %d failed sign-ins cleared", u.Email, n), nil
		})
}

// runUserSetPassword gives a user the password read from standard input, under the password rules.
func (m *Main) runUserSetPassword(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("user set-password", flag.ContinueOnError)
	var password string
	read := func() (err error) {
		password, err = m.readPassword()
		return err
	}
	return m.runUserAction(ctx, fs, args, "usage: ims user set-password EMAIL < password", read,
		func(ctx context.Context, svc *users.Service, u users.UserDetail) (string, error) {
			if err := svc.SetPassword(ctx, ims.System(), u.ID, password); err != nil {
				return "", err
			}
			return fmt.Sprintf("set the password of %s; links sent to them before no longer work", u.Email), nil
		})
}

// runUserResetTOTP removes a user's authenticator app and recovery codes.
func (m *Main) runUserResetTOTP(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("user reset-totp", flag.ContinueOnError)
	return m.runUserAction(ctx, fs, args, "usage: ims user reset-totp EMAIL", nil,
		func(ctx context.Context, svc *users.Service, u users.UserDetail) (string, error) {
			if !u.TOTP {
				return fmt.Sprintf("%s has no authenticator app: nothing to reset", u.Email), nil
			}
			if err := svc.ResetTOTP(ctx, ims.System(), u.ID); err != nil {
				return "", err
			}
			return fmt.Sprintf("removed the authenticator app and recovery codes of %s", u.Email), nil
		})
}

// runUserDisable stops a user signing in.
func (m *Main) runUserDisable(ctx context.Context, args []string) int {
	return m.runUserSetDisabled(ctx, args, true)
}

// runUserEnable lets a disabled user sign in again.
func (m *Main) runUserEnable(ctx context.Context, args []string) int {
	return m.runUserSetDisabled(ctx, args, false)
}

func (m *Main) runUserSetDisabled(ctx context.Context, args []string, disabled bool) int {
	verb := "enable"
	if disabled {
		verb = "disable"
	}
	fs := flag.NewFlagSet("user "+verb, flag.ContinueOnError)
	return m.runUserAction(ctx, fs, args, "usage: ims user "+verb+" EMAIL", nil,
		func(ctx context.Context, svc *users.Service, u users.UserDetail) (string, error) {
			if u.Disabled == disabled {
				return fmt.Sprintf("%s is already %sd: nothing changed", u.Email, verb), nil
			}
			if err := svc.SetDisabled(ctx, ims.System(), u.ID, disabled); err != nil {
				return "", err
			}
			return fmt.Sprintf("%sd %s", verb, u.Email), nil
		})
}

// runUserGrant adds roles to a user, keeping those they hold: how an operator makes someone a user
// administrator again when there is none left who can sign in.
func (m *Main) runUserGrant(ctx context.Context, args []string) int {
	const usage = "usage: ims user grant EMAIL --role R..."
	fs := flag.NewFlagSet("user grant", flag.ContinueOnError)
	var names listFlag
	fs.Var(&names, "role", "role to add (repeatable)")
	var roles []ims.Role
	parse := func() error {
		if len(names) == 0 {
			return ims.FieldError("role", "Give at least one role to grant with --role")
		}
		for _, n := range names {
			r, err := ims.ParseRole(n)
			if err != nil {
				return err
			}
			roles = append(roles, r)
		}
		return nil
	}
	return m.runUserAction(ctx, fs, args, usage, parse,
		func(ctx context.Context, svc *users.Service, u users.UserDetail) (string, error) {
			var added, asked []string
			all := slices.Clone(u.Roles)
			for _, r := range roles {
				asked = append(asked, string(r))
				if !slices.Contains(all, r) {
					all = append(all, r)
					added = append(added, string(r))
				}
			}
			if len(added) == 0 {
				return fmt.Sprintf("%s already has %s: nothing changed", u.Email, strings.Join(asked, ", ")), nil
			}
			after, err := svc.UpdateUser(ctx, ims.System(), u.ID, users.UserChanges{
				Name: u.Name, Email: u.Email, Roles: all, FundGroups: u.FundGroups, MOPs: u.MOPs})
			if err != nil {
				return "", err
			}
			held := make([]string, len(after.Roles))
			for i, r := range after.Roles {
				held[i] = string(r)
			}
			return fmt.Sprintf("granted %s to %s; their roles are now %s", strings.Join(added, ", "), u.Email, strings.Join(held, ", ")), nil
		})
}
