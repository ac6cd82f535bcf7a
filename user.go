package ims

import (
	"net"
	"net/mail"
	"strings"
	"time"
)

// A User is a member of staff who signs in to the back office.
type User struct {
	ID         int64     `json:"id"`
	Email      string    `json:"email"`
	Name       string    `json:"name"`
	Roles      []Role    `json:"roles"`
	FundGroups []string  `json:"fund_groups,omitempty"` // funds the user sees and takes, unless SuperUser
	MOPs       []string  `json:"mops,omitempty"`        // methods of payment the user may post
	Disabled   bool      `json:"disabled,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	LastLogin  time.Time `json:"last_login,omitzero"`
}

// NormalizeEmail lower-cases and trims an email address so one person has one account.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Validate reports every problem with the user's fields.
func (u User) Validate() error {
	p := Problems{}
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email || a.Name != "" {
		p.Add("email", "Enter an email address in the correct format, like name@example.gov.uk")
	}
	if strings.TrimSpace(u.Name) == "" {
		p.Add("name", "Enter the user's name")
	}
	seen := map[Role]bool{}
	for _, r := range u.Roles {
		if !r.Valid() {
			p.Add("roles", "Role %q does not exist", r)
		}
		if seen[r] {
			p.Add("roles", "Role %s is listed twice", r)
		}
		seen[r] = true
	}
	return p.Err("User is not valid")
}

// An APIClient is another system (a council back office, an IVR) that calls the API with a secret
// bearer token. Only a hash of the token is stored; the token is shown once, when created.
type APIClient struct {
	ID          int64    `json:"id"`
	Name        string   `json:"name"`
	Scopes      []Scope  `json:"scopes"`
	IPAllow     []string `json:"ip_allow,omitempty"` // CIDR ranges; empty allows any address
	TokenPrefix string   `json:"token_prefix"`       // the token's first characters, to recognise it
	// FundGroups limit the funds the client sees and takes to theirs; with none it sees every fund.
	FundGroups []string  `json:"fund_groups,omitempty"`
	Disabled   bool      `json:"disabled,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

// Validate reports every problem with the client's fields.
func (c APIClient) Validate() error {
	p := Problems{}
	if strings.TrimSpace(c.Name) == "" {
		p.Add("name", "Enter a name for the API client")
	}
	if len(c.Scopes) == 0 {
		p.Add("scopes", "Give the client at least one scope")
	}
	for _, s := range c.Scopes {
		if !s.Valid() {
			p.Add("scopes", "Scope %q does not exist", s)
		}
	}
	for _, cidr := range c.IPAllow {
		if _, _, err := net.ParseCIDR(cidr); err != nil {
			p.Add("ip_allow", "%q is not an address range like 192.0.2.0/24", cidr)
		}
	}
	return p.Err("API client is not valid")
}

// An AuditEvent records one change: who made it, when, what, and the record before and after. The
// trail is append-only and hash-chained like the ledger.
type AuditEvent struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	Actor     string    `json:"actor"`
	RequestID string    `json:"request_id,omitempty"`
	Action    string    `json:"action"` // create, update, disable, delete, post, login…
	Entity    string    `json:"entity"` // fund, mop, user, posting…
	EntityID  string    `json:"entity_id"`
	Before    string    `json:"before,omitempty"` // canonical JSON of the record before, "" when created
	After     string    `json:"after,omitempty"`  // canonical JSON after, "" when deleted
	PrevHash  string    `json:"prev_hash"`
	Hash      string    `json:"hash"`
}
