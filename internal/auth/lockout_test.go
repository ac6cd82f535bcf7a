package auth

import (
	"testing"
	"time"
)

func TestLockoutPolicy(t *testing.T) {
	last := time.Date(2025, 3, 30, 0, 59, 0, 0, time.UTC)
	policy := LockoutPolicy{MaxFailures: 5, LockFor: 15 * time.Minute}
	tests := []struct {
		name       string
		policy     LockoutPolicy
		failures   int
		now        time.Time
		wantLocked bool
		wantUntil  time.Time
	}{
		{"below the limit", policy, 4, last, false, time.Time{}},
		{"at the limit", policy, 5, last, true, last.Add(15 * time.Minute)},
		{"above the limit", policy, 9, last.Add(time.Minute), true, last.Add(15 * time.Minute)},
		{"just before the lock ends", policy, 5, last.Add(15*time.Minute - time.Nanosecond), true, last.Add(15 * time.Minute)},
		{"when the lock ends", policy, 5, last.Add(15 * time.Minute), false, time.Time{}},
		{"long after", policy, 50, last.Add(24 * time.Hour), false, time.Time{}},
		{"clock of another instance behind", policy, 5, last.Add(-time.Minute), true, last.Add(15 * time.Minute)},
		{"lockout off", LockoutPolicy{MaxFailures: 0, LockFor: time.Hour}, 1000, last, false, time.Time{}},
		{"until an administrator unlocks", LockoutPolicy{MaxFailures: 3}, 3, last.Add(365 * 24 * time.Hour), true, time.Time{}},
	}
	for _, tt := range tests {
		locked, until := tt.policy.Locked(tt.failures, last, tt.now)
		if locked != tt.wantLocked || !until.Equal(tt.wantUntil) {
			t.Errorf("%s: Locked(%d, last, now) = %v, %v; want %v, %v",
				tt.name, tt.failures, locked, until, tt.wantLocked, tt.wantUntil)
		}
	}
}

func TestDefaultLockoutPolicyLocksAfterTenFailures(t *testing.T) {
	p := DefaultLockoutPolicy()
	now := time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)
	if locked, _ := p.Locked(9, now, now); locked {
		t.Error("locked after 9 failures")
	}
	if locked, until := p.Locked(10, now, now); !locked || until.Sub(now) != 15*time.Minute {
		t.Errorf("after 10 failures: locked %v until %v; want locked for 15 minutes", locked, until)
	}
}
