package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/ims-council/ims"
)

// A Route is one entry of the route table: a ServeMux pattern with its method, who may call it, and
// the handler. The server checks Access before the handler runs, so a handler never checks it.
type Route struct {
	Pattern string // ServeMux pattern with method: "POST /api/v1/reference-checks"
	Access  Access
	Handler http.Handler
}

// Access says who may call a route: anyone (Public), an API client holding a scope (APIScope), a
// signed-in staff user holding one of some roles (StaffRoles), or any signed-in staff user
// (StaffSignedIn). The zero Access declares nothing:
// the server refuses to start with a route that has it, so no route can forget its access.
type Access struct {
	public   bool
	scope    ims.Scope
	roles    []ims.Role
	anyStaff bool
}

// Public is the access of a route anyone may call, signed in or not.
func Public() Access { return Access{public: true} }

// APIScope is the access of an API route: a bearer token of an API client holding scope s, from an
// address the client's allow-list admits.
func APIScope(s ims.Scope) Access { return Access{scope: s} }

// StaffRoles is the access of a back-office route: a signed-in staff user holding at least one of
// roles.
func StaffRoles(roles ...ims.Role) Access { return Access{roles: append([]ims.Role(nil), roles...)} }

// StaffSignedIn is the access of a back-office route for every signed-in staff user, whatever
// their roles (the home page, signing out, their own authenticator app), so that a user given no
// role yet can still see why and sign out.
func StaffSignedIn() Access { return Access{anyStaff: true} }

// AnyStaff reports whether every signed-in staff user may call the route.
func (a Access) AnyStaff() bool { return a.anyStaff }

// IsPublic reports whether anyone may call the route.
func (a Access) IsPublic() bool { return a.public }

// Scope returns the API scope the route needs, or "" when it is not an API route.
func (a Access) Scope() ims.Scope { return a.scope }

// Roles returns the staff roles of which the route needs one, or nil when it is not a staff route.
func (a Access) Roles() []ims.Role { return append([]ims.Role(nil), a.roles...) }

// String describes the access for people: "public", "API scope payments", "staff role Refund or
// PartialRefund".
func (a Access) String() string {
	switch {
	case a.public:
		return "public"
	case a.scope != "":
		return "API scope " + string(a.scope)
	case a.anyStaff:
		return "any signed-in staff user"
	case len(a.roles) > 0:
		names := make([]string, len(a.roles))
		for i, r := range a.roles {
			names[i] = string(r)
		}
		return "staff role " + strings.Join(names, " or ")
	}
	return "undeclared"
}

// check returns an error unless a declares exactly one kind of access, with known scopes and roles.
func (a Access) check() error {
	kinds := 0
	for _, set := range []bool{a.public, a.scope != "", len(a.roles) > 0, a.anyStaff} {
		if set {
			kinds++
		}
	}
	switch {
	case kinds == 0:
		return errors.New("declares no access: give it web.Public(), web.APIScope(…), web.StaffRoles(…) or web.StaffSignedIn()")
	case kinds > 1:
		return fmt.Errorf("declares %d kinds of access; want one", kinds)
	case a.scope != "" && !a.scope.Valid():
		return fmt.Errorf("needs unknown API scope %q", a.scope)
	}
	for _, r := range a.roles {
		if !r.Valid() {
			return fmt.Errorf("needs unknown role %q", r)
		}
	}
	return nil
}

// CheckRoutes returns an error naming every route that lacks a valid access declaration or a
// handler. Server.Handler calls it, so a server with such a route does not start.
func CheckRoutes(routes []Route) error {
	var problems []string
	for _, r := range routes {
		if err := r.Access.check(); err != nil {
			problems = append(problems, fmt.Sprintf("route %q %v", r.Pattern, err))
		}
		if r.Handler == nil {
			problems = append(problems, fmt.Sprintf("route %q has no handler", r.Pattern))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("the route table is wrong: %s", strings.Join(problems, "; "))
	}
	return nil
}
