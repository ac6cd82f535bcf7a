package bankcsv

import (
	"slices"
	"testing"

	"github.com/ims-council/ims"
)

// An import type names its bank CSV profile from ims.BankCSVProfiles, which the domain package keeps
// because it cannot import this one: the two lists must agree, or an import type could name a
// profile that does not exist, or not name one that does.
func TestImportTypesCanNameEveryBuiltinProfile(t *testing.T) {
	var names []string
	for _, p := range Builtin() {
		names = append(names, p.Name)
	}
	if got := ims.BankCSVProfiles(); !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(names))) {
		t.Errorf("ims.BankCSVProfiles() = %v; the built-in profiles are %v", got, names)
	}
}
