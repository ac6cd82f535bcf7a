package users_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/mail"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// tokenOf returns the token at the end of an invitation link.
func tokenOf(t *testing.T, link string) string {
	t.Helper()
	token, ok := strings.CutPrefix(link, "https://ims.example.gov.uk"+users.InvitationPath+"?token=")
	if !ok || len(token) < 40 {
		t.Fatalf("invitation link %q", link)
	}
	return token
}

func TestInvitationIsUsedOnceAndExpires(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		r := newAdminRig(t, db)
		policy := auth.DefaultLockoutPolicy()
		u, link, err := r.svc.InviteUser(ctx, r.admin, ims.User{Email: "New.Starter@example.gov.uk", Name: "Nia Starter",
			Roles: []ims.Role{ims.TransactionList}, FundGroups: []string{"housing"}})
		must(t, err)
		token := tokenOf(t, link)

		// Only the token's hash is stored; the outbox holds the email without the link.
		var stored []byte
		must(t, db.SQL.QueryRow(`SELECT token_hash FROM user_invitations WHERE user_id = $1`, u.ID).Scan(&stored))
		if len(stored) != 32 || strings.Contains(string(stored), token) {
			t.Errorf("token stored as %x", stored)
		}
		var to, purpose, payload string
		must(t, db.SQL.QueryRow(`SELECT to_address, purpose, payload FROM email_outbox`).Scan(&to, &purpose, &payload))
		var inv mail.Invitation
		must(t, json.Unmarshal([]byte(payload), &inv))
		if to != "new.starter@example.gov.uk" || purpose != "invitation" || strings.Contains(payload, token) ||
			inv.Name != "Nia Starter" || inv.Reset || !inv.Expires.Equal(db.Now().Add(7*24*time.Hour)) {
			t.Errorf("outbox: %s %s %s", to, purpose, payload)
		}
		d, err := r.svc.User(ctx, r.admin, u.ID)
		must(t, err)
		if d.Invitation == nil || d.Invitation.Reset || !d.Invitation.Expires.Equal(db.Now().Add(7*24*time.Hour)) {
			t.Errorf("the user's pending invitation: %+v", d.Invitation)
		}

		// Until the invitation is accepted nobody can sign in, whatever they try.
		for _, pw := range []string{"", token, link} {
			if _, err := r.svc.Authenticate(ctx, u.Email, pw, policy); ims.ErrorCode(err) != ims.Unauthorized {
				t.Errorf("signed in with %q before accepting: %v", pw, err)
			}
		}
		got, err := r.svc.Invitation(ctx, token)
		if err != nil || got.Email != u.Email || got.Name != "Nia Starter" || got.Reset {
			t.Fatalf("Invitation: %+v, %v", got, err)
		}
		// A password the rules refuse leaves the link working.
		if err := r.svc.AcceptInvitation(ctx, token, "password1"); ims.ErrorFields(err)["password"] == "" {
			t.Errorf("a common password was accepted: %v", err)
		}
		if err := r.svc.AcceptInvitation(ctx, token, "nia starter plus more"); ims.ErrorFields(err)["password"] == "" {
			t.Errorf("a password holding the user's name was accepted: %v", err)
		}
		must(t, r.svc.AcceptInvitation(ctx, token, "the chosen passphrase"))
		p, err := r.svc.Authenticate(ctx, u.Email, "the chosen passphrase", policy)
		if err != nil || p.UserID != u.ID || !p.HasRole(ims.TransactionList) {
			t.Fatalf("sign-in after accepting: %+v %v", p, err)
		}
		// Single use.
		if err := r.svc.AcceptInvitation(ctx, token, "someone else's passphrase"); ims.ErrorCode(err) != ims.NotFound ||
			!strings.Contains(ims.ErrorMessage(err), "expired or has already been used") {
			t.Errorf("a used invitation was accepted again: %v", err)
		}
		if _, err := r.svc.Authenticate(ctx, u.Email, "the chosen passphrase", policy); err != nil {
			t.Errorf("the chosen password stopped working: %v", err)
		}
		if e := lastAudit(t, db, "user", u.ID); e.Action != "login" {
			t.Errorf("last audit %s", e.Action)
		}
		if _, err := r.svc.ResendInvitation(ctx, r.admin, u.ID); ims.ErrorCode(err) != ims.Conflict {
			t.Errorf("re-sent an accepted invitation: %v", err)
		}

		// Expiry: a link works until seven days after it was sent.
		v, link2, err := r.svc.InviteUser(ctx, r.admin, ims.User{Email: "late@example.gov.uk", Name: "Lee Late"})
		must(t, err)
		db.Clock.(*sqldbtest.Clock).Advance(7*24*time.Hour - time.Second)
		if _, err := r.svc.Invitation(ctx, tokenOf(t, link2)); err != nil {
			t.Errorf("an invitation a second before it expires: %v", err)
		}
		db.Clock.(*sqldbtest.Clock).Advance(time.Second)
		if err := r.svc.AcceptInvitation(ctx, tokenOf(t, link2), "the chosen passphrase"); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("an expired invitation was accepted: %v", err)
		}
		// Re-sending gives a new link, and the old one stops working.
		link3, err := r.svc.ResendInvitation(ctx, r.admin, v.ID)
		must(t, err)
		link4, err := r.svc.ResendInvitation(ctx, r.admin, v.ID)
		must(t, err)
		if _, err := r.svc.Invitation(ctx, tokenOf(t, link3)); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("a replaced invitation still works: %v", err)
		}
		// A disabled user's link does not work, and works again once they are enabled.
		must(t, r.svc.SetDisabled(ctx, r.admin, v.ID, true))
		if err := r.svc.AcceptInvitation(ctx, tokenOf(t, link4), "the chosen passphrase"); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("a disabled user accepted an invitation: %v", err)
		}
		must(t, r.svc.SetDisabled(ctx, r.admin, v.ID, false))
		must(t, r.svc.AcceptInvitation(ctx, tokenOf(t, link4), "the chosen passphrase"))
		if _, err := r.svc.Invitation(ctx, "not-a-token"); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("an unknown token: %v", err)
		}
		var emails int
		must(t, db.SQL.QueryRow(`SELECT COUNT(*) FROM email_outbox WHERE purpose = 'invitation'`).Scan(&emails))
		if emails != 4 {
			t.Errorf("%d invitation emails in the outbox, want 4", emails)
		}
		if _, _, err := r.svc.InviteUser(ctx, ims.Principal{UserID: 70, Roles: []ims.Role{ims.SystemAdmin}}, ims.User{Email: "x@example.gov.uk", Name: "X"}); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("invited without UserAdmin: %v", err)
		}
		if _, _, err := r.svc.InviteUser(ctx, r.admin, ims.User{Email: "LATE@example.gov.uk", Name: "Again"}); ims.ErrorFields(err)["email"] == "" {
			t.Errorf("invited an existing email: %v", err)
		}
	})
}

