package main

import (
	"strings"
	"testing"
)

// Asking for help is not an error: the usage goes to standard output, where `ims --help | less`
// finds it, and the exit status is 0.
func TestHelpGoesToStandardOutput(t *testing.T) {
	for _, args := range [][]string{
		{"--help"}, {"-h"}, {"help"},
		{"serve", "--help"}, {"apiclient", "create", "--help"}, {"apiclient", "--help"},
		{"user", "create", "-h"}, {"reference", "check", "--help"}, {"ledger", "--help"},
		{"config", "--help"}, {"migrate", "--help"}, {"demo", "--help"},
	} {
		code, stdout, stderr := run(t, nil, "", args...)
		if code != exitOK || !strings.Contains(stdout, "usage: ims") || stderr != "" {
			t.Errorf("ims %s: exit %d, stdout %q, stderr %q; want 0 with the usage on standard output",
				strings.Join(args, " "), code, stdout, stderr)
		}
	}
	_, stdout, _ := run(t, nil, "", "apiclient", "create", "--help")
	for _, flag := range []string{"-name", "-scope", "-allow"} {
		if !strings.Contains(stdout, flag) {
			t.Errorf("apiclient create --help does not describe %s:\n%s", flag, stdout)
		}
	}
}

// A wrong flag or a stray argument is named, so the operator knows what to correct.
func TestWrongFlagIsNamed(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--frob"}, "-frob"},
		{[]string{"serve", "extra"}, `"extra"`},
		{[]string{"apiclient", "create", "--nme", "x"}, "-nme"},
		{[]string{"user", "create", "--emial", "a@b.example"}, "-emial"},
		{[]string{"reference", "check", "--fnd", "11", "X"}, "-fnd"},
	}
	for _, c := range cases {
		code, stdout, stderr := run(t, nil, "", c.args...)
		if code != exitUsage || stdout != "" || !strings.Contains(stderr, c.want) || !strings.Contains(stderr, "usage: ims") {
			t.Errorf("ims %s: exit %d, stdout %q, stderr %q; want 2 naming %s with the usage",
				strings.Join(c.args, " "), code, stdout, stderr, c.want)
		}
	}
}

// An error is printed once: a field error whose text is the error's message is not repeated
// underneath it.
func TestErrorsArePrintedOnce(t *testing.T) {
	code, _, stderr := run(t, nil, "", "apiclient", "create", "--name", "x", "--scope", "everything")
	if code != exitUsage || strings.Count(stderr, "is not an API scope") != 1 {
		t.Errorf("unknown scope: exit %d, stderr %q; want 2 and the message once", code, stderr)
	}
}
