package psp

import (
	"unicode/utf16"

	"github.com/ims-council/ims/money"
)

// Limits are what a provider accepts in one payment. IMS checks a basket against them before it
// records anything, so a payment the provider would refuse is refused to the person who can correct
// it, naming the limit, instead of failing at the provider as if the provider were down.
type Limits struct {
	// MaxAmount is the largest payment the provider takes; 0 means it states none.
	MaxAmount money.Pence
	// MaxDescription is the longest description the provider takes, in UTF-16 code units (as the
	// Java services of GOV.UK Pay count); 0 means it states none.
	MaxDescription int
}

// DescriptionFits reports whether the provider takes s as a payment's description.
func (l Limits) DescriptionFits(s string) bool {
	if l.MaxDescription == 0 {
		return true
	}
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n <= l.MaxDescription
}
