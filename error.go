// Package ims is the domain vocabulary of the Income Management System: the types a council's finance
// team talks about (funds, methods of payment, VAT codes, references, the ledger), their pure rules,
// and the interfaces of the services that store them. It depends on nothing in the module but money
// and checkdigit; implementations live in packages named after what they depend on.
package ims

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Code classifies an error by what the caller should do about it. One table (in the HTTP layers and
// the CLI) maps each code to a status or an exit code.
type Code string

// The error codes. Every error that leaves a service carries one of them.
const (
	Invalid      Code = "invalid"      // the request is wrong; Fields names what to correct
	NotFound     Code = "not_found"    // the thing asked for does not exist (or the caller may not see it)
	Conflict     Code = "conflict"     // the request is valid but clashes with the current state
	Unauthorized Code = "unauthorized" // no valid credentials
	Forbidden    Code = "forbidden"    // valid credentials without the role or scope needed
	Unavailable  Code = "unavailable"  // a dependency is down; trying later may work
	Internal     Code = "internal"     // a defect or an unexpected failure; details are logged, not shown
)

// Error is the one error type of IMS. Message is written for the person who made the request; Fields
// maps a field name (as the request spelled it) to what is wrong with it; Err is the cause, logged
// but not shown.
type Error struct {
	Code    Code
	Op      string
	Message string
	Fields  map[string]string
	Err     error
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	if e.Message != "" {
		b.WriteString(e.Message)
	} else {
		b.WriteString(string(e.Code))
	}
	if len(e.Fields) > 0 {
		keys := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for i, k := range keys {
			if i == 0 {
				b.WriteString(" (")
			} else {
				b.WriteString("; ")
			}
			fmt.Fprintf(&b, "%s: %s", k, e.Fields[k])
		}
		b.WriteString(")")
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message for people.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError returns an Invalid error about one field.
func FieldError(field, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	return &Error{Code: Invalid, Message: msg, Fields: map[string]string{field: msg}}
}

// ErrorCode returns the code of the first *Error in err's chain, Internal for any other non-nil
// error, and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// ErrorMessage returns the message meant for people: the *Error's message, or a generic sentence for
// internal errors, whose details must not reach users.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != Internal {
		if e.Message != "" {
			return e.Message
		}
		return string(e.Code)
	}
	return "An internal error occurred."
}

// ErrorFields returns the per-field messages of the first *Error in err's chain.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Wrap sets the Op of an *Error in *errp (or wraps any other error as Internal with that Op). Use it
// deferred at the top of a service method: defer ims.Wrap(&err, "FundService.Create(%q)", code).
func Wrap(errp *error, format string, args ...any) {
	if *errp == nil {
		return
	}
	op := fmt.Sprintf(format, args...)
	var e *Error
	if errors.As(*errp, &e) {
		if e.Op == "" {
			e.Op = op
		}
		return
	}
	*errp = &Error{Code: Internal, Op: op, Err: *errp}
}

// Problems accumulates field errors during validation so a person sees every problem at once.
type Problems map[string]string

// Add records a problem with a field, keeping the first problem found for each field.
func (p Problems) Add(field, format string, args ...any) {
	if _, ok := p[field]; !ok {
		p[field] = fmt.Sprintf(format, args...)
	}
}

// Err returns nil when there are no problems, or an Invalid *Error listing them.
func (p Problems) Err(message string) error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: message, Fields: p}
}
