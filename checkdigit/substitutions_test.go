package checkdigit

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"
)

func TestParseSubstitutions(t *testing.T) {
	tests := []struct {
		text string
		want Substitutions
	}{
		{"10:Z,11:0", Substitutions{10: "Z", 11: "0"}},
		{" 10 : z , 11:0 ", Substitutions{10: "z", 11: "0"}},
		{"10:A", Substitutions{10: "A"}},
		{"", Substitutions{}},
	}
	for _, tt := range tests {
		got, err := ParseSubstitutions(tt.text)
		if err != nil {
			t.Errorf("ParseSubstitutions(%q): %v", tt.text, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseSubstitutions(%q) (-want +got):\n%s", tt.text, diff)
		}
	}
}

func TestParseSubstitutionsRejectsBadText(t *testing.T) {
	for _, text := range []string{"10", "10=Z", "X:Z", "-1:Z", "10:", "10:ZZ", "10:%", "10:Z,10:A", "10:Z,", ",10:Z"} {
		if got, err := ParseSubstitutions(text); err == nil {
			t.Errorf("ParseSubstitutions(%q) = %v, want an error", text, got)
		}
	}
}

func TestSubstitutionsString(t *testing.T) {
	if got := (Substitutions{11: "0", 10: "Z"}).String(); got != "10:Z,11:0" {
		t.Errorf("String() = %q, want %q", got, "10:Z,11:0")
	}
}

// A council keeps its schemes in a YAML file and may write substitutions either way.
const demoSchemesYAML = `
- name: Parking
  type: weighted_sum
  modulus: 11
  source_substitution: "05"
  weights: [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]
  result_substitutions: "10:A"
- name: Fixed penalty
  type: weighted_sum
  modulus: 11
  source_substitution: "12"
  weights: [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]
  result_substitutions: {10: A}
- name: Council tax
  type: weighted_sum
  modulus: 10
  weights: [3, 7, 1, 3, 7, 1, 3, 7, 0]
  result_substitutions: "10:0"
  subtract: true
- name: Housing rents
  type: weighted_sum
  modulus: 10
  weights: [0, 0, 9, 7, 1, 4, 6, 3, 2, 8, 0]
  result_substitutions: {10: "0"}
  subtract: true
- name: Library
  type: dynix
  modulus: 10
  weights: [2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0]
  result_substitutions: "10:0"
`

func TestSchemesFromYAML(t *testing.T) {
	var got []Scheme
	if err := yaml.Unmarshal([]byte(demoSchemesYAML), &got); err != nil {
		t.Fatal(err)
	}
	want := []Scheme{parking, fixedPenalty, councilTax, housingRents, library}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("decoded schemes (-want +got):\n%s", diff)
	}
	out, err := yaml.Marshal(got[0])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "result_substitutions: 10:A") {
		t.Errorf("marshalled YAML does not use the textual form:\n%s", out)
	}
	if err := yaml.Unmarshal([]byte("result_substitutions: \"10:ZZ\""), new(Scheme)); err == nil {
		t.Error("YAML with a bad substitution text decoded without error")
	}
}

func TestSchemeJSON(t *testing.T) {
	for _, in := range []string{
		`{"name":"Parking","type":"weighted_sum","modulus":11,"weights":[9,8,7,6,5,4,3,2,1,0],"source_substitution":"05","result_substitutions":"10:A"}`,
		`{"name":"Parking","type":"weighted_sum","modulus":11,"weights":[9,8,7,6,5,4,3,2,1,0],"source_substitution":"05","result_substitutions":{"10":"A"}}`,
	} {
		var got Scheme
		if err := json.Unmarshal([]byte(in), &got); err != nil {
			t.Fatalf("Unmarshal(%s): %v", in, err)
		}
		if diff := cmp.Diff(parking, got); diff != "" {
			t.Errorf("Unmarshal(%s) (-want +got):\n%s", in, diff)
		}
	}
	out, err := json.Marshal(parking)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"result_substitutions":"10:A"`) {
		t.Errorf("Marshal = %s, want the textual form of the substitutions", out)
	}
	if err := json.Unmarshal([]byte(`{"result_substitutions":[1]}`), new(Scheme)); err == nil {
		t.Error("JSON with an array of substitutions decoded without error")
	}
}