func TestResetPasswordStopsTheOldPassword(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		r := newAdminRig(t, db)
		policy := auth.DefaultLockoutPolicy()
		const pw = "a long enough passphrase"
		u, err := r.svc.CreateUser(ctx, r.admin, ims.User{Email: "pat@example.gov.uk", Name: "Pat"}, pw, cheap)
		must(t, err)
		link, err := r.svc.ResetPassword(ctx, r.admin, u.ID)
		must(t, err)
		if _, err := r.svc.Authenticate(ctx, u.Email, pw, policy); ims.ErrorCode(err) != ims.Unauthorized {
			t.Errorf("the old password works after a reset: %v", err)
		}
		got, err := r.svc.Invitation(ctx, tokenOf(t, link))
		if err != nil || !got.Reset {
			t.Errorf("reset link: %+v %v", got, err)
		}
		var payload string
		must(t, db.SQL.QueryRow(`SELECT payload FROM email_outbox WHERE to_address = $1`, u.Email).Scan(&payload))
		if !strings.Contains(payload, `"reset":true`) {
			t.Errorf("reset email payload %s", payload)
		}
		must(t, r.svc.AcceptInvitation(ctx, tokenOf(t, link), "the new passphrase"))
		if _, err := r.svc.Authenticate(ctx, u.Email, "the new passphrase", policy); err != nil {
			t.Errorf("the new password: %v", err)
		}
		var actions []string
		events, err := r.svc.DB.SQL.Query(`SELECT action, actor FROM audit_events WHERE entity = 'user' AND entity_id = $1 ORDER BY id`, fmt.Sprint(u.ID))
		must(t, err)
		defer events.Close()
		for events.Next() {
			var a, actor string
			must(t, events.Scan(&a, &actor))
			actions = append(actions, a+" by "+actor)
		}
		want := fmt.Sprintf("[create by %[1]s reset_password by %[1]s send_reset by %[1]s login_failed by user:%[2]d accept_reset by user:%[2]d login by user:%[2]d]", r.admin.Actor(), u.ID)
		if fmt.Sprint(actions) != want {
			t.Errorf("audited %v\nwant %s", actions, want)
		}
	})
}
