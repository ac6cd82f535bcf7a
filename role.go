package ims

import (
	"strconv"
	"strings"
)

// Role is a permission a staff user holds. A user holds several; every handler and service method
// checks the one it needs (SPEC §12). The string value is the role's name as staff see it and as it is
// stored, so it must never change once released.
type Role string

// The roles of SPEC §12.
const (
	TransactionList      Role = "TransactionList"      // search and list transactions
	TransactionDetails   Role = "TransactionDetails"   // open one transaction with its payer details
	Refund               Role = "Refund"               // refund a payment in full
	PartialRefund        Role = "PartialRefund"        // refund part of a payment
	RefundApprover       Role = "RefundApprover"       // approve refunds above the limit
	Journal              Role = "Journal"              // reallocate money already received
	Transfer             Role = "Transfer"             // move money between funds or references
	Payments             Role = "Payments"             // take card payments for a customer
	ChequeProcess        Role = "ChequeProcess"        // record cheques
	PostPayment          Role = "PostPayment"          // record payments that arrived by post
	Finance              Role = "Finance"              // imports, suspense, import rules
	Reporting            Role = "Reporting"            // read-only finance reports and exports
	CashReturns          Role = "CashReturns"          // complete cash returns for a site
	CashReturnAuthoriser Role = "CashReturnAuthoriser" // authorise submitted cash returns
	CashReturnDelete     Role = "CashReturnDelete"     // delete cash returns not yet authorised
	SystemAdmin          Role = "SystemAdmin"          // reference data, payment providers, configuration
	UserAdmin            Role = "UserAdmin"            // users and their roles (never their own)
	Auditor              Role = "Auditor"              // read the audit trail and verify the ledger
	SuperUser            Role = "SuperUser"            // not limited by fund groups; grants nothing else
)

// AllRoles returns every role in the order of SPEC §12, which is the order screens list them in.
// The slice is new on each call, so callers may change it.
func AllRoles() []Role {
	return []Role{
		TransactionList, TransactionDetails, Refund, PartialRefund, RefundApprover,
		Journal, Transfer, Payments, ChequeProcess, PostPayment, Finance, Reporting,
		CashReturns, CashReturnAuthoriser, CashReturnDelete,
		SystemAdmin, UserAdmin, Auditor, SuperUser,
	}
}

// Valid reports whether r is one of the roles of AllRoles, spelled exactly.
func (r Role) Valid() bool {
	for _, known := range AllRoles() {
		if r == known {
			return true
		}
	}
	return false
}

// ParseRole returns the role named s, ignoring case and surrounding spaces, so that "finance" typed on
// the command line means Finance. An unknown name gives an Invalid *Error on the field "role" that
// lists the valid roles.
func ParseRole(s string) (Role, error) {
	name := strings.TrimSpace(s)
	for _, r := range AllRoles() {
		if strings.EqualFold(name, string(r)) {
			return r, nil
		}
	}
	return "", FieldError("role", "%s is not a role; the roles are %s", strconv.Quote(name), joinNames(AllRoles()))
}

// Scope is a permission an API client holds: which part of the API it may call (SPEC §11). Clients
// get scopes rather than roles because they act for another system, not for a person.
type Scope string

// The API client scopes, one per group of API resources.
const (
	ScopeReferenceChecks Scope = "reference-checks" // validate account references
	ScopePayments        Scope = "payments"         // start payments and read their outcome
	ScopeRefunds         Scope = "refunds"          // request refunds
	ScopeRefundApprovals Scope = "refund-approvals" // approve or reject refunds above the approval limit
	ScopeTransactions    Scope = "transactions"     // read transactions and receipts
	ScopeImports         Scope = "imports"          // submit import files and read their progress
	ScopeSuspense        Scope = "suspense"         // read and allocate suspense items
	ScopeJournals        Scope = "journals"         // make and undo journals and transfers
	ScopeAccountHolders  Scope = "account-holders"  // read and bulk upsert account holders
	ScopeReferenceData   Scope = "reference-data"   // read funds, methods of payment and VAT codes
	ScopeCashReturns     Scope = "cash-returns"     // read cash returns
	ScopeExports         Scope = "exports"          // read ledger and posting exports
	ScopeWebhooks        Scope = "webhooks"         // manage outgoing webhook subscribers and their deliveries
)

// AllScopes returns every API client scope. The slice is new on each call, so callers may change it.
func AllScopes() []Scope {
	return []Scope{
		ScopeReferenceChecks, ScopePayments, ScopeRefunds, ScopeRefundApprovals, ScopeTransactions, ScopeImports,
		ScopeSuspense, ScopeJournals, ScopeAccountHolders, ScopeReferenceData, ScopeCashReturns, ScopeExports, ScopeWebhooks,
	}
}

