package auth

import "time"

// LockoutPolicy says when repeated failed sign-ins lock a local account: after MaxFailures failures
// in a row the account is locked for LockFor from the last failure. MaxFailures of zero or less turns
// lockout off; LockFor of zero or less keeps the account locked until an administrator unlocks it.
//
// The caller counts consecutive failures and resets the count on a successful sign-in or an unlock.
// It counts each attempt before checking its password, in the same step as checking the lock, so
// that guesses sent at once cannot all be checked against a count none of them has added to yet.
// A failure after a lock has expired locks the account again at once, so once an attacker reaches the
// limit they get one guess per LockFor, while the real user, who signs in successfully, is reset.
type LockoutPolicy struct {
	MaxFailures int
	LockFor     time.Duration
}

// DefaultLockoutPolicy returns 10 failures and a 15-minute lock. NCSC guidance suggests allowing
// about 10 attempts: enough that people who mistype are not locked out, with rate limits on the
// sign-in page and the deny list of common passwords doing the rest.
func DefaultLockoutPolicy() LockoutPolicy {
	return LockoutPolicy{MaxFailures: 10, LockFor: 15 * time.Minute}
}

// Locked reports whether an account with failures consecutive failed sign-ins, the last at
// lastFailure, is locked at now, and until when. until is the zero time when the account is not
// locked or stays locked until an administrator unlocks it; locked tells the two apart.
func (p LockoutPolicy) Locked(failures int, lastFailure, now time.Time) (locked bool, until time.Time) {
	if p.MaxFailures <= 0 || failures < p.MaxFailures {
		return false, time.Time{}
	}
	if p.LockFor <= 0 {
		return true, time.Time{}
	}
	until = lastFailure.Add(p.LockFor)
	if !now.Before(until) {
		return false, time.Time{}
	}
	return true, until
}
