// Package users is the service of staff accounts and API clients: creating them (password rules,
// hashing, tokens) and signing them in (the lockout policy, answers that do not tell which accounts
// exist). It owns its transactions; the rules come from internal/auth and package ims, the SQL from
// the storage kernel.
package users

import (
	"context"
	"fmt"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/sqldb"
)

// Service creates and signs in the staff accounts and API clients of one database.
type Service struct {
	DB *sqldb.DB
	// PasswordVerifier checks a sign-in's password against a stored hash; nil means
	// auth.VerifyPassword. Tests wrap it to see which hashes each sign-in checks.
	PasswordVerifier func(password, hash string) (ok, needsRehash bool, err error)
	// BaseURL is IMS_BASE_URL, the start of the links that invitation and password reset emails
	// carry (see invite.go).
	BaseURL string
	// Params hash the passwords user administrators set and users choose through invitations;
	// zero means auth.DefaultParams.
	Params auth.Params
}

// New returns the users service of db.
func New(db *sqldb.DB) *Service { return &Service{DB: db} }

// CreateUser creates a staff account with a password that meets the password rules. It needs the
// UserAdmin role. The password is stored only as an argon2id hash, made with params.
func (s *Service) CreateUser(ctx context.Context, p ims.Principal, u ims.User, password string, params auth.Params) (created ims.User, err error) {
	defer ims.Wrap(&err, "CreateUser(%q)", u.Email)
	if err := p.Require(ims.UserAdmin); err != nil {
		return created, err
	}
	u.Email = ims.NormalizeEmail(u.Email)
	if err := u.Validate(); err != nil {
		return created, err
	}
	if err := auth.CheckPasswordRules(password, u.Email, u.Name); err != nil {
		return created, err
	}
	hash, err := auth.HashPassword(password, params, s.DB.Rand)
	if err != nil {
		return created, err
	}
	u.CreatedAt = s.DB.Now()
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		id, inserted, err := tx.InsertUser(ctx, u, hash)
		if err != nil {
			return err
		}
		if !inserted {
			return ims.FieldError("email", "A user with email %s already exists", u.Email)
		}
		u.ID = id
		return tx.Audit(ctx, p, "create", "user", fmt.Sprint(u.ID), nil, u)
	})
	return u, err
}

// CreateAPIClient registers another system and returns its secret token, which is shown once: only
// its hash and a short lookup prefix are stored. It needs the UserAdmin role.
func (s *Service) CreateAPIClient(ctx context.Context, p ims.Principal, c ims.APIClient) (created ims.APIClient, token string, err error) {
	defer ims.Wrap(&err, "CreateAPIClient(%q)", c.Name)
	if err := p.Require(ims.UserAdmin); err != nil {
		return created, "", err
	}
	c.Scopes, c.FundGroups = sortedScopes(c.Scopes), sortedCodes(c.FundGroups)
	if err := c.Validate(); err != nil {
		return created, "", err
	}
	if token, err = auth.NewToken(s.DB.Rand); err != nil {
		return created, "", err
	}
	c.TokenPrefix, c.CreatedAt = auth.TokenPrefix(token), s.DB.Now()
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		id, inserted, err := tx.InsertAPIClient(ctx, c, auth.HashToken(token))
		if err != nil {
			return err
		}
		if !inserted {
			return ims.FieldError("name", "An API client named %s already exists", c.Name)
		}
		c.ID = id
		if err := tx.SetAPIClientFundGroups(ctx, id, c.FundGroups); err != nil {
			return err
		}
		return tx.Audit(ctx, p, "create", "api_client", fmt.Sprint(c.ID), nil, c)
	})
	return c, token, err
}

// AuthenticateToken returns the principal of the API client holding token, or Unauthorized.
func (s *Service) AuthenticateToken(ctx context.Context, token string) (p ims.Principal, c ims.APIClient, err error) {
	defer ims.Wrap(&err, "AuthenticateToken")
	refused := ims.Errorf(ims.Unauthorized, "The API token is missing, wrong or disabled")
	prefix := auth.TokenPrefix(token)
	if prefix == "" {
		return p, c, refused
	}
	// Cached on each instance until any API client changes (sqldb.DB.APIClientForToken), so a
	// revoked or disabled token is refused by every instance from the next request on.
	a, found, err := s.DB.APIClientForToken(ctx, prefix)
	if err != nil {
		return p, c, err
	}
	c = a.Client
	if !found || c.Disabled || !auth.TokenMatches(token, a.TokenHash) {
		return p, ims.APIClient{}, refused
	}
	// A client given fund groups sees only their funds; one given none sees every fund.
	return ims.Principal{APIClientID: c.ID, Name: c.Name, Scopes: c.Scopes, Funds: a.Funds, AllFunds: !a.HasGroups}, c, nil
}
