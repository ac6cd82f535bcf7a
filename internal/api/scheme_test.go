package api_test

import (
	"testing"

	"github.com/ims-council/ims/checkdigit"
)

func parkingScheme(t *testing.T) []checkdigit.Scheme {
	subs, err := checkdigit.ParseSubstitutions("10:A")
	if err != nil {
		t.Fatal(err)
	}
	return []checkdigit.Scheme{{Name: "parking", Type: checkdigit.WeightedSum, Modulus: 11, SourceSubstitution: "05",
		Weights: []int{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, ResultSubstitutions: subs}}
}
