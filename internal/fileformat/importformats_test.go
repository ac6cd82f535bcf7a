package fileformat

import (
	"slices"
	"testing"

	"github.com/ims-council/ims"
)

// An import type names its format from ims.ImportFormats, which the domain package keeps because it
// cannot import this registry: every format here must be there and nothing else, or an import type
// could name a format no parser reads, or a new format could not be imported.
func TestImportFormatsNameEveryFormat(t *testing.T) {
	got, want := slices.Sorted(slices.Values(ims.ImportFormats())), slices.Sorted(slices.Values(Names()))
	if !slices.Equal(got, want) {
		t.Errorf("ims.ImportFormats() = %v; the registry's formats are %v", got, want)
	}
	if !slices.Contains(Names(), ims.FormatBankCSV) || !slices.Contains(Names(), ims.FormatAllpay) {
		t.Errorf("ims.FormatBankCSV %q or ims.FormatAllpay %q is not a format name", ims.FormatBankCSV, ims.FormatAllpay)
	}
}
