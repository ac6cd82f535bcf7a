package accountholdercsv

import (
	"bytes"
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/ims-council/ims"
)

// FuzzParse checks that no input makes Parse panic, that failures are ims.ParseErrors within the
// cap, and that every holder delivered has a reference and valid UTF-8, in line order.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"reference,fund,name,address1,address2,address3,address4,postcode,balance,stop_message\r\n500012345,23,Mrs A Smith,\"Flat 2, 1 High St\",,Anytown,,AB1 2CD,\xA31234.56,\r\n",
		"\xEF\xBB\xBFreference,fund\n,23\nR2,\n",
		"reference,fund,balance\nR1,23,1.001\nR2,23,\"1,000.00\"\n",
		"reference\n\"R1\n",
		"",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		prev := 0
		err := Parse(bytes.NewReader(data), DefaultColumns(), func(h Holder) error {
			if h.Line <= prev || h.Reference == "" || h.Fund == "" {
				t.Errorf("holder %+v after line %d", h, prev)
			}
			prev = h.Line
			for _, s := range append([]string{h.Reference, h.Fund, h.Name, h.Postcode, h.StopMessage}, h.Address...) {
				if !utf8.ValidString(s) {
					t.Errorf("line %d: invalid UTF-8 %q", h.Line, s)
				}
			}
			for _, a := range h.Address {
				if a == "" {
					t.Errorf("line %d: a blank address line was kept", h.Line)
				}
			}
			return nil
		})
		if err != nil {
			var pes ims.ParseErrors
			if !errors.As(err, &pes) || len(pes) == 0 || len(pes) > ims.MaxParseErrors {
				t.Fatalf("Parse returned %T %v", err, err)
			}
			for _, pe := range pes {
				if !utf8.ValidString(pe.Error()) {
					t.Errorf("error is not valid UTF-8: %q", pe.Error())
				}
			}
		}
	})
}
