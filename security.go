package ims

// SecuritySettings are the sign-in rules a SystemAdmin sets for the whole council (SPEC §12).
type SecuritySettings struct {
	// TOTPRequired makes every staff user who signs in with a password use an authenticator app: a
	// user without one sets it up before their first sign-in completes. Single sign-on users are
	// not asked, since the council's identity provider decides their second factor.
	TOTPRequired bool `json:"totp_required"`
	// InactiveDisableDays disables an account that has not signed in for this many days (counted
	// from its creation when it never has); 0 never disables one.
	InactiveDisableDays int `json:"inactive_disable_days"`
}

// MaxInactiveDisableDays bounds InactiveDisableDays at ten years: a larger number is a typing slip.
const MaxInactiveDisableDays = 3650

// DefaultSecuritySettings are the settings until a SystemAdmin changes them: TOTP optional, and
// accounts unused for 90 days disabled, a common audit expectation for finance systems.
func DefaultSecuritySettings() SecuritySettings {
	return SecuritySettings{InactiveDisableDays: 90}
}

// Validate reports every problem with the settings.
func (s SecuritySettings) Validate() error {
	p := Problems{}
	if s.InactiveDisableDays < 0 || s.InactiveDisableDays > MaxInactiveDisableDays {
		p.Add("inactive_disable_days", "Enter a number of days from 1 to %d, or 0 to never disable unused accounts", MaxInactiveDisableDays)
	}
	return p.Err("Security settings are not valid")
}
