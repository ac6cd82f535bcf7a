package users

import (
	"context"
	cryptorand "crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/mail"
	"github.com/ims-council/ims/internal/sqldb"
)

// InvitationLifetime is how long an invitation or password reset link works.
const InvitationLifetime = 7 * 24 * time.Hour

// InvitationPath is where invitation links point, below IMS_BASE_URL. The token follows in the
// query string ("?token=…"), not in the path: the access log records paths and never query
// strings, which is how IMS keeps secrets in links (like a receipt's signature) out of its logs.
const InvitationPath = "/admin/invitation"

// invalidInvitation is the one answer for a link that is unknown, used, replaced or expired, or
// whose user is disabled: the page says what to do next without telling which.
// (A function, not a variable: callers' ims.Wrap writes into the error.)
func invalidInvitation() error {
	return ims.Errorf(ims.NotFound, "This link has expired or has already been used. Ask your user administrator to send you a new one.")
}

// An Invited user is the account an invitation link is for, as the page that accepts it shows.
type Invited struct {
	Name, Email string
	Reset       bool // the link resets a password rather than sets the first
	Expires     time.Time
}

// InviteUser creates a staff account without a password and emails its user a link to choose one,
// which works once, for InvitationLifetime. It needs the UserAdmin role. The account, its audit row,
// the invitation and the email's job commit together. link is returned for the caller's own use
// (tests; the page does not show it): only its hash is stored.
func (s *Service) InviteUser(ctx context.Context, p ims.Principal, u ims.User) (created ims.User, link string, err error) {
	defer ims.Wrap(&err, "InviteUser(%q)", u.Email)
	if err := p.Require(ims.UserAdmin); err != nil {
		return created, "", err
	}
	u.Email = ims.NormalizeEmail(u.Email)
	u.Roles, u.FundGroups, u.MOPs = sortedRoles(u.Roles), sortedCodes(u.FundGroups), sortedCodes(u.MOPs)
	if err := u.Validate(); err != nil {
		return created, "", err
	}
	hash, err := s.unusablePassword()
	if err != nil {
		return created, "", err
	}
	token, err := newInvitationToken(s.DB.Rand)
	if err != nil {
		return created, "", err
	}
	u.CreatedAt = s.now()
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		id, inserted, err := tx.InsertUser(ctx, u, hash)
		if err != nil {
			return err
		}
		if !inserted {
			return ims.FieldError("email", "A user with email %s already exists", u.Email)
		}
		u.ID = id
		if err := tx.Audit(ctx, p, "create", "user", fmt.Sprint(id), nil, u); err != nil {
			return err
		}
		return s.sendLink(ctx, tx, p, u, "invitation", token)
	})
	return u, s.link(token), err
}

// ResendInvitation sends user id a new invitation link, when the link they were sent has not been
// used; the old link stops working. It needs the UserAdmin role. A user who has chosen their
// password needs ResetPassword instead, which makes their password stop working.
func (s *Service) ResendInvitation(ctx context.Context, p ims.Principal, id int64) (link string, err error) {
	defer ims.Wrap(&err, "ResendInvitation(%d)", id)
	if err := p.Require(ims.UserAdmin); err != nil {
		return "", err
	}
	token, err := newInvitationToken(s.DB.Rand)
	if err != nil {
		return "", err
	}
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		u, err := tx.UserByID(ctx, id)
		if err != nil {
			return err
		}
		pending, found, err := tx.PendingInvitation(ctx, id)
		if err != nil {
			return err
		}
		if !found {
			return ims.Errorf(ims.Conflict, "%s has no invitation waiting to be used. To let them choose a new password, reset it.", u.Name)
		}
		if u.Disabled {
			return ims.Errorf(ims.Conflict, "%s is disabled. Enable the account before sending an invitation.", u.Name)
		}
		return s.sendLink(ctx, tx, p, u, pending.Purpose, token)
	})
	return s.link(token), err
}

// ResetPassword makes user id's password stop working at once and emails them a link to choose a
// new one (see InviteUser). It needs the UserAdmin role. (SetPassword sets one instead.)
func (s *Service) ResetPassword(ctx context.Context, p ims.Principal, id int64) (link string, err error) {
	defer ims.Wrap(&err, "ResetPassword(%d)", id)
	if err := p.Require(ims.UserAdmin); err != nil {
		return "", err
	}
	hash, err := s.unusablePassword()
	if err != nil {
		return "", err
	}
	token, err := newInvitationToken(s.DB.Rand)
	if err != nil {
		return "", err
	}
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		u, err := tx.UserByID(ctx, id)
		if err != nil {
			return err
		}
		if u.Disabled {
			return ims.Errorf(ims.Conflict, "%s is disabled. Enable the account before resetting its password.", u.Name)
		}
		if err := tx.SetPasswordHash(ctx, id, hash); err != nil {
			return err
		}
		if err := tx.Audit(ctx, p, "reset_password", "user", fmt.Sprint(id), nil, nil); err != nil {
			return err
		}
		return s.sendLink(ctx, tx, p, u, "reset", token)
	})
	return s.link(token), err
}

