package checkdigit

import "testing"

func TestMatchMaskSpecVectors(t *testing.T) {
	tests := []struct {
		mask, ref string
		want      bool
	}{
		{"$", "A", true}, {"#", "1", true}, {"?", "A", true}, {"?", "1", true},
		{"*", "A", true}, {"*", "1", true}, {"*", " ", true}, {"*", "/", true}, {"*", "-", true},
		{"A", "A", true}, {"1", "1", true},
		{"$", "1", false}, {"$", " ", false}, {"#", "A", false}, {"?", "#", false}, {"?", " ", false},
		{"*", "#", false}, {"*", "%", false}, {"*", ".", false}, {"A", "B", false}, {"1", "A", false},
	}
	for _, tt := range tests {
		if got := MatchMask(tt.mask, tt.ref); got != tt.want {
			t.Errorf("MatchMask(%q, %q) = %v, want %v", tt.mask, tt.ref, got, tt.want)
		}
	}
}

func TestMatchMaskWholeReferences(t *testing.T) {
	tests := []struct {
		mask, ref string
		want      bool
	}{
		{"BJ#######@", "BJ99518409", true},
		{"BJ#######@", "bj9951434a", true}, // compared upper-cased
		{"bj#######@", "BJ9951434A", true},
		{"BJ#######@", "BJ995184091", false}, // longer than the mask
		{"BJ#######@", "BJ9951840", false},   // shorter: a mask describes the whole reference
		{"BJ#######@", "BK99518409", false},
		{"BJ#######@", "BJ9951840-", false}, // the check position takes only a letter or digit
		{"FP#######@", "AB12345678", false}, // the spec's fixed penalty vector
		{"FP#######@", "FP2000012A", true},
		{"########@", "12345678X", true},
		{"########@", "1234567 8", false},
		{"$$ ##/*", "AB 12/-", true},
		{"#", "١", false}, // an Arabic-Indic digit is not an ASCII digit
		{"$", "É", false},
		{"", "", true},
		{"", "A", false},
	}
	for _, tt := range tests {
		if got := MatchMask(tt.mask, tt.ref); got != tt.want {
			t.Errorf("MatchMask(%q, %q) = %v, want %v", tt.mask, tt.ref, got, tt.want)
		}
	}
}
