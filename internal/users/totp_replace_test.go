package users_test

import (
	"context"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth/totp"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// A signed-in user moves to a new app by proving they hold the old one (a code, or a recovery
// code) and the new one (its first code); the old app and its recovery codes then sign in no more.
func TestReplaceTOTP(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		r := newSignInRig(t, db)
		id := r.user(t, "fin@example.gov.uk")
		me := ims.Principal{UserID: id}
		oldSecret, oldRecovery := r.enrol(t, id)
		e, err := r.svc.BeginTOTP(ctx, id)
		must(t, err)
		r.clock.Advance(totp.Period)
		oldCode, newCode := r.code(t, oldSecret), r.code(t, e.Secret)
		wrong := "000000"
		if oldCode == wrong {
			wrong = "111111"
		}

		if _, err := r.svc.ReplaceTOTP(ctx, ims.Principal{UserID: id + 1}, id, oldCode, e.Secret, newCode, r.policy); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("someone else replaced the app: %v; want Forbidden", err)
		}
		for _, c := range []struct{ name, current, next, field string }{
			{"a current code that cannot be one", "12", newCode, "current_code"},
			{"a wrong current code", wrong, newCode, "current_code"},
			{"a wrong code of the new app", oldCode, "not a code", "code"},
		} {
			_, err := r.svc.ReplaceTOTP(ctx, me, id, c.current, e.Secret, c.next, r.policy)
			if ims.ErrorCode(err) != ims.Invalid || ims.ErrorFields(err)[c.field] == "" {
				t.Errorf("%s: %v; want Invalid on %s", c.name, err, c.field)
			}
		}
		codes, err := r.svc.ReplaceTOTP(ctx, me, id, oldCode, e.Secret, newCode, r.policy)
		if err != nil || len(codes) != 10 {
			t.Fatalf("replacing the app: %d codes, %v", len(codes), err)
		}
		r.clock.Advance(totp.Period)
		if _, err := r.svc.SignInWithCode(ctx, id, r.code(t, oldSecret), r.policy); ims.ErrorCode(err) != ims.Unauthorized {
			t.Errorf("the old app still signs in: %v", err)
		}
		if _, err := r.svc.SignInWithCode(ctx, id, oldRecovery[0], r.policy); ims.ErrorCode(err) != ims.Unauthorized {
			t.Errorf("an old recovery code still signs in: %v", err)
		}
		if _, err := r.svc.SignInWithCode(ctx, id, r.code(t, e.Secret), r.policy); err != nil {
			t.Errorf("the new app: %v", err)
		}
		// A lost phone: a recovery code stands for the old app.
		third, err := r.svc.BeginTOTP(ctx, id)
		must(t, err)
		if _, err := r.svc.ReplaceTOTP(ctx, me, id, codes[0], third.Secret, r.code(t, third.Secret), r.policy); err != nil {
			t.Errorf("replacing with a recovery code: %v", err)
		}
		want := `create totp_enrolled{"recovery_codes":10} login_failed{"reason":"code"} totp_replaced{"recovery_codes":10} ` +
			`login_failed{"reason":"code"} login_failed{"reason":"code"} login{"factor":"totp"} totp_replaced{"recovery_codes":10}`
		if got := auditActions(t, db); got != want {
			t.Errorf("audited %s\nwant    %s", got, want)
		}
	})
}