// Valid reports whether s is one of the scopes of AllScopes, spelled exactly.
func (s Scope) Valid() bool {
	for _, known := range AllScopes() {
		if s == known {
			return true
		}
	}
	return false
}

// ParseScope returns the scope named s, ignoring case and surrounding spaces. An unknown name gives
// an Invalid *Error on the field "scope" that lists the valid scopes.
func ParseScope(s string) (Scope, error) {
	name := strings.TrimSpace(s)
	for _, sc := range AllScopes() {
		if strings.EqualFold(name, string(sc)) {
			return sc, nil
		}
	}
	return "", FieldError("scope", "%s is not an API scope; the scopes are %s", strconv.Quote(name), joinNames(AllScopes()))
}

// joinNames lists names for an error message: "a, b, c".
func joinNames[T ~string](names []T) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = string(n)
	}
	return strings.Join(parts, ", ")
}

// Principal is who is acting: a signed-in staff user, an API client, or the system itself. Exactly one
// of UserID and APIClientID is set, or neither for the system (see System). Services receive it with
// every call, check it with Require or RequireScope, and record Actor and RequestID in the audit trail.
type Principal struct {
	UserID      int64
	APIClientID int64
	Name        string  // for people reading the audit trail: the user's or client's name
	Roles       []Role  // a user's roles; empty for API clients
	Scopes      []Scope // an API client's scopes; empty for users
	RequestID   string  // the request that carries this action, to tie logs and audit rows together
	// Funds are the codes of the funds in the caller's fund groups: the only funds a user without
	// SuperUser (or an API client given fund groups) sees and takes. See SeesFund.
	Funds []string
	// AllFunds frees a caller that is not a user from fund groups: an API client given none. Users
	// are freed only by the SuperUser role. A principal with neither sees no fund (fail closed).
	AllFunds bool
}

// System returns the principal for work IMS does by itself (imports, reconciliation sweeps, expiry),
// named "system". It holds every role and scope, since nobody signed in to grant them, and so is not
// limited by fund groups either. Use it only for background work, never for a request from outside.
func System() Principal {
	return Principal{Name: "system", Roles: AllRoles(), Scopes: AllScopes()}
}

// HasRole reports whether p holds role r. SuperUser does not imply any other role: it only lifts the
// fund-group limit (see SeesAllFunds), so a SuperUser still needs Refund to refund.
func (p Principal) HasRole(r Role) bool {
	for _, held := range p.Roles {
		if held == r {
			return true
		}
	}
	return false
}

// HasScope reports whether p holds API scope s.
func (p Principal) HasScope(s Scope) bool {
	for _, held := range p.Scopes {
		if held == s {
			return true
		}
	}
	return false
}

// SeesAllFunds reports whether p is free of fund-group limits: a user with the SuperUser role, the
// system, or an API client given no fund groups (AllFunds). Everyone else sees and takes only the
// funds of their fund groups.
func (p Principal) SeesAllFunds() bool {
	return p.HasRole(SuperUser) || p.AllFunds
}

// SeesFund reports whether p may see and take fund code: always when p is free of fund groups (see
// SeesAllFunds), else only for the funds of p's fund groups.
func (p Principal) SeesFund(code string) bool {
	if p.SeesAllFunds() {
		return true
	}
	for _, f := range p.Funds {
		if f == code {
			return true
		}
	}
	return false
}

// Require returns nil when p holds role r, and otherwise a Forbidden *Error naming the missing role so
// the person knows what to ask their administrator for.
func (p Principal) Require(r Role) error {
	if p.HasRole(r) {
		return nil
	}
	return Errorf(Forbidden, "You need the %s role to do this.", r)
}

// RequireScope returns nil when p holds scope s, and otherwise a Forbidden *Error naming the missing
// scope.
func (p Principal) RequireScope(s Scope) error {
	if p.HasScope(s) {
		return nil
	}
	return Errorf(Forbidden, "This API client needs the %s scope to do this.", s)
}

// Actor returns who acted, as the audit trail records it: "user:12", "apiclient:3", or "system" when
// neither id is set. Ids rather than names, because names change and the audit trail must not.
func (p Principal) Actor() string {
	switch {
	case p.UserID != 0:
		return "user:" + strconv.FormatInt(p.UserID, 10)
	case p.APIClientID != 0:
		return "apiclient:" + strconv.FormatInt(p.APIClientID, 10)
	default:
		return "system"
	}
}