// sendLink records a new link for u (replacing any not used yet), audits that it was sent, and puts
// its email in the outbox with the job that sends it, all in tx.
func (s *Service) sendLink(ctx context.Context, tx *sqldb.Tx, p ims.Principal, u ims.User, purpose, token string) error {
	now := s.now()
	inv := sqldb.Invitation{UserID: u.ID, Purpose: purpose, CreatedAt: now, ExpiresAt: now.Add(InvitationLifetime)}
	invID, err := tx.InsertInvitation(ctx, inv, hashInvitationToken(token))
	if err != nil {
		return err
	}
	payload, err := json.Marshal(mail.Invitation{Name: u.Name, Email: u.Email, Reset: purpose == "reset", Expires: inv.ExpiresAt})
	if err != nil {
		return err
	}
	ref := fmt.Sprint(invID)
	if _, err := tx.QueueInvitationEmail(ctx, sqldb.Email{To: u.Email, Purpose: "invitation", Ref: ref, Payload: string(payload)}, s.link(token)); err != nil {
		return err
	}
	return tx.Audit(ctx, p, "send_"+purpose, "user", fmt.Sprint(u.ID), nil,
		map[string]any{"invitation": invID, "expires_at": inv.ExpiresAt})
}

// Invitation returns the account an invitation link is for, when the link still works, and
// otherwise a NotFound error saying to ask for a new one. Anyone holding the link may ask.
func (s *Service) Invitation(ctx context.Context, token string) (inv Invited, err error) {
	defer ims.Wrap(&err, "Invitation")
	stored, found, err := s.DB.InvitationByToken(ctx, hashInvitationToken(token))
	if err != nil {
		return inv, err
	}
	if !found || stored.UsedAt != nil || !s.now().Before(stored.ExpiresAt) {
		return inv, invalidInvitation()
	}
	u, err := s.DB.UserByID(ctx, stored.UserID)
	if err != nil {
		return inv, err
	}
	if u.Disabled {
		return inv, invalidInvitation()
	}
	return Invited{Name: u.Name, Email: u.Email, Reset: stored.Purpose == "reset", Expires: stored.ExpiresAt}, nil
}

// AcceptInvitation sets the password of the account an invitation link is for, under the password
// rules, and uses the link up: it works once. The user then signs in as usual. A link that does not
// work gives the NotFound error of Invitation; a password the rules refuse, an Invalid error on the
// field "password" (and the link still works).
func (s *Service) AcceptInvitation(ctx context.Context, token, password string) (err error) {
	defer ims.Wrap(&err, "AcceptInvitation")
	inv, err := s.Invitation(ctx, token)
	if err != nil {
		return err
	}
	if err := auth.CheckPasswordRules(password, inv.Email, inv.Name); err != nil {
		return err
	}
	hash, err := auth.HashPassword(password, s.params(), s.DB.Rand)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		used, ok, err := tx.UseInvitation(ctx, hashInvitationToken(token), s.now())
		if err != nil {
			return err
		}
		if !ok {
			return invalidInvitation() // used or expired since it was read
		}
		if err := tx.SetPasswordHash(ctx, used.UserID, hash); err != nil {
			return err
		}
		u, err := tx.UserByID(ctx, used.UserID)
		if err != nil {
			return err
		}
		actor := ims.Principal{UserID: u.ID, Name: u.Name}
		return tx.Audit(ctx, actor, "accept_"+used.Purpose, "user", fmt.Sprint(u.ID), nil, map[string]any{"invitation": used.ID})
	})
}

// link is the address an invitation token is used at.
func (s *Service) link(token string) string {
	return strings.TrimRight(s.BaseURL, "/") + InvitationPath + "?token=" + url.QueryEscape(token)
}

// newInvitationToken returns 256 random bits, written for a URL.
func newInvitationToken(rand io.Reader) (string, error) {
	b := make([]byte, 32)
	if rand == nil {
		rand = cryptorand.Reader
	}
	if _, err := io.ReadFull(rand, b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// hashInvitationToken is how a token is stored and looked up: SHA-256, fast and unsalted, which is
// enough for 256 random bits (see auth.HashToken).
func hashInvitationToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}
