package ims

import "testing"

func TestValidUKPostcode(t *testing.T) {
	for _, s := range []string{"SW1A 1AA", "sw1a1aa", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "GIR 0AA", " EC1A 1BB "} {
		if !ValidUKPostcode(s) {
			t.Errorf("%q refused", s)
		}
	}
	for _, s := range []string{"", "SW1A", "12345", "QW1 1AA", "SW1A 1AAA", "SW1A-1AA", "1AA SW1"} {
		if ValidUKPostcode(s) {
			t.Errorf("%q accepted", s)
		}
	}
}
