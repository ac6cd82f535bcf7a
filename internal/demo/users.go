package demo

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/users"
)

// A Credential is one demo user's sign-in details.
type Credential struct {
	Email    string
	Name     string
	Roles    []ims.Role
	Password string
}

// Credentials are the demo users' sign-in details, in the order of ims.AllRoles with the user who
// holds every role last.
type Credentials []Credential

// Print writes the credentials as a table for the operator of a demo: email, password, roles.
func (c Credentials) Print(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "EMAIL\tPASSWORD\tROLES")
	for _, cr := range c {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", cr.Email, cr.Password, rolesText(cr.Roles))
	}
	return tw.Flush()
}

func rolesText(roles []ims.Role) string {
	if len(roles) == len(ims.AllRoles()) {
		return "every role"
	}
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

// access is what a demo user may see and take: fund groups (codes in demo-council.yaml) and
// methods of payment.
type access struct{ groups, mops []string }

// roleAccess gives each role's demo user the funds and methods of payment its job needs; roles not
// listed get every fund and no methods of payment.
func roleAccess() map[ims.Role]access {
	front := []string{"revenues", "housing", "environ", "library", "sundry"}
	sites := []string{"sundry"}
	return map[ims.Role]access{
		ims.Payments:             {front, []string{"92"}},
		ims.ChequeProcess:        {[]string{"revenues", "housing", "sundry"}, []string{"24", "2"}},
		ims.PostPayment:          {front, []string{"1", "24", "2"}},
		ims.Finance:              {[]string{"all"}, []string{"BK", "DW", "15", "18", "JN", "JR", "10", "11"}},
		ims.Journal:              {[]string{"all"}, []string{"JN", "JR"}},
		ims.Transfer:             {[]string{"all"}, []string{"10", "11"}},
		ims.Refund:               {[]string{"all"}, []string{"90", "92"}},
		ims.PartialRefund:        {[]string{"all"}, []string{"90", "92"}},
		ims.RefundApprover:       {[]string{"all"}, []string{"90", "92"}},
		ims.CashReturns:          {sites, []string{"1", "2"}},
		ims.CashReturnAuthoriser: {sites, []string{"1", "2"}},
		ims.CashReturnDelete:     {sites, []string{"1", "2"}},
	}
}

// alsoHolds gives a role's demo user the roles the job needs besides: a finance officer or a
// refunder cannot do their work without finding and opening the receipts it is about (SPEC §12).
func alsoHolds() map[ims.Role][]ims.Role {
	find := []ims.Role{ims.TransactionList, ims.TransactionDetails}
	return map[ims.Role][]ims.Role{
		ims.Finance:        append([]ims.Role{ims.Reporting}, find...),
		ims.Refund:         find,
		ims.PartialRefund:  append([]ims.Role{ims.Refund}, find...),
		ims.RefundApprover: find,
		ims.Journal:        find,
		ims.Transfer:       find,
		ims.Reporting:      find,
	}
}

// createUsers creates one user per role (with the roles its job needs besides) and one holding
// every role, their passwords hashed with hashing, and returns their credentials and, by role, the
// principal the user named for it acts as.
func createUsers(ctx context.Context, db *sqldb.DB, doc ims.ReferenceData, rand io.Reader, hashing auth.Params) (Credentials, map[ims.Role]ims.Principal, error) {
	words, err := wordList()
	if err != nil {
		return nil, nil, err
	}
	var accounts []ims.User
	var jobs []ims.Role // the role each account is named for
	acc, also := roleAccess(), alsoHolds()
	for _, r := range ims.AllRoles() {
		a, ok := acc[r]
		if !ok {
			a = access{groups: []string{"all"}}
		}
		accounts = append(accounts, ims.User{Email: strings.ToLower(string(r)) + "@demo.example", Name: "Demo " + spaced(r),
			Roles: append([]ims.Role{r}, also[r]...), FundGroups: a.groups, MOPs: a.mops})
		jobs = append(jobs, r)
	}
	every := ims.User{Email: "super@demo.example", Name: "Demo All Roles", Roles: ims.AllRoles(), FundGroups: []string{"all"}}
	for _, m := range doc.MOPs {
		every.MOPs = append(every.MOPs, m.Code)
	}
	accounts = append(accounts, every)

	creds := make(Credentials, 0, len(accounts))
	principals := map[ims.Role]ims.Principal{}
	for i, u := range accounts {
		pw, err := passphrase(rand, words, u.Email, u.Name)
		if err != nil {
			return nil, nil, err
		}
		created, err := users.New(db).CreateUser(ctx, ims.System(), u, pw, hashing)
		if err != nil {
			return nil, nil, err
		}
		creds = append(creds, Credential{Email: created.Email, Name: created.Name, Roles: created.Roles, Password: pw})
		// As the user signs in: with the funds of their fund groups, which imports validate with.
		p, _, err := users.New(db).StaffSession(ctx, created.ID)
		if err != nil {
			return nil, nil, err
		}
		if i < len(jobs) {
			principals[jobs[i]] = p
		}
	}
	return creds, principals, nil
}

// spaced writes a role's name as words: CashReturnAuthoriser → Cash Return Authoriser.
func spaced(r ims.Role) string {
	var b strings.Builder
	for i, c := range string(r) {
		if i > 0 && unicode.IsUpper(c) {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}
